package dev.missive.examples.relay;

import dev.missive.message.header.DateTimes;
import dev.missive.message.header.HeaderField;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Builds the bounce a relay sends for a message it could not deliver: an RFC 3464 delivery status notification,
 * that is a {@code multipart/report; report-type=delivery-status} (RFC 6522) with a human-readable part, a
 * {@code message/delivery-status} part (RFC 3464 §2.2 per-message and §2.3 per-recipient fields) and the original
 * header as {@code text/rfc822-headers} (RFC 6522 §4).
 *
 * <p>Written by hand with {@link HeaderField#of} rather than with message-format's {@code MessageBuilder}: the
 * builder cannot yet add the {@code report-type} parameter and would base64-encode the status part, which RFC 3464
 * §2.1 says must stay 7bit. Every line ends in CRLF.
 */
public final class DeliveryReport {

  /**
   * One recipient that failed (RFC 3464 §2.3).
   *
   * @param recipient  the forward path without angle brackets
   * @param status     the enhanced status code (RFC 3463), such as {@code 5.1.1}
   * @param diagnostic the remote server's reply, as text
   */
  public record FailedRecipient(String recipient, String status, String diagnostic) {
    /** Rejects CR, LF and NUL: every value becomes a header-style line. */
    public FailedRecipient {
      for (String s : new String[] {recipient, status, diagnostic}) {
        if (Objects.requireNonNull(s).chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
          throw new IllegalArgumentException("CR, LF and NUL are not allowed in a delivery status field");
        }
      }
    }
  }

  private DeliveryReport() {}

  /**
   * Writes the notification.
   *
   * @param reportingMta   this relay's host name (RFC 3464 §2.2.2)
   * @param remoteMta      the host that refused the message (RFC 3464 §2.3.5)
   * @param sender         the original reverse path, which becomes the notification's {@code To}
   * @param failed         the recipients that failed
   * @param originalHeader the original message's header section, ending with its empty line (or all of it)
   * @param now            the time of the report
   * @param random         the source of the boundary and Message-ID
   */
  public static byte[] build(String reportingMta, String remoteMta, String sender, List<FailedRecipient> failed,
                             byte[] originalHeader, ZonedDateTime now, RandomGenerator random) {
    if (failed.isEmpty()) {
      throw new IllegalArgumentException("a delivery status notification needs a failed recipient");
    }
    String boundary = "=_missive_dsn_" + hex(random, 12);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    field(out, "Date", DateTimes.format(now));
    field(out, "From", "Mail Delivery System <MAILER-DAEMON@" + reportingMta + ">");
    field(out, "To", "<" + sender + ">");
    field(out, "Subject", "Undelivered Mail Returned to Sender");
    field(out, "Message-ID", "<" + hex(random, 16) + "@" + reportingMta + ">");
    field(out, "Auto-Submitted", "auto-replied"); // RFC 3834 §5: no automatic answers to this one
    field(out, "MIME-Version", "1.0");
    field(out, "Content-Type", "multipart/report; report-type=delivery-status; boundary=\"" + boundary + "\"");
    line(out, "");
    line(out, "This is a delivery status notification (RFC 3464).");
    line(out, "--" + boundary);
    field(out, "Content-Type", "text/plain; charset=us-ascii");
    line(out, "");
    line(out, "Your message could not be delivered to the following recipients:");
    line(out, "");
    for (FailedRecipient r : failed) {
      line(out, "  <" + ascii(r.recipient()) + ">: " + ascii(r.diagnostic()));
    }
    line(out, "--" + boundary);
    field(out, "Content-Type", "message/delivery-status");
    line(out, "");
    field(out, "Reporting-MTA", "dns; " + reportingMta);
    for (FailedRecipient r : failed) {
      line(out, "");
      field(out, "Final-Recipient", "rfc822; " + r.recipient());
      field(out, "Action", "failed");
      field(out, "Status", r.status());
      field(out, "Remote-MTA", "dns; " + remoteMta);
      field(out, "Diagnostic-Code", "smtp; " + ascii(r.diagnostic()));
    }
    line(out, "--" + boundary);
    field(out, "Content-Type", "text/rfc822-headers");
    line(out, "");
    out.writeBytes(originalHeader);
    if (originalHeader.length > 0 && originalHeader[originalHeader.length - 1] != '\n') {
      line(out, "");
    }
    line(out, "--" + boundary + "--");
    return out.toByteArray();
  }

  /** The header section of a message: everything up to and including the first empty line (RFC 5322 §2.1). */
  public static byte[] headerOf(byte[] message) {
    for (int i = 0; i + 3 < message.length; i++) {
      if (message[i] == '\r' && message[i + 1] == '\n' && message[i + 2] == '\r' && message[i + 3] == '\n') {
        return java.util.Arrays.copyOf(message, i + 4);
      }
    }
    return message;
  }

  private static void field(ByteArrayOutputStream out, String name, String value) {
    out.writeBytes(HeaderField.of(name, value).raw());
    line(out, "");
  }

  private static void line(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    out.write('\r');
    out.write('\n');
  }

  /** Replaces what is not printable ASCII, so a remote server's reply cannot break the 7bit status part. */
  private static String ascii(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> b.append(c >= 0x20 && c < 0x7F ? (char) c : '?'));
    return b.toString();
  }

  private static String hex(RandomGenerator random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
