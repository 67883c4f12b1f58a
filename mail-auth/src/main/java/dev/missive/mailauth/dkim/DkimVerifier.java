package dev.missive.mailauth.dkim;

import dev.missive.mailauth.MalformedRecordException;
import dev.missive.mailauth.internal.BodyHashes;
import dev.missive.mailauth.internal.MessageHeadReader;
import dev.missive.mailauth.internal.SignedFields;
import dev.missive.mailauth.internal.TagList;
import dev.missive.message.header.HeaderField;
import dev.missive.message.stream.ParserOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies every DKIM-Signature of a message while it streams (RFC 6376 §6.1): fed the message in chunks as SMTP
 * data arrives, it reads the header with message-format's streaming parser, then computes each signature's body
 * hash on the fly (one hasher per distinct canonicalization and {@code l=}), so a large message is never held
 * whole; after {@link #end()}, {@link #verify(DkimKeyLookup)} fetches the keys and checks the signatures.
 * <pre>{@code
 * DkimVerifier v = new DkimVerifier(DkimVerifier.Options.DEFAULT);
 * for (ByteBuffer chunk : data) v.feed(chunk);
 * v.end();
 * List<DkimResult> results = v.verify(DkimKeyLookup.dns(resolver));   // empty: no signature ("none")
 * }</pre>
 * Only the first {@link Options#maxSignatures()} signatures are evaluated (RFC 6376 §6.1 lets verifiers limit
 * them); the others are {@link DkimResult.Status#NEUTRAL}. Not thread-safe: one verifier per message.
 */
public final class DkimVerifier {

  private static final Logger LOG = LoggerFactory.getLogger(DkimVerifier.class);

  /** What a verifier does with a signature whose {@code l=} leaves part of the body unsigned (RFC 6376 §8.2). */
  public enum BodyLengthPolicy {
    /** Pass it; the unsigned octets are reported in {@link DkimResult#unsignedBodyOctets()}. */
    ACCEPT,
    /** Result {@code policy} when content follows the signed part (the default). */
    REFUSE_UNSIGNED_CONTENT,
    /** Result {@code policy} for every signature with {@code l=}. */
    REFUSE
  }

  /**
   * How a verifier works.
   *
   * @param parser        the streaming parser's options (its limits bound the header)
   * @param maxSignatures the most signatures evaluated, 1–100
   * @param bodyLength    what to do with {@code l=}
   * @param clock         the time {@code x=} is compared with
   * @param clockSkew     how far past {@code x=} a signature still counts
   * @param minRsaBits    the smallest RSA key accepted (RFC 8301 §3.2: 1024)
   * @param maxRsaBits    the largest RSA key accepted
   */
  public record Options(ParserOptions parser, int maxSignatures, BodyLengthPolicy bodyLength, Clock clock,
                        Duration clockSkew, int minRsaBits, int maxRsaBits) {

    /** Default parser options, 10 signatures, l= refused with unsigned content, 5 minutes, RSA 1024–8192 bits. */
    public static final Options DEFAULT = new Options(ParserOptions.DEFAULT, 10,
        BodyLengthPolicy.REFUSE_UNSIGNED_CONTENT, Clock.systemUTC(), Duration.ofMinutes(5), 1024, 8192);

    /**
     * Checks the values.
     *
     * @param parser        the streaming parser's options (its limits bound the header)
     * @param maxSignatures the most signatures evaluated, 1–100
     * @param bodyLength    what to do with {@code l=}
     * @param clock         the time {@code x=} is compared with
     * @param clockSkew     how far past {@code x=} a signature still counts
     * @param minRsaBits    the smallest RSA key accepted (RFC 8301 §3.2: 1024)
     * @param maxRsaBits    the largest RSA key accepted
     */
    public Options {
      Objects.requireNonNull(parser, "parser");
      Objects.requireNonNull(bodyLength, "bodyLength");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(clockSkew, "clockSkew");
      if (maxSignatures < 1 || maxSignatures > 100) {
        throw new IllegalArgumentException("maxSignatures must be 1-100, was " + maxSignatures);
      }
      if (minRsaBits < 512 || maxRsaBits < minRsaBits || maxRsaBits > 16384) {
        throw new IllegalArgumentException("RSA key sizes must satisfy 512 <= min <= max <= 16384");
      }
    }

    /**
     * A copy with another clock.
     *
     * @param c the time {@code x=} is compared with
     * @return a copy with that value
     */
    public Options withClock(Clock c) {
      return new Options(parser, maxSignatures, bodyLength, c, clockSkew, minRsaBits, maxRsaBits);
    }

    /**
     * A copy with another l= policy.
     *
     * @param policy what to do with {@code l=}
     * @return a copy with that value
     */
    public Options withBodyLength(BodyLengthPolicy policy) {
      return new Options(parser, maxSignatures, policy, clock, clockSkew, minRsaBits, maxRsaBits);
    }

    /**
     * A copy with another signature limit.
     *
     * @param n the most signatures evaluated, 1–100
     * @return a copy with that value
     */
    public Options withMaxSignatures(int n) {
      return new Options(parser, n, bodyLength, clock, clockSkew, minRsaBits, maxRsaBits);
    }
  }

  /** One DKIM-Signature field: parsed, or why not. */
  private record Candidate(HeaderField field, DkimSignature signature, String error) {}

  private final Options options;
  private final MessageHeadReader reader;
  private final List<Candidate> candidates = new ArrayList<>();
  private final BodyHashes bodyHashes = new BodyHashes();
  private boolean ended;

  /**
   * A verifier for one message.
   *
   * @param options how it works
   */
  public DkimVerifier(Options options) {
    this.options = Objects.requireNonNull(options, "options");
    this.reader = new MessageHeadReader(options.parser(), new MessageHeadReader.BodySink() {
      @Override
      public void headerComplete(List<HeaderField> fields) {
        prepare(fields);
      }

      @Override
      public void body(byte[] b, int off, int len) {
        bodyHashes.update(b, off, len);
      }
    });
  }

  /**
   * Verifies a whole message from a stream with the default options.
   *
   * @param message the message (read to its end, not closed)
   * @param keys    where keys are
   * @return one result per signature, empty when there is none
   * @throws IOException if reading fails
   */
  public static List<DkimResult> verify(InputStream message, DkimKeyLookup keys) throws IOException {
    DkimVerifier v = new DkimVerifier(Options.DEFAULT);
    byte[] buf = new byte[16384];
    for (int n; (n = message.read(buf)) > 0; ) {
      v.feed(ByteBuffer.wrap(buf, 0, n));
    }
    v.end();
    return v.verify(keys);
  }

  /**
   * Takes the next chunk of the message, all of it.
   *
   * @param chunk the bytes (its position ends at its limit)
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
    if (ended) {
      return;
    }
    ended = true;
    reader.end();
    bodyHashes.finish();
  }

  /** {@return the message's top-level header fields (complete once the header has been read)} */
  public List<HeaderField> headerFields() {
    return reader.fields();
  }

  private void prepare(List<HeaderField> fields) {
    for (HeaderField f : fields) {
      if (!f.hasName(DkimSignature.FIELD_NAME)) {
        continue;
      }
      if (candidates.size() >= options.maxSignatures()) {
        candidates.add(new Candidate(f, null, null));
        continue;
      }
      try {
        DkimSignature s = DkimSignature.parse(f);
        bodyHashes.register(s.tags().bodyCanonicalization() == Canonicalization.RELAXED,
            s.tags().bodyLength().orElse(-1));
        candidates.add(new Candidate(f, s, null));
      } catch (MalformedRecordException e) {
        candidates.add(new Candidate(f, null, e.getMessage()));
      }
    }
  }

  /**
   * Checks every signature: fetches each key once, compares body hashes and verifies the signatures.
   *
   * @param keys where keys are
   * @return one result per DKIM-Signature field, top to bottom; empty when there is none
   * @throws IllegalStateException before {@link #end()}
   */
  public List<DkimResult> verify(DkimKeyLookup keys) {
    if (!ended) {
      throw new IllegalStateException("verify before end");
    }
    Map<String, DkimKeys.Fetched> fetched = new HashMap<>();
    List<DkimResult> results = new ArrayList<>(candidates.size());
    for (Candidate c : candidates) {
      DkimResult r = check(c, keys, fetched);
      if (LOG.isDebugEnabled()) {
        LOG.debug("DKIM d={} s={}: {} {}", r.domain(), r.selector(), r.status().keyword(), r.reason());
      }
      results.add(r);
    }
    return results;
  }

  private DkimResult check(Candidate c, DkimKeyLookup keys, Map<String, DkimKeys.Fetched> fetched) {
    if (c.signature == null) {
      String d = lenientTag(c.field, "d");
      String s = lenientTag(c.field, "s");
      if (c.error == null) {
        return new DkimResult(DkimResult.Status.NEUTRAL, "not evaluated: more than " + options.maxSignatures()
            + " signatures", Optional.empty(), d, s, false, 0);
      }
      return new DkimResult(DkimResult.Status.PERMERROR, c.error, Optional.empty(), d, s, false, 0);
    }
    DkimSignature sig = c.signature;
    SignatureTags t = sig.tags();
    boolean relaxedBody = t.bodyCanonicalization() == Canonicalization.RELAXED;
    long limit = t.bodyLength().orElse(-1);
    long bodyLength = bodyHashes.canonicalLength(relaxedBody, limit);
    long unsigned = 0;
    if (t.bodyLength().isPresent()) {
      unsigned = Math.max(0, bodyLength - t.bodyLength().getAsLong());
    }
    if (t.expiration().isPresent()
        && t.expiration().getAsLong() + options.clockSkew().toSeconds() < options.clock().instant().getEpochSecond()) {
      return result(sig, DkimResult.Status.PERMERROR, "signature expired (x=, RFC 6376 §3.5)", false, unsigned);
    }
    if (t.bodyLength().isPresent() && t.bodyLength().getAsLong() > bodyLength) {
      return result(sig, DkimResult.Status.FAIL, "l= is longer than the body (RFC 6376 §3.5)", false, 0);
    }
    if (!MessageDigest.isEqual(bodyHashes.hash(relaxedBody, limit), t.bodyHash())) {
      return result(sig, DkimResult.Status.FAIL, "body hash did not verify", false, unsigned);
    }
    DkimKeys.Fetched key = fetched.computeIfAbsent(t.selector() + "._domainkey." + t.domain() + " " + t.algorithm(),
        k -> DkimKeys.fetch(keys, t.selector(), t.domain(), t.algorithm(), options.minRsaBits(),
            options.maxRsaBits()));
    if (key instanceof DkimKeys.Missing m) {
      return result(sig, m.status(), m.reason(), false, unsigned);
    }
    DkimKeys.Found found = (DkimKeys.Found) key;
    boolean testing = found.record().testing();
    if (found.record().strict() && !sig.identity().substring(sig.identity().lastIndexOf('@') + 1)
        .equalsIgnoreCase(t.domain())) {
      return result(sig, DkimResult.Status.PERMERROR, "key t=s forbids a subdomain in i= (RFC 6376 §3.6.1)",
          testing, unsigned);
    }
    if (!t.verifies(reader.fields(), found.key())) {
      return result(sig, DkimResult.Status.FAIL, "signature did not verify", testing, unsigned);
    }
    if (t.bodyLength().isPresent() && (options.bodyLength() == BodyLengthPolicy.REFUSE
        || options.bodyLength() == BodyLengthPolicy.REFUSE_UNSIGNED_CONTENT && unsigned > 0)) {
      return result(sig, DkimResult.Status.POLICY, "l= leaves " + unsigned + " body octets unsigned", testing,
          unsigned);
    }
    return result(sig, DkimResult.Status.PASS, "", testing, unsigned);
  }

  private static DkimResult result(DkimSignature sig, DkimResult.Status status, String reason, boolean testing,
                                   long unsigned) {
    return new DkimResult(status, reason, Optional.of(sig), sig.domain(), sig.selector(), testing, unsigned);
  }

  /** A tag's value from a signature that did not parse, for the report; empty if it cannot be read. */
  private static String lenientTag(HeaderField field, String name) {
    try {
      String v = TagList.parse(SignedFields.tagText(field).text()).value(name).orElse("");
      return TagList.excerpt(TagList.compact(v));
    } catch (MalformedRecordException e) {
      return "";
    }
  }
}
