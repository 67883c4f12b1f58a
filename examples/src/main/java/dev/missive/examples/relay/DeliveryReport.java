package dev.missive.examples.relay;

import dev.missive.message.header.DateTimes;
import dev.missive.message.header.HeaderField;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Builds the reports a relay sends about a message: an RFC 3464 delivery status notification, that is a
 * {@code multipart/report; report-type=delivery-status} (RFC 6522) with a human-readable part, a
 * {@code message/delivery-status} part (RFC 3464 §2.2 per-message and §2.3 per-recipient fields, with
 * {@code Action: failed} for a bounce and {@code Action: delayed} for a warning, §2.3.3) and the original header as
 * {@code text/rfc822-headers} (RFC 6522 §4).
 *
 * <p>When the report goes to an address with UTF-8, or is about a message received with SMTPUTF8 ({@code global}),
 * it is the internationalized form of RFC 6533: {@code report-type=global-delivery-status}, a
 * {@code message/global-delivery-status} part whose addresses keep their UTF-8 (address type {@code utf-8},
 * RFC 6533 §3) and the original header as {@code message/global-headers} (RFC 6533 §3.4) when it holds UTF-8; the
 * report itself must then be sent with SMTPUTF8, which its envelope to the UTF-8 address asks for.
 *
 * <p>Written by hand with {@link HeaderField#of} rather than with message-format's {@code MessageBuilder}: the
 * builder cannot yet add the {@code report-type} parameter and would base64-encode the status part, which RFC 3464
 * §2.1 says must stay 7bit (RFC 6533 §3 lets the global form be 8bit, never encoded). Every line ends in CRLF.
 */
public final class DeliveryReport {

  /** What happened to a recipient (RFC 3464 §2.3.3). */
  public enum Action {
    /** Not delivered, and no further attempts will be made. */
    FAILED,
    /** Not delivered yet; attempts go on. */
    DELAYED
  }

  /**
   * One recipient the report is about (RFC 3464 §2.3).
   *
   * @param recipient  the forward path without angle brackets
   * @param status     the enhanced status code (RFC 3463), such as {@code 5.1.1}
   * @param diagnostic the remote server's reply or the relay's reason, as text
   * @param action     failed or delayed
   */
  public record RecipientReport(String recipient, String status, String diagnostic, Action action) {
    /**
     * Rejects CR, LF and NUL: every value becomes a header-style line.
     *
     * @param recipient  the forward path without angle brackets
     * @param status     the enhanced status code (RFC 3463)
     * @param diagnostic the reason, as text
     * @param action     failed or delayed
     */
    public RecipientReport {
      for (String s : new String[] {recipient, status, diagnostic}) {
        if (Objects.requireNonNull(s).chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
          throw new IllegalArgumentException("CR, LF and NUL are not allowed in a delivery status field");
        }
      }
      Objects.requireNonNull(action, "action");
    }

    /**
     * A recipient that failed.
     *
     * @param recipient  the forward path without angle brackets
     * @param status     the enhanced status code (RFC 3463)
     * @param diagnostic the reason, as text
     * @return the report line
     */
    public static RecipientReport failed(String recipient, String status, String diagnostic) {
      return new RecipientReport(recipient, status, diagnostic, Action.FAILED);
    }
  }

  /**
   * Where and when the report is made.
   *
   * @param reportingMta   this relay's host name (RFC 3464 §2.2.2)
   * @param remoteMta      the host that refused the message (RFC 3464 §2.3.5), if one did
   * @param arrival        when the relay received the message (RFC 3464 §2.2.5 Arrival-Date)
   * @param willRetryUntil for a delayed recipient: when the relay gives up (RFC 3464 §2.3.9)
   * @param now            the time of the report
   * @param global         whether to write the RFC 6533 form
   */
  public record Context(String reportingMta, Optional<String> remoteMta, Optional<ZonedDateTime> arrival,
                        Optional<ZonedDateTime> willRetryUntil, ZonedDateTime now, boolean global) {
    /**
     * Requires every value.
     *
     * @param reportingMta   this relay's host name
     * @param remoteMta      the host that refused the message, if one did
     * @param arrival        when the relay received the message
     * @param willRetryUntil when the relay gives up on a delayed recipient
     * @param now            the time of the report
     * @param global         whether to write the RFC 6533 form
     */
    public Context {
      Objects.requireNonNull(reportingMta, "reportingMta");
      Objects.requireNonNull(remoteMta, "remoteMta");
      Objects.requireNonNull(arrival, "arrival");
      Objects.requireNonNull(willRetryUntil, "willRetryUntil");
      Objects.requireNonNull(now, "now");
    }
  }

  private DeliveryReport() {}

  /**
   * Writes a failure notification in the RFC 3464 form (the form of the earlier versions of this class).
   *
   * @param reportingMta   this relay's host name (RFC 3464 §2.2.2)
   * @param remoteMta      the host that refused the message (RFC 3464 §2.3.5)
   * @param sender         the original reverse path, which becomes the notification's {@code To}
   * @param failed         the recipients that failed
   * @param originalHeader the original message's header section, ending with its empty line (or all of it)
   * @param now            the time of the report
   * @param random         the source of the boundary and Message-ID
   * @return the notification
   */
  public static byte[] build(String reportingMta, String remoteMta, String sender, List<RecipientReport> failed,
                             byte[] originalHeader, ZonedDateTime now, RandomGenerator random) {
    return build(new Context(reportingMta, Optional.of(remoteMta), Optional.empty(), Optional.empty(), now, false),
        sender, failed, originalHeader, random);
  }

  /**
   * Writes the notification.
   *
   * @param context        where and when, and in which form
   * @param sender         the original reverse path, which becomes the notification's {@code To}
   * @param recipients     the recipients reported on, at least one
   * @param originalHeader the original message's header section, ending with its empty line (or all of it)
   * @param random         the source of the boundary and Message-ID
   * @return the notification
   */
  public static byte[] build(Context context, String sender, List<RecipientReport> recipients,
                             byte[] originalHeader, RandomGenerator random) {
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("a delivery status notification needs a recipient");
    }
    boolean global = context.global();
    String mta = context.reportingMta();
    boolean delayOnly = recipients.stream().allMatch(r -> r.action() == Action.DELAYED);
    String boundary = "=_missive_dsn_" + hex(random, 12);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    field(out, "Date", DateTimes.format(context.now()), false);
    field(out, "From", "Mail Delivery System <MAILER-DAEMON@" + mta + ">", false);
    field(out, "To", "<" + sender + ">", global);
    field(out, "Subject", delayOnly ? "Delayed Mail (still being retried)" : "Undelivered Mail Returned to Sender",
        false);
    field(out, "Message-ID", "<" + hex(random, 16) + "@" + mta + ">", false);
    field(out, "Auto-Submitted", "auto-replied", false); // RFC 3834 §5: no automatic answers to this one
    field(out, "MIME-Version", "1.0", false);
    field(out, "Content-Type", "multipart/report; report-type=" + (global ? "global-" : "")
        + "delivery-status; boundary=\"" + boundary + "\"", false);
    line(out, "");
    line(out, "This is a delivery status notification (RFC 3464" + (global ? ", RFC 6533)." : ")."));
    line(out, "--" + boundary);
    field(out, "Content-Type", "text/plain; charset=" + (global ? "utf-8" : "us-ascii"), false);
    line(out, "");
    line(out, delayOnly ? "Your message has not been delivered yet to the following recipients; the relay keeps"
        + " trying:" : "Your message could not be delivered to the following recipients:");
    line(out, "");
    for (RecipientReport r : recipients) {
      text(out, "  <" + printable(r.recipient(), global) + ">: " + printable(r.diagnostic(), global), global);
    }
    line(out, "--" + boundary);
    field(out, "Content-Type", global ? "message/global-delivery-status" : "message/delivery-status", false);
    line(out, "");
    field(out, "Reporting-MTA", "dns; " + mta, false);
    context.arrival().ifPresent(a -> field(out, "Arrival-Date", DateTimes.format(a), false));
    for (RecipientReport r : recipients) {
      line(out, "");
      boolean utf8 = global && !isAscii(r.recipient());
      text(out, "Final-Recipient: " + (utf8 ? "utf-8; " : "rfc822; ") + printable(r.recipient(), global), global);
      field(out, "Action", r.action() == Action.FAILED ? "failed" : "delayed", false);
      field(out, "Status", r.status(), false);
      context.remoteMta().ifPresent(m -> field(out, "Remote-MTA", "dns; " + printable(m, false), false));
      text(out, "Diagnostic-Code: smtp; " + printable(r.diagnostic(), global), global);
      if (r.action() == Action.DELAYED) {
        context.willRetryUntil().ifPresent(t -> field(out, "Will-Retry-Until", DateTimes.format(t), false));
      }
    }
    line(out, "--" + boundary);
    boolean utf8Header = global && !isAscii(new String(originalHeader, StandardCharsets.ISO_8859_1));
    field(out, "Content-Type", utf8Header ? "message/global-headers" : "text/rfc822-headers", false);
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

  private static void field(ByteArrayOutputStream out, String name, String value, boolean utf8) {
    out.writeBytes((utf8 && !isAscii(value) ? HeaderField.ofUtf8(name, value) : HeaderField.of(name, value)).raw());
    line(out, "");
  }

  /** A line of the report's own text: UTF-8 in the global form, US-ASCII (already made printable) otherwise. */
  private static void text(ByteArrayOutputStream out, String text, boolean utf8) {
    out.writeBytes(text.getBytes(utf8 ? StandardCharsets.UTF_8 : StandardCharsets.US_ASCII));
    out.write('\r');
    out.write('\n');
  }

  /** {@return whether {@code s} is US-ASCII: otherwise a report about it is the RFC 6533 form} */
  static boolean isAscii(String s) {
    return s.chars().allMatch(c -> c < 0x80);
  }

  private static void line(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    out.write('\r');
    out.write('\n');
  }

  /**
   * Replaces control characters (and, unless {@code utf8}, everything outside printable ASCII), so a remote server's
   * reply cannot break the status part: 7bit (RFC 3464 §2.1), or UTF-8 in the global form (RFC 6533 §3).
   */
  private static String printable(String s, boolean utf8) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> {
      boolean ok = c >= 0x20 && c != 0x7F && (c < 0x80 || utf8 && c >= 0xA0 && !Character.isISOControl(c)
          && Character.getType(c) != Character.SURROGATE && c != 0x2028 && c != 0x2029);
      if (ok) {
        b.appendCodePoint(c);
      } else {
        b.append('?');
      }
    });
    return b.toString();
  }

  private static String hex(RandomGenerator random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
