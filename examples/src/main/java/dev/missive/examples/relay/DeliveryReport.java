package dev.missive.examples.relay;

import dev.missive.message.builder.MessageBuilder;
import dev.missive.message.builder.Part;
import dev.missive.message.header.DateTimes;
import dev.missive.message.header.HeaderField;
import dev.missive.smtp.OriginalRecipient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Builds the reports a relay sends about a message: an RFC 3464 delivery status notification, that is a
 * {@code multipart/report; report-type=delivery-status} (RFC 6522) written by message-format's
 * {@link MessageBuilder} ({@link Part.Report}) with a human-readable part, a {@code message/delivery-status} part
 * (RFC 3464 §2.2 per-message fields with {@code Original-Envelope-Id} when the sender gave {@code ENVID=}, §2.3
 * per-recipient fields with {@code Original-Recipient} when it gave {@code ORCPT=}; {@code Action: failed} for a
 * bounce, {@code delayed} for a warning and {@code relayed} for a recipient handed to a next hop that does not offer
 * DSN, §2.3.3) written as it is (7bit, RFC 3464 §2.1), and the original header ({@code text/rfc822-headers}, RFC 6522
 * §4) or the whole original message ({@code message/rfc822}) when a "failed" report honours {@code RET=FULL}
 * (RFC 3461 §4.3).
 *
 * <p>When the report goes to an address with UTF-8, or is about a message received with SMTPUTF8 ({@code global}),
 * it is the internationalized form of RFC 6533: {@code report-type=global-delivery-status}, a
 * {@code message/global-delivery-status} part whose addresses keep their UTF-8 (address type {@code utf-8},
 * RFC 6533 §3), the original header as {@code message/global-headers} and the message as {@code message/global}
 * when they hold UTF-8; the report itself must then be sent with SMTPUTF8, which its envelope to the UTF-8 address
 * asks for. Every line ends in CRLF.
 */
public final class DeliveryReport {

  /** What happened to a recipient (RFC 3464 §2.3.3). */
  public enum Action {
    /** Not delivered, and no further attempts will be made. */
    FAILED,
    /** Not delivered yet; attempts go on. */
    DELAYED,
    /** Handed to a next hop that does not offer DSN: no further report will come (RFC 3461 §5.2.2). */
    RELAYED
  }

  /**
   * One recipient the report is about (RFC 3464 §2.3).
   *
   * @param recipient  the forward path without angle brackets
   * @param status     the enhanced status code (RFC 3463), such as {@code 5.1.1}
   * @param diagnostic the remote server's reply or the relay's reason, as text
   * @param action     failed, delayed or relayed
   * @param original   the recipient's {@code ORCPT=} (RFC 3461 §4.2), reported as {@code Original-Recipient}
   */
  public record RecipientReport(String recipient, String status, String diagnostic, Action action,
                                Optional<OriginalRecipient> original) {
    /**
     * Rejects CR, LF and NUL: every value becomes a header-style line.
     *
     * @param recipient  the forward path without angle brackets
     * @param status     the enhanced status code (RFC 3463)
     * @param diagnostic the reason, as text
     * @param action     failed, delayed or relayed
     * @param original   the recipient's {@code ORCPT=}
     */
    public RecipientReport {
      for (String s : new String[] {recipient, status, diagnostic}) {
        if (Objects.requireNonNull(s).chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
          throw new IllegalArgumentException("CR, LF and NUL are not allowed in a delivery status field");
        }
      }
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(original, "original");
    }

    /**
     * A recipient without {@code ORCPT=}.
     *
     * @param recipient  the forward path without angle brackets
     * @param status     the enhanced status code (RFC 3463)
     * @param diagnostic the reason, as text
     * @param action     failed, delayed or relayed
     */
    public RecipientReport(String recipient, String status, String diagnostic, Action action) {
      this(recipient, status, diagnostic, action, Optional.empty());
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
   * @param envelopeId     the sender's {@code ENVID=} (RFC 3461 §4.4), reported as {@code Original-Envelope-Id}
   */
  public record Context(String reportingMta, Optional<String> remoteMta, Optional<ZonedDateTime> arrival,
                        Optional<ZonedDateTime> willRetryUntil, ZonedDateTime now, boolean global,
                        Optional<String> envelopeId) {
    /**
     * Requires every value.
     *
     * @param reportingMta   this relay's host name
     * @param remoteMta      the host that refused the message, if one did
     * @param arrival        when the relay received the message
     * @param willRetryUntil when the relay gives up on a delayed recipient
     * @param now            the time of the report
     * @param global         whether to write the RFC 6533 form
     * @param envelopeId     the sender's {@code ENVID=}
     */
    public Context {
      Objects.requireNonNull(reportingMta, "reportingMta");
      Objects.requireNonNull(remoteMta, "remoteMta");
      Objects.requireNonNull(arrival, "arrival");
      Objects.requireNonNull(willRetryUntil, "willRetryUntil");
      Objects.requireNonNull(now, "now");
      Objects.requireNonNull(envelopeId, "envelopeId");
    }

    /**
     * A context without {@code ENVID=}.
     *
     * @param reportingMta   this relay's host name
     * @param remoteMta      the host that refused the message, if one did
     * @param arrival        when the relay received the message
     * @param willRetryUntil when the relay gives up on a delayed recipient
     * @param now            the time of the report
     * @param global         whether to write the RFC 6533 form
     */
    public Context(String reportingMta, Optional<String> remoteMta, Optional<ZonedDateTime> arrival,
                   Optional<ZonedDateTime> willRetryUntil, ZonedDateTime now, boolean global) {
      this(reportingMta, remoteMta, arrival, willRetryUntil, now, global, Optional.empty());
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
   * Writes the notification returning the original header.
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
    return build(context, sender, recipients, returnedHeader(originalHeader, context.global()), random);
  }

  /**
   * Writes the notification.
   *
   * @param context    where and when, and in which form
   * @param sender     the original reverse path, which becomes the notification's {@code To}
   * @param recipients the recipients reported on, at least one
   * @param returned   what of the original message the report returns ({@link #returnedHeader},
   *                   {@link #returnedMessage}), if anything
   * @param random     the source of the boundary and Message-ID
   * @return the notification
   */
  public static byte[] build(Context context, String sender, List<RecipientReport> recipients,
                             Optional<Part> returned, RandomGenerator random) {
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("a delivery status notification needs a recipient");
    }
    boolean global = context.global();
    String mta = context.reportingMta();
    Action action = recipients.stream().map(RecipientReport::action).filter(a -> a == Action.FAILED).findFirst()
        .orElse(recipients.get(0).action());
    StringBuilder text = new StringBuilder(switch (action) {
      case FAILED -> "Your message could not be delivered to the following recipients:";
      case DELAYED -> "Your message has not been delivered yet to the following recipients; the relay keeps trying:";
      case RELAYED -> "Your message was relayed to a server that does not send delivery notifications; no further"
          + " notification will come for the following recipients:";
    }).append("\n\n");
    for (RecipientReport r : recipients) {
      text.append("  <").append(printable(r.recipient(), global)).append(">: ")
          .append(printable(r.diagnostic(), global)).append('\n');
    }
    Part report = new Part.Report(global ? "global-delivery-status" : "delivery-status", Part.text(text.toString()),
        new Part.Unencoded(global ? "message/global-delivery-status" : "message/delivery-status",
            statusFields(context, recipients)), returned);
    return new MessageBuilder().clock(Clock.fixed(context.now().toInstant(), context.now().getZone()))
        .random(random).utf8Headers(global)
        .from("Mail Delivery System", "MAILER-DAEMON@" + mta).to(null, sender)
        .subject(switch (action) {
          case FAILED -> "Undelivered Mail Returned to Sender";
          case DELAYED -> "Delayed Mail (still being retried)";
          case RELAYED -> "Relayed Mail (no further notification)";
        })
        .field("Auto-Submitted", "auto-replied") // RFC 3834 §5: no automatic answers to this one
        .body(report).build();
  }

  /**
   * The original header returned as {@code text/rfc822-headers} (RFC 6522 §4), or {@code message/global-headers}
   * when it holds UTF-8 in the global form (RFC 6533); nothing if its lines cannot be written as they are.
   *
   * @param header the header section
   * @param global whether the report is the RFC 6533 form
   * @return the part, if the header can be returned
   */
  public static Optional<Part> returnedHeader(byte[] header, boolean global) {
    boolean utf8 = global && !isAscii(new String(header, StandardCharsets.ISO_8859_1));
    try {
      return Optional.of(new Part.Unencoded(utf8 ? "message/global-headers" : "text/rfc822-headers", header));
    } catch (IllegalArgumentException e) { // a bare LF or a line over 998 octets: not returned
      return Optional.empty();
    }
  }

  /**
   * The whole original message ({@code RET=FULL}, RFC 3461 §4.3) as {@code message/rfc822}, or
   * {@code message/global} when it holds UTF-8 in the global form (RFC 6532 §3.7); empty when it cannot be returned
   * whole (8bit outside the global form, a bare LF, a line over 998 octets).
   *
   * @param message the original message
   * @param global  whether the report is the RFC 6533 form
   * @return the part, if the message can be returned whole
   */
  public static Optional<Part> returnedMessage(byte[] message, boolean global) {
    boolean ascii = isAscii(new String(message, StandardCharsets.ISO_8859_1));
    if (!ascii && !global) {
      return Optional.empty(); // an 8bit message/rfc822 would need BODY=8BITMIME for the report
    }
    try {
      return Optional.of(ascii ? Part.message(message) : new Part.Unencoded("message/global", message));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The status part's fields (RFC 3464 §2.2, §2.3, in the order of its grammar), every line ending in CRLF. */
  private static byte[] statusFields(Context context, List<RecipientReport> recipients) {
    boolean global = context.global();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    context.envelopeId().ifPresent(id -> field(out, "Original-Envelope-Id", printable(id, false)));
    field(out, "Reporting-MTA", "dns; " + context.reportingMta());
    context.arrival().ifPresent(a -> field(out, "Arrival-Date", DateTimes.format(a)));
    for (RecipientReport r : recipients) {
      line(out, "");
      r.original().ifPresent(o -> field(out, "Original-Recipient", o.addressType() + ";" + o.address()));
      boolean utf8 = global && !isAscii(r.recipient());
      text(out, "Final-Recipient: " + (utf8 ? "utf-8; " : "rfc822; ") + printable(r.recipient(), global), global);
      field(out, "Action", r.action().name().toLowerCase(java.util.Locale.ROOT));
      field(out, "Status", r.status());
      context.remoteMta().ifPresent(m -> field(out, "Remote-MTA", "dns; " + printable(m, false)));
      text(out, "Diagnostic-Code: smtp; " + printable(r.diagnostic(), global), global);
      if (r.action() == Action.DELAYED) {
        context.willRetryUntil().ifPresent(t -> field(out, "Will-Retry-Until", DateTimes.format(t)));
      }
    }
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
   * reply cannot break the status part: 7bit (RFC 3464 §2.1), or UTF-8 in the global form (RFC 6533 §3); at most
   * 900 characters (240 in UTF-8, four octets each at most), so no line reaches RFC 5322 §2.1.1's 998 octets.
   */
  private static String printable(String s, boolean utf8) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().limit(utf8 ? 240 : 900).forEach(c -> {
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
}
