package dev.missive.smtp.server.internal;

import dev.missive.smtp.BodyType;
import dev.missive.smtp.DeliverBy;
import dev.missive.smtp.DsnNotify;
import dev.missive.smtp.DsnReturn;
import dev.missive.smtp.FutureRelease;
import dev.missive.smtp.MailParameters;
import dev.missive.smtp.MtPriority;
import dev.missive.smtp.OriginalRecipient;
import dev.missive.smtp.RcptParameters;
import dev.missive.smtp.Reply;
import dev.missive.smtp.Rrvs;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.internal.XText;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Parses the ESMTP parameters after a MAIL FROM or RCPT TO path (RFC 5321 §4.1.2 {@code esmtp-param}) against
 * the extensions the session advertised: an unknown or unadvertised keyword gets 555 5.5.4 (RFC 5321
 * §4.1.1.11), a bad value 501 5.5.4, a declared SIZE over the limit 552 5.3.4 (RFC 1870 §6.1). Parameters: SIZE,
 * BODY, SMTPUTF8, REQUIRETLS, RET, ENVID, AUTH, BY (RFC 2852), MT-PRIORITY (RFC 6710), HOLDFOR/HOLDUNTIL (RFC 4865)
 * on MAIL; NOTIFY, ORCPT and RRVS (RFC 7293) on RCPT.
 *
 * <p>Repeats: RFC 3461 §4 says ENVID, RET, NOTIFY and ORCPT must not appear more than once in one command, and a
 * server should answer 501, so a repeated DSN parameter gets {@code 501 5.5.4 Duplicate parameter}; so does a
 * second MT-PRIORITY (RFC 6710 §4.1 item 1: the server "MUST return an error"). The other
 * MAIL parameters (SIZE, BODY, SMTPUTF8, AUTH, REQUIRETLS) have no such rule, and deployed clients do repeat them
 * (Python's {@code smtplib.send_message} appends {@code SMTPUTF8 BODY=8BITMIME} to the caller's own options for a
 * non-ASCII address): a repeat that means the same as the first occurrence is accepted, one that contradicts it
 * gets {@code 501 5.5.4} (which value would the client mean?).
 */
public final class ParameterParser {

  private static final Reply UNSUPPORTED = Reply.of(555, "5.5.4", "Unsupported parameter");
  private static final Reply DUPLICATE = Reply.of(501, "5.5.4", "Duplicate parameter");
  private static final Reply CONFLICT = Reply.of(501, "5.5.4", "Parameter repeated with a different value");
  /** The parameters RFC 3461 §4 and RFC 6710 §4.1 allow at most once per command. */
  private static final Set<String> AT_MOST_ONCE = Set.of("ENVID", "RET", "NOTIFY", "ORCPT", "MT-PRIORITY");

  private ParameterParser() {
  }

  /**
   * Parses MAIL FROM parameters.
   *
   * @param text     everything after the path, possibly empty
   * @param offered  the extensions advertised in this session
   * @param maxSize  the message size limit
   */
  public static Parsed<MailParameters> mail(String text, Set<SmtpExtension> offered, long maxSize) {
    return each(text, MailParameters.NONE, (p, key, value) -> mailParameter(p, key, value, offered, maxSize));
  }

  /** One {@code keyword[=value]} applied to the parameters so far. */
  private interface Step<T> {
    Parsed<T> apply(T parameters, String keyword, String value);
  }

  /**
   * Splits {@code text} into {@code keyword[=value]} items (keywords upper-cased) and applies each; a repeated
   * keyword is refused if RFC 3461 §4 or RFC 6710 §4.1 forbids it, or if applying it again changes the parameters.
   */
  private static <T> Parsed<T> each(String text, T initial, Step<T> step) {
    T p = initial;
    Parsed<T> last = null; // the last step's result, returned as it is when it holds the final parameters
    int hi = text.length(); // the bounds String.trim() would give, without the copy
    int lo = 0;
    while (lo < hi && text.charAt(lo) <= ' ') {
      lo++;
    }
    while (hi > lo && text.charAt(hi - 1) <= ' ') {
      hi--;
    }
    String first = null;
    Set<String> seen = null; // made at the second parameter: most commands carry one or none
    int end = lo;
    while (end < hi) {
      int start = end;
      end = text.indexOf(' ', start);
      if (end < 0 || end > hi) {
        end = hi;
      }
      int paramEnd = end;
      while (end < hi && text.charAt(end) == ' ') { // items are separated by one or more spaces
        end++;
      }
      int eq = text.indexOf('=', start);
      if (eq >= paramEnd) {
        eq = -1;
      }
      String key = text.substring(start, eq < 0 ? paramEnd : eq).toUpperCase(Locale.ROOT);
      String value = eq < 0 ? null : text.substring(eq + 1, paramEnd);
      boolean repeated;
      if (first == null) {
        first = key;
        repeated = false;
      } else {
        if (seen == null) {
          seen = new HashSet<>();
          seen.add(first);
        }
        repeated = !seen.add(key);
      }
      if (repeated && AT_MOST_ONCE.contains(key)) {
        return Parsed.fail(DUPLICATE);
      }
      Parsed<T> next = step.apply(p, key, value);
      if (next.failed()) {
        return next;
      }
      if (repeated && !next.value().equals(p)) {
        return Parsed.fail(CONFLICT);
      }
      p = next.value();
      last = next;
    }
    return last != null ? last : Parsed.ok(p);
  }

  private static Parsed<MailParameters> mailParameter(MailParameters p, String key, String value,
      Set<SmtpExtension> offered, long maxSize) {
    switch (key) {
      case "SIZE":
        if (!offered.contains(SmtpExtension.SIZE)) {
          return Parsed.fail(UNSUPPORTED);
        }
        long size = digits(value);
        if (size < 0) {
          return bad("SIZE");
        }
        if (size > maxSize) {
          return Parsed.fail(Reply.of(552, "5.3.4", "Message size exceeds fixed maximum message size"));
        }
        return Parsed.ok(p.withSize(size));
      case "BODY":
        BodyType body = value == null ? null : BodyType.fromKeyword(value);
        if (!offered.contains(SmtpExtension.EIGHT_BIT_MIME) && !offered.contains(SmtpExtension.BINARY_MIME)) {
          return Parsed.fail(UNSUPPORTED);
        }
        if (body == null) {
          return bad("BODY");
        }
        if ((body == BodyType.BINARY_MIME && !offered.contains(SmtpExtension.BINARY_MIME))
            || (body == BodyType.EIGHT_BIT_MIME && !offered.contains(SmtpExtension.EIGHT_BIT_MIME))) {
          return Parsed.fail(Reply.of(555, "5.5.4", "Unsupported BODY type"));
        }
        return Parsed.ok(p.withBody(body));
      case "SMTPUTF8":
        return flag(offered, SmtpExtension.SMTPUTF8, value, p.withSmtpUtf8(true));
      case "REQUIRETLS":
        return flag(offered, SmtpExtension.REQUIRETLS, value, p.withRequireTls(true));
      case "RET":
        if (!offered.contains(SmtpExtension.DSN)) {
          return Parsed.fail(UNSUPPORTED);
        }
        if ("FULL".equalsIgnoreCase(value) || "HDRS".equalsIgnoreCase(value)) {
          return Parsed.ok(p.withRet(DsnReturn.valueOf(value.toUpperCase(Locale.ROOT))));
        }
        return bad("RET");
      case "ENVID":
        if (!offered.contains(SmtpExtension.DSN)) {
          return Parsed.fail(UNSUPPORTED);
        }
        String id = value == null ? null : XText.decode(value);
        if (id == null || id.isEmpty() || id.length() > MailParameters.MAX_ENVID_LENGTH) {
          return bad("ENVID");
        }
        return Parsed.ok(p.withEnvelopeId(id));
      case "AUTH":
        if (!offered.contains(SmtpExtension.AUTH)) {
          return Parsed.fail(UNSUPPORTED);
        }
        String mailbox = "<>".equals(value) ? value : value == null ? null : XText.decode(value);
        if (mailbox == null || mailbox.isEmpty()) {
          return bad("AUTH");
        }
        return Parsed.ok(p.withAuth(mailbox));
      case "BY":
        if (!offered.contains(SmtpExtension.DELIVERBY)) {
          return Parsed.fail(UNSUPPORTED);
        }
        DeliverBy by = DeliverBy.parse(value);
        return by == null ? bad("BY") : Parsed.ok(p.withDeliverBy(by));
      case "MT-PRIORITY":
        if (!offered.contains(SmtpExtension.MT_PRIORITY)) {
          return Parsed.fail(UNSUPPORTED);
        }
        MtPriority priority = MtPriority.parse(value);
        return priority == null ? bad("MT-PRIORITY") : Parsed.ok(p.withPriority(priority));
      case "HOLDFOR":
      case "HOLDUNTIL":
        return hold(p, key, value, offered);
      default:
        return Parsed.fail(UNSUPPORTED);
    }
  }

  /**
   * {@code HOLDFOR=} or {@code HOLDUNTIL=} (RFC 4865 §3): 555 unless FUTURERELEASE is offered, 501 for a malformed
   * value and for both in one command (the hold-param is one or the other). Whether the hold is within what the
   * server offers is judged against the clock by the caller ({@link dev.missive.smtp.FutureReleaseOffer#refusal}).
   */
  private static Parsed<MailParameters> hold(MailParameters p, String key, String value,
      Set<SmtpExtension> offered) {
    if (!offered.contains(SmtpExtension.FUTURERELEASE)) {
      return Parsed.fail(UNSUPPORTED);
    }
    FutureRelease hold = FutureRelease.parse(key, value);
    if (hold == null) {
      return bad(key);
    }
    if (p.release().isPresent() && p.release().get().getClass() != hold.getClass()) {
      return Parsed.fail(Reply.of(501, "5.5.4", "HOLDFOR and HOLDUNTIL cannot both be given"));
    }
    return Parsed.ok(p.withRelease(hold));
  }

  /**
   * Parses RCPT TO parameters.
   *
   * @param text    everything after the path, possibly empty
   * @param offered the extensions advertised in this session
   */
  public static Parsed<RcptParameters> rcpt(String text, Set<SmtpExtension> offered) {
    return each(text, RcptParameters.NONE, (p, key, value) -> {
      if (key.equals("RRVS") && offered.contains(SmtpExtension.RRVS)) {
        Rrvs rrvs = Rrvs.parse(value);
        return rrvs == null ? bad("RRVS") : Parsed.ok(p.withValidSince(rrvs));
      }
      if (!offered.contains(SmtpExtension.DSN) || (!key.equals("NOTIFY") && !key.equals("ORCPT"))) {
        return Parsed.fail(UNSUPPORTED);
      }
      if (key.equals("NOTIFY")) {
        Set<DsnNotify> notify = notify(value);
        return notify == null ? bad("NOTIFY") : Parsed.ok(p.withNotify(notify));
      }
      OriginalRecipient orcpt = orcpt(value);
      return orcpt == null ? bad("ORCPT") : Parsed.ok(p.withOriginalRecipient(orcpt));
    });
  }

  private static Set<DsnNotify> notify(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    Set<DsnNotify> set = EnumSet.noneOf(DsnNotify.class);
    for (String v : value.split(",", -1)) {
      DsnNotify n;
      try {
        n = DsnNotify.valueOf(v.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        return null;
      }
      if (!set.add(n)) {
        return null;
      }
    }
    return set.contains(DsnNotify.NEVER) && set.size() > 1 ? null : set;
  }

  private static OriginalRecipient orcpt(String value) {
    if (value == null || value.length() > OriginalRecipient.MAX_LENGTH) {
      return null;
    }
    int semi = value.indexOf(';');
    if (semi <= 0) {
      return null;
    }
    String type = value.substring(0, semi);
    String address = XText.decode(value.substring(semi + 1));
    if (address == null || address.isEmpty()) {
      return null;
    }
    for (int i = 0; i < type.length(); i++) {
      char c = type.charAt(i);
      if (c <= 0x20 || c >= 0x7F || c == '=' || c == '+') {
        return null;
      }
    }
    return new OriginalRecipient(type, address);
  }

  private static <T> Parsed<T> flag(Set<SmtpExtension> offered, SmtpExtension ext, String value, T result) {
    if (!offered.contains(ext)) {
      return Parsed.fail(UNSUPPORTED);
    }
    return value == null ? Parsed.ok(result) : Parsed.fail(Reply.of(501, "5.5.4", ext.keyword() + " takes no value"));
  }

  private static <T> Parsed<T> bad(String keyword) {
    return Parsed.fail(Reply.of(501, "5.5.4", "Invalid " + keyword + " parameter"));
  }

  /** A non-negative decimal of at most 18 digits, or -1. */
  private static long digits(String value) {
    if (value == null || value.isEmpty() || value.length() > 18) {
      return -1;
    }
    long n = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

}
