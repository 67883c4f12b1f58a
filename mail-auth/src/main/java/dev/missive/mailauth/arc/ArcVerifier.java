package dev.missive.mailauth.arc;

import dev.missive.mailauth.arc.ArcSeal.ChainValidation;
import dev.missive.mailauth.dkim.Canonicalization;
import dev.missive.mailauth.dkim.DkimAlgorithm;
import dev.missive.mailauth.dkim.DkimKeyLookup;
import dev.missive.mailauth.dkim.DkimKeys;
import dev.missive.mailauth.dkim.SignatureTags;
import dev.missive.mailauth.internal.BodyHashes;
import dev.missive.mailauth.internal.MessageHeadReader;
import dev.missive.mailauth.internal.SignatureCrypto;
import dev.missive.message.header.HeaderField;
import dev.missive.message.stream.ParserOptions;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates the ARC chain of a message while it streams (RFC 8617 §5.2): fed the message in chunks, it reads the
 * header with message-format's streaming parser and hashes the body for the newest ARC-Message-Signature only;
 * after {@link #end()}, {@link #verify(DkimKeyLookup)} checks the structure, the {@code cv=} values, that
 * ARC-Message-Signature and every ARC-Seal, newest first, stopping at the first failure.
 * <pre>{@code
 * ArcVerifier arc = new ArcVerifier(ArcVerifier.Options.DEFAULT);
 * for (ByteBuffer chunk : data) arc.feed(chunk);
 * arc.end();
 * ArcResult chain = arc.verify(DkimKeyLookup.dns(resolver));
 * }</pre>
 * The work is bounded: at most {@link Options#maxSets()} sets (RFC 8617 §4.2.1: 50), one body hash, one key
 * look-up per distinct selector and domain. Not thread-safe: one verifier per message.
 */
public final class ArcVerifier {

  private static final Logger LOG = LoggerFactory.getLogger(ArcVerifier.class);

  /**
   * How a verifier works.
   *
   * @param parser     the streaming parser's options (its limits bound the header)
   * @param maxSets    the most ARC sets a chain may have, 1–50
   * @param minRsaBits the smallest RSA key accepted (RFC 8301 §3.2: 1024)
   * @param maxRsaBits the largest RSA key accepted
   */
  public record Options(ParserOptions parser, int maxSets, int minRsaBits, int maxRsaBits) {

    /** Default parser options, 50 sets, RSA keys of 1024–8192 bits. */
    public static final Options DEFAULT = new Options(ParserOptions.DEFAULT, ArcInstances.MAX, 1024, 8192);

    /**
     * Checks the values.
     *
     * @param parser     the streaming parser's options
     * @param maxSets    the most ARC sets, 1–50
     * @param minRsaBits the smallest RSA key accepted
     * @param maxRsaBits the largest RSA key accepted
     */
    public Options {
      Objects.requireNonNull(parser, "parser");
      if (maxSets < 1 || maxSets > ArcInstances.MAX) {
        throw new IllegalArgumentException("maxSets must be 1-" + ArcInstances.MAX + ", was " + maxSets);
      }
      if (minRsaBits < 512 || maxRsaBits < minRsaBits || maxRsaBits > 16384) {
        throw new IllegalArgumentException("RSA key sizes must satisfy 512 <= min <= max <= 16384");
      }
    }
  }

  private final Options options;
  private final MessageHeadReader reader;
  private final BodyHashes bodyHashes = new BodyHashes();
  private ArcChain.Read chain;
  private boolean ended;

  /**
   * A verifier for one message.
   *
   * @param options how it works
   */
  public ArcVerifier(Options options) {
    this.options = Objects.requireNonNull(options, "options");
    this.reader = new MessageHeadReader(options.parser(), new MessageHeadReader.BodySink() {
      @Override
      public void headerComplete(List<HeaderField> fields) {
        chain = ArcChain.read(fields, options.maxSets());
        if (chain instanceof ArcChain.Chain c) {
          SignatureTags newest = c.sets().get(c.sets().size() - 1).messageSignature();
          bodyHashes.register(newest.bodyCanonicalization() == Canonicalization.RELAXED,
              newest.bodyLength().orElse(-1));
        }
      }

      @Override
      public void body(byte[] b, int off, int len) {
        bodyHashes.update(b, off, len);
      }
    });
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
      bodyHashes.finish();
    }
  }

  /**
   * Validates the chain (RFC 8617 §5.2).
   *
   * @param keys where keys are
   * @return the result
   * @throws IllegalStateException before {@link #end()}
   */
  public ArcResult verify(DkimKeyLookup keys) {
    if (!ended) {
      throw new IllegalStateException("verify before end");
    }
    ArcResult r = check(keys);
    LOG.debug("ARC: {} ({}, {} sets)", r.status().keyword(), r.reason(), r.instances());
    return r;
  }

  private ArcResult check(DkimKeyLookup keys) {
    if (chain instanceof ArcChain.Empty) {
      return new ArcResult(ChainValidation.NONE, "no ARC sets", List.of());
    }
    if (chain instanceof ArcChain.Broken b) {
      return new ArcResult(ChainValidation.FAIL, b.reason(), List.of());
    }
    List<ArcSet> sets = ((ArcChain.Chain) chain).sets();
    int n = sets.size();
    ArcSet newest = sets.get(n - 1);
    if (newest.seal().cv() == ChainValidation.FAIL) {
      return fail(sets, "ARC-Seal i=" + n + " says cv=fail: the chain ended there (RFC 8617 §5.2 step 2)");
    }
    for (ArcSet s : sets) {
      ChainValidation want = s.instance() == 1 ? ChainValidation.NONE : ChainValidation.PASS;
      if (s.seal().cv() != want) {
        return fail(sets, "ARC-Seal i=" + s.instance() + " has cv=" + s.seal().cv().keyword() + ", not "
            + want.keyword() + " (RFC 8617 §5.2 step 3)");
      }
    }
    Map<String, DkimKeys.Fetched> fetched = new HashMap<>();
    SignatureTags ams = newest.messageSignature();
    boolean relaxedBody = ams.bodyCanonicalization() == Canonicalization.RELAXED;
    long limit = ams.bodyLength().orElse(-1);
    if (limit >= 0 && limit > bodyHashes.canonicalLength(relaxedBody, limit)) {
      return fail(sets, "ARC-Message-Signature i=" + n + " has l= longer than the body");
    }
    if (!MessageDigest.isEqual(bodyHashes.hash(relaxedBody, limit), ams.bodyHash())) {
      return fail(sets, "ARC-Message-Signature i=" + n + " body hash did not verify");
    }
    DkimKeys.Fetched amsKey = key(keys, fetched, ams.selector(), ams.domain(), ams.algorithm());
    if (amsKey instanceof DkimKeys.Missing m) {
      return fail(sets, "ARC-Message-Signature i=" + n + ": " + m.reason());
    }
    if (!ams.verifies(reader.fields(), ((DkimKeys.Found) amsKey).key())) {
      return fail(sets, "ARC-Message-Signature i=" + n + " did not verify (RFC 8617 §5.2 step 5)");
    }
    for (int i = n; i >= 1; i--) {
      ArcSet s = sets.get(i - 1);
      ArcSeal seal = s.seal();
      DkimKeys.Fetched key = key(keys, fetched, seal.selector(), seal.domain(), seal.algorithm());
      if (key instanceof DkimKeys.Missing m) {
        return fail(sets, "ARC-Seal i=" + i + ": " + m.reason());
      }
      byte[] data = ArcChain.sealData(sets.subList(0, i - 1), s.authenticationResults(),
          s.messageSignature().field(), seal.fieldWithoutSignature());
      if (!SignatureCrypto.verify(seal.algorithm() == DkimAlgorithm.ED25519_SHA256,
          ((DkimKeys.Found) key).key(), data, seal.signature())) {
        return fail(sets, "ARC-Seal i=" + i + " did not verify (RFC 8617 §5.2 step 6)");
      }
    }
    return new ArcResult(ChainValidation.PASS, n + " ARC sets verified", sets);
  }

  private DkimKeys.Fetched key(DkimKeyLookup keys, Map<String, DkimKeys.Fetched> fetched, String selector,
                               String domain, DkimAlgorithm algorithm) {
    return fetched.computeIfAbsent(selector + "._domainkey." + domain + " " + algorithm,
        k -> DkimKeys.fetch(keys, selector, domain, algorithm, options.minRsaBits(), options.maxRsaBits()));
  }

  private static ArcResult fail(List<ArcSet> sets, String reason) {
    return new ArcResult(ChainValidation.FAIL, reason, sets);
  }
}
