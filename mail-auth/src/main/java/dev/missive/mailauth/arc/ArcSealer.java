package dev.missive.mailauth.arc;

import dev.missive.mailauth.arc.ArcSeal.ChainValidation;
import dev.missive.mailauth.dkim.DkimAlgorithm;
import dev.missive.mailauth.dkim.DkimSigner;
import dev.missive.mailauth.dkim.DkimSigningKey;
import dev.missive.mailauth.internal.BodyHasher;
import dev.missive.mailauth.internal.FieldFolder;
import dev.missive.mailauth.internal.MessageHeadReader;
import dev.missive.mailauth.internal.SignatureCrypto;
import dev.missive.mailauth.internal.SignatureFieldWriter;
import dev.missive.mailauth.internal.SignedFields;
import dev.missive.mailauth.results.AuthenticationResults;
import dev.missive.mailauth.results.MethodResult;
import dev.missive.message.header.HeaderField;
import dev.missive.message.stream.ParserOptions;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Adds an ARC set to a message as a forwarder or mailing list does (RFC 8617 §5.1): fed the message in chunks,
 * it reads the header and hashes the body (relaxed); {@link #seal} then gives the ARC-Seal,
 * ARC-Message-Signature and ARC-Authentication-Results fields, in the order to put on top of the message.
 * <pre>{@code
 * ArcSealer sealer = new ArcSealer(key, ArcSealer.Options.DEFAULT);
 * sealer.feed(ByteBuffer.wrap(message));
 * sealer.end();
 * List<HeaderField> set = sealer.seal(arcResult, AuthenticationResults.of("list.example.org", results));
 * }</pre>
 * The seal's {@code cv=} is the chain validation result the host found ({@link ArcVerifier}); a failed chain is
 * sealed over the new set only. No set is added (the list is empty) when the chain already ended in
 * {@code cv=fail} or already has 50 sets (RFC 8617 §4.2.1). Not thread-safe: one sealer per message.
 */
public final class ArcSealer {

  /**
   * How a sealer signs.
   *
   * @param headers  the names of the fields the ARC-Message-Signature signs (never ARC-Seal, §4.1.2)
   * @param overSign whether to list each name once more than it occurs
   * @param clock    the time of {@code t=}
   * @param parser   the streaming parser's options
   */
  public record Options(List<String> headers, boolean overSign, Clock clock, ParserOptions parser) {

    /** DKIM's default fields and DKIM-Signature, over-signed, the system clock. */
    public static final Options DEFAULT = new Options(defaultHeaders(), true, Clock.systemUTC(),
        ParserOptions.DEFAULT);

    /**
     * Checks the values.
     *
     * @param headers  the names of the fields to sign
     * @param overSign whether to over-sign
     * @param clock    the time of {@code t=}
     * @param parser   the streaming parser's options
     */
    public Options {
      headers = List.copyOf(headers);
      if (headers.stream().anyMatch(h -> h.equalsIgnoreCase(ArcSeal.FIELD_NAME))) {
        throw new IllegalArgumentException("the ARC-Message-Signature must not sign ARC-Seal (RFC 8617 §4.1.2)");
      }
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(parser, "parser");
    }

    /**
     * A copy with another clock.
     *
     * @param c the time of {@code t=}
     * @return a copy with that value
     */
    public Options withClock(Clock c) {
      return new Options(headers, overSign, c, parser);
    }

    private static List<String> defaultHeaders() {
      List<String> h = new ArrayList<>(DkimSigner.DEFAULT_HEADERS);
      h.add("DKIM-Signature");
      return h;
    }
  }

  private final DkimSigningKey key;
  private final Options options;
  private final BodyHasher hasher = new BodyHasher(true, -1);
  private final MessageHeadReader reader;
  private byte[] bodyHash;
  private boolean ended;

  /**
   * A sealer for one message.
   *
   * @param key     the sealing key, its domain and selector
   * @param options how it signs
   */
  public ArcSealer(DkimSigningKey key, Options options) {
    this.key = Objects.requireNonNull(key, "key");
    this.options = Objects.requireNonNull(options, "options");
    this.reader = new MessageHeadReader(options.parser(), hasher::update);
  }

  /**
   * Takes the next chunk of the message, all of it.
   *
   * @param chunk the bytes
   * @throws IllegalStateException after {@link #end()}
   */
  public void feed(ByteBuffer chunk) {
    if (ended) {
      throw new IllegalStateException("feed after end");
    }
    reader.feed(chunk);
  }

  /** Declares the message complete. */
  public void end() {
    if (!ended) {
      ended = true;
      reader.end();
      bodyHash = hasher.finish();
    }
  }

  /**
   * Makes the next ARC set (RFC 8617 §5.1).
   *
   * @param validation the chain validation of the message as received (the new seal's {@code cv=})
   * @param results    what this host found; an {@code arc} result is added from {@code validation} if absent
   * @return ARC-Seal, ARC-Message-Signature and ARC-Authentication-Results, to prepend in this order; empty when
   *         the chain cannot be extended
   * @throws IllegalStateException before {@link #end()}, or if the key cannot sign
   */
  public List<HeaderField> seal(ArcResult validation, AuthenticationResults results) {
    if (!ended) {
      throw new IllegalStateException("seal before end");
    }
    List<HeaderField> fields = reader.fields();
    ArcChain.Read chain = ArcChain.read(fields, ArcInstances.MAX);
    List<ArcSet> earlier = chain instanceof ArcChain.Chain c ? c.sets() : List.of();
    int previous = chain instanceof ArcChain.Broken b ? b.maxInstance() : earlier.size();
    if (previous >= ArcInstances.MAX
        || !earlier.isEmpty() && earlier.get(earlier.size() - 1).seal().cv() == ChainValidation.FAIL) {
      return List.of();
    }
    int instance = previous + 1;
    ChainValidation cv = instance == 1 ? ChainValidation.NONE : validation.status() == ChainValidation.PASS
        ? ChainValidation.PASS : ChainValidation.FAIL;
    List<MethodResult> all = new ArrayList<>(results.results());
    if (all.stream().noneMatch(r -> r.method().equals("arc"))) {
      all.add(validation.toMethodResult());
    }
    HeaderField aar = AuthenticationResults.of(results.authservId(), all)
        .toHeaderField(ArcSet.AAR_FIELD, "i=" + instance + ";");
    boolean ed25519 = key.algorithm() == DkimAlgorithm.ED25519_SHA256;
    long now = options.clock().instant().getEpochSecond();
    try {
      HeaderField ams = SignatureFieldWriter.sign(ArcSet.AMS_FIELD, List.of("i=" + instance,
              "a=" + key.algorithm().tagValue(), "c=relaxed/relaxed", "d=" + key.domain(), "s=" + key.selector(),
              "t=" + now), SignedFields.namesToSign(fields, options.headers(), options.overSign()), bodyHash,
          fields, true, ed25519, key.key());
      FieldFolder as = new FieldFolder(ArcSeal.FIELD_NAME);
      for (String tag : List.of("i=" + instance, "a=" + key.algorithm().tagValue(), "t=" + now,
          "cv=" + cv.keyword(), "d=" + key.domain(), "s=" + key.selector())) {
        as.piece(tag + ";", true);
      }
      as.piece("b=", true);
      byte[] data = ArcChain.sealData(cv == ChainValidation.FAIL ? List.of() : earlier, aar, ams, as.raw());
      byte[] sig = SignatureCrypto.sign(ed25519, key.key(), data);
      HeaderField seal = HeaderField.parse(as.base64(Base64.getEncoder().encodeToString(sig)).raw(),
          new ArrayList<>());
      return List.of(seal, ams, aar);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the key cannot sign: " + e.getMessage(), e);
    }
  }
}
