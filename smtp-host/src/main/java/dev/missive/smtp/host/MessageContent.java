package dev.missive.smtp.host;

import dev.missive.smtp.BodyType;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.MailParameters;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A message's octets (an RFC 5322 message, header and body, with CRLF line endings) and what the sender declares about
 * them in MAIL FROM: {@code BODY=8BITMIME} when any octet is over 127 (RFC 6152 §2), {@code SMTPUTF8} when the header
 * holds UTF-8 (RFC 6531 §3.4, RFC 6532 §3) and {@code SIZE} (RFC 1870 §3).
 *
 * <p>{@link #of(byte[])} and {@link #of(Path)} scan the content for those declarations, so they are always right; the
 * file is read once to scan and once more for each sending, never held in memory. {@link #of(InputStream, long,
 * BodyType, boolean)} takes the caller's declarations instead (a stream cannot be read twice), and is sent as it is
 * read: an octet over 127 in a stream declared 7BIT stops the transaction before its end (the server never receives
 * a complete message), and a stream can be sent once only (MX delivery, which may try several hosts, needs a byte
 * array or a file).
 */
public final class MessageContent {

  private static final int SCAN_BUFFER = 16 * 1024;
  private static final byte[] NONE = new byte[0];

  private final byte[] prefix;
  private final byte[] bytes;
  private final Path file;
  private final InputStream stream;
  private final long size;
  private final boolean eightBit;
  private final boolean utf8Header;
  private boolean streamTaken;

  private MessageContent(byte[] prefix, byte[] bytes, Path file, InputStream stream, long size, boolean eightBit,
      boolean utf8Header) {
    this.prefix = prefix;
    this.bytes = bytes;
    this.file = file;
    this.stream = stream;
    this.size = size;
    this.eightBit = eightBit;
    this.utf8Header = utf8Header;
  }

  /**
   * A message held in memory; scanned now.
   *
   * @param message the message's octets (not copied: do not change them until it is sent)
   * @return the content
   */
  public static MessageContent of(byte[] message) {
    Objects.requireNonNull(message, "message");
    Scan scan = new Scan();
    scan.take(message, message.length);
    return new MessageContent(NONE, message, null, null, message.length, scan.eightBit, scan.utf8Header);
  }

  /**
   * A message in a file; scanned now, streamed from the file when sent.
   *
   * @param message the file
   * @return the content
   * @throws IOException if the file cannot be read
   */
  public static MessageContent of(Path message) throws IOException {
    Objects.requireNonNull(message, "message");
    Scan scan = new Scan();
    byte[] buffer = new byte[SCAN_BUFFER];
    long size = 0;
    try (InputStream in = Files.newInputStream(message)) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        scan.take(buffer, n);
        size += n;
      }
    }
    return new MessageContent(NONE, null, message, null, size, scan.eightBit, scan.utf8Header);
  }

  /**
   * A message read from a stream as it is sent, with the caller's declarations (the stream is not scanned first).
   *
   * @param message    the stream, read to its end and closed by the sender
   * @param size       its size in octets for {@code SIZE} (RFC 1870), or -1 if unknown
   * @param body       {@link BodyType#SEVEN_BIT} if every octet is under 128, else {@link BodyType#EIGHT_BIT_MIME}
   * @param utf8Header whether the header holds UTF-8 (the message then needs SMTPUTF8, RFC 6531 §3.4)
   * @return the content, which can be sent once
   */
  public static MessageContent of(InputStream message, long size, BodyType body, boolean utf8Header) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(body, "body");
    if (body == BodyType.BINARY_MIME) {
      throw new IllegalArgumentException("BINARYMIME content is not supported by the sender");
    }
    return new MessageContent(NONE, null, null, message, size < 0 ? -1 : size, body == BodyType.EIGHT_BIT_MIME || utf8Header,
        utf8Header);
  }

  /**
   * This content with header fields put on top, as a relay adds trace or {@code DKIM-Signature} fields
   * (RFC 5321 §4.4, RFC 6376 §5.6); the declarations follow (a field with UTF-8 needs SMTPUTF8).
   *
   * @param headerFields whole header fields, each ending with CRLF
   * @return the longer content; a stream's content still goes once
   */
  public MessageContent withHeaderFields(byte[] headerFields) {
    Objects.requireNonNull(headerFields, "headerFields");
    Scan scan = new Scan();
    scan.take(headerFields, headerFields.length);
    byte[] fields = new byte[headerFields.length + prefix.length];
    System.arraycopy(headerFields, 0, fields, 0, headerFields.length);
    System.arraycopy(prefix, 0, fields, headerFields.length, prefix.length);
    return new MessageContent(fields, bytes, file, stream, size < 0 ? -1 : size + headerFields.length,
        eightBit || scan.eightBit, utf8Header || scan.eightBit);
  }

  /** {@return the size to declare with SIZE (RFC 1870), if known} */
  public OptionalLong size() {
    return size < 0 ? OptionalLong.empty() : OptionalLong.of(size);
  }

  /** {@return the body type to declare: 8BITMIME when any octet is over 127 (RFC 6152)} */
  public BodyType body() {
    return eightBit ? BodyType.EIGHT_BIT_MIME : BodyType.SEVEN_BIT;
  }

  /** {@return whether the header holds UTF-8, so the message needs SMTPUTF8 (RFC 6531 §3.4)} */
  public boolean utf8Header() {
    return utf8Header;
  }

  /**
   * The envelope as MAIL FROM must declare this content: {@code BODY=8BITMIME} when an octet is over 127 (RFC 6152
   * §2), {@code SMTPUTF8} when the header or the envelope holds UTF-8 (RFC 6531 §3.4) and {@code SIZE} when known
   * (RFC 1870 §3), the envelope's other parameters kept. The client engine then refuses to send it to a server that
   * does not offer what it declares ({@code TransactionResult} with outcome {@code NOT_SENT}), and refuses 8-bit
   * octets written under a 7-bit declaration.
   *
   * @param envelope the sender, recipients and the caller's own parameters
   * @return the envelope with the declarations this content needs
   */
  public Envelope declaredOn(Envelope envelope) {
    MailParameters p = envelope.parameters();
    if (body() == BodyType.EIGHT_BIT_MIME && p.body().orElse(BodyType.SEVEN_BIT) == BodyType.SEVEN_BIT) {
      p = p.withBody(BodyType.EIGHT_BIT_MIME);
    }
    if (utf8Header || envelope.requiresUtf8()) {
      p = p.withSmtpUtf8(true);
    }
    if (size >= 0 && p.size().isEmpty()) {
      p = p.withSize(size);
    }
    return envelope.withParameters(p);
  }

  /** {@return whether it can be sent more than once (a byte array or a file, not a stream)} */
  public boolean isRepeatable() {
    return stream == null;
  }

  /**
   * Opens the octets for one sending.
   *
   * @return a fresh stream over the octets
   * @throws IOException           if the file cannot be opened
   * @throws IllegalStateException if this is a stream that was sent already
   */
  InputStream open() throws IOException {
    InputStream body = openBody();
    return prefix.length == 0 ? body : new SequenceInputStream(new ByteArrayInputStream(prefix), body);
  }

  private InputStream openBody() throws IOException {
    if (bytes != null) {
      return new ByteArrayInputStream(bytes);
    }
    if (file != null) {
      return Files.newInputStream(file);
    }
    synchronized (this) {
      if (streamTaken) {
        throw new IllegalStateException("a stream's content can be sent once only");
      }
      streamTaken = true;
    }
    return stream;
  }

  /** Looks for octets over 127, and for them in the header (before the first empty line, RFC 5322 §2.1). */
  private static final class Scan {
    private boolean eightBit;
    private boolean utf8Header;
    private boolean inHeader = true;
    private int lineLength; // octets on the current line, ignoring CR

    void take(byte[] b, int n) {
      for (int i = 0; i < n && !(eightBit && !inHeader); i++) {
        int c = b[i] & 0xFF;
        if (c >= 0x80) {
          eightBit = true;
          utf8Header |= inHeader;
        }
        if (inHeader) {
          if (c == '\n') {
            if (lineLength == 0) {
              inHeader = false; // the empty line that ends the header
            }
            lineLength = 0;
          } else if (c != '\r') {
            lineLength++;
          }
        }
      }
    }
  }
}
