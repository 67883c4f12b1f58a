package dev.missive.mailauth.dkim;

import dev.missive.mailauth.internal.BodyHasher;
import dev.missive.mailauth.internal.MessageHeadReader;
import dev.missive.mailauth.internal.SignatureFieldWriter;
import dev.missive.mailauth.internal.SignedFields;
import dev.missive.message.header.HeaderField;
import dev.missive.message.stream.ParserOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Signs a message with DKIM while it streams (RFC 6376 §5): fed the message in chunks, it reads the header with
 * message-format's streaming parser and hashes the body on the fly; {@link #signature()} then gives the
 * DKIM-Signature field to put on top of the message, which is otherwise sent unchanged.
 * <pre>{@code
 * DkimSigner signer = new DkimSigner(DkimSigningKey.fromPem("example.com", "s1", pem), DkimSigner.Options.DEFAULT);
 * signer.feed(ByteBuffer.wrap(message));
 * signer.end();
 * HeaderField dkim = signer.signature();     // write it, then the message
 * }</pre>
 * Each configured field present in the message is signed as often as it occurs, and with over-signing once more
 * (absent ones once), so no such field can be added without breaking the signature (RFC 6376 §8.15). From is
 * always signed. Not thread-safe: one signer per message.
 */
public final class DkimSigner {

  /** The fields signed by default: RFC 6376 §5.4.1's list with the MIME fields and Message-ID. */
  public static final List<String> DEFAULT_HEADERS = List.of("From", "Reply-To", "Subject", "Date", "To", "Cc",
      "Resent-Date", "Resent-From", "Resent-To", "Resent-Cc", "In-Reply-To", "References", "Message-ID",
      "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "Content-ID",
      "Content-Description", "List-Id", "List-Help", "List-Unsubscribe", "List-Subscribe", "List-Post",
      "List-Owner", "List-Archive", "List-Unsubscribe-Post");

  /**
   * How a signer signs.
   *
   * @param headers          the names of the fields to sign
   * @param overSign         whether to list each name once more than it occurs
   * @param header           the header canonicalization
   * @param body             the body canonicalization
   * @param clock            the time of {@code t=}
   * @param validity         how long the signature is valid ({@code x=}), or empty for no expiry
   * @param bodyLengthTag    whether to write {@code l=} (not recommended, RFC 6376 §8.2)
   * @param identity         the {@code i=} value, or empty
   * @param parser           the streaming parser's options
   */
  public record Options(List<String> headers, boolean overSign, Canonicalization header, Canonicalization body,
                        Clock clock, Optional<Duration> validity, boolean bodyLengthTag, Optional<String> identity,
                        ParserOptions parser) {

    /** The default fields over-signed, relaxed/relaxed, the system clock, no expiry, no {@code l=}. */
    public static final Options DEFAULT = new Options(DEFAULT_HEADERS, true, Canonicalization.RELAXED,
        Canonicalization.RELAXED, Clock.systemUTC(), Optional.empty(), false, Optional.empty(),
        ParserOptions.DEFAULT);

    /**
     * Checks the values.
     *
     * @param headers          the names of the fields to sign
     * @param overSign         whether to list each name once more than it occurs
     * @param header           the header canonicalization
     * @param body             the body canonicalization
     * @param clock            the time of {@code t=}
     * @param validity         how long the signature is valid ({@code x=}), or empty for no expiry
     * @param bodyLengthTag    whether to write {@code l=} (not recommended, RFC 6376 §8.2)
     * @param identity         the {@code i=} value, or empty
     * @param parser           the streaming parser's options
     */
    public Options {
      headers = List.copyOf(headers);
      for (String h : headers) {
        if (h.isEmpty() || !h.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':')) {
          throw new IllegalArgumentException("not a field name: " + h);
        }
      }
      Objects.requireNonNull(header, "header");
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(validity, "validity");
      Objects.requireNonNull(identity, "identity");
      Objects.requireNonNull(parser, "parser");
      identity.ifPresent(i -> {
        if (i.indexOf('@') < 0 || !i.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ';')) {
          throw new IllegalArgumentException("not an identity: " + i);
        }
      });
    }

    /**
     * A copy with other canonicalizations.
     *
     * @param h the header canonicalization
     * @param b the body canonicalization
     * @return a copy with those values
     */
    public Options withCanonicalization(Canonicalization h, Canonicalization b) {
      return new Options(headers, overSign, h, b, clock, validity, bodyLengthTag, identity, parser);
    }

    /**
     * A copy with another clock.
     *
     * @param c the time of {@code t=}
     * @return a copy with that value
     */
    public Options withClock(Clock c) {
      return new Options(headers, overSign, header, body, c, validity, bodyLengthTag, identity, parser);
    }

    /**
     * A copy with other fields to sign.
     *
     * @param names the names of the fields to sign
     * @param over  whether to over-sign
     * @return a copy with those values
     */
    public Options withHeaders(List<String> names, boolean over) {
      return new Options(names, over, header, body, clock, validity, bodyLengthTag, identity, parser);
    }

    /**
     * A copy that writes {@code l=} or not.
     *
     * @param on whether to write {@code l=}
     * @return a copy with that value
     */
    public Options withBodyLengthTag(boolean on) {
      return new Options(headers, overSign, header, body, clock, validity, on, identity, parser);
    }
  }

  private final DkimSigningKey key;
  private final Options options;
  private final BodyHasher hasher;
  private final MessageHeadReader reader;
  private HeaderField signature;
  private boolean ended;

  /**
   * A signer for one message.
   *
   * @param key     the signing key
   * @param options how it signs
   */
  public DkimSigner(DkimSigningKey key, Options options) {
    this.key = Objects.requireNonNull(key, "key");
    this.options = Objects.requireNonNull(options, "options");
    this.hasher = new BodyHasher(options.body() == Canonicalization.RELAXED, -1);
    this.reader = new MessageHeadReader(options.parser(), hasher::update);
  }

  /**
   * Signs a whole message from a stream.
   *
   * @param message the message (read to its end, not closed)
   * @param key     the signing key
   * @param options how to sign
   * @return the DKIM-Signature field
   * @throws IOException if reading fails
   */
  public static HeaderField sign(InputStream message, DkimSigningKey key, Options options) throws IOException {
    DkimSigner s = new DkimSigner(key, options);
    byte[] buf = new byte[16384];
    for (int n; (n = message.read(buf)) > 0; ) {
      s.feed(ByteBuffer.wrap(buf, 0, n));
    }
    s.end();
    return s.signature();
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

  /** Declares the message complete and signs it. */
  public void end() {
    if (ended) {
      return;
    }
    ended = true;
    reader.end();
    byte[] bodyHash = hasher.finish();
    long bodyLength = hasher.canonicalLength();
    List<HeaderField> fields = reader.fields();
    long now = options.clock().instant().getEpochSecond();
    List<String> tags = new ArrayList<>(List.of("v=1", "a=" + key.algorithm().tagValue(),
        "c=" + options.header().tagValue() + "/" + options.body().tagValue(), "d=" + key.domain(),
        "s=" + key.selector()));
    options.identity().ifPresent(i -> tags.add("i=" + i));
    tags.add("t=" + now);
    options.validity().ifPresent(v -> tags.add("x=" + (now + v.toSeconds())));
    if (options.bodyLengthTag()) {
      tags.add("l=" + bodyLength);
    }
    try {
      signature = SignatureFieldWriter.sign(DkimSignature.FIELD_NAME, tags,
          SignedFields.namesToSign(fields, options.headers(), options.overSign()), bodyHash, fields,
          options.header() == Canonicalization.RELAXED, key.algorithm() == DkimAlgorithm.ED25519_SHA256, key.key());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the key cannot sign: " + e.getMessage(), e);
    }
  }

  /**
   * The signature field.
   *
   * @return the DKIM-Signature field to prepend
   * @throws IllegalStateException before {@link #end()}
   */
  public HeaderField signature() {
    if (signature == null) {
      throw new IllegalStateException("signature before end");
    }
    return signature;
  }
}
