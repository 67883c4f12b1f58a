package dev.missive.smtp.client;

import dev.missive.message.address.EnvelopeSyntax;
import dev.missive.message.address.PathResult;
import dev.missive.smtp.BodyType;
import dev.missive.smtp.DeliverBy;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.MailParameters;
import dev.missive.smtp.RcptParameters;
import dev.missive.smtp.Recipient;
import dev.missive.smtp.Rrvs;
import dev.missive.smtp.SmtpExtension;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Checks an envelope against what the server announced and writes its MAIL and RCPT command lines (RFC 5321
 * §4.1.1.2–§4.1.1.3): parameters the server did not announce are refused when the message needs them
 * (SMTPUTF8 RFC 6531 §3.4, 8BITMIME RFC 6152, BINARYMIME RFC 3030 §3, REQUIRETLS RFC 8689 §4.1, SIZE over the
 * announced maximum RFC 1870 §6) and left out when they are advisory (SIZE, DSN RFC 3461 §4, AUTH= RFC 4954 §5);
 * every path is checked with {@link EnvelopeSyntax#check} as the receiving side will parse it (the limits of
 * RFC 5321 §4.5.3.1, no UTF-8 without SMTPUTF8), so nothing is written for an envelope the server could misread.
 */
final class EnvelopeWriter {

  private final Envelope envelope;
  private final EhloCapabilities caps;
  private final boolean utf8;

  /** Prepares the commands of {@code envelope} for a server with {@code caps}. */
  public EnvelopeWriter(Envelope envelope, EhloCapabilities caps) {
    this.envelope = envelope;
    this.caps = caps;
    this.utf8 = envelope.requiresUtf8() || envelope.parameters().smtpUtf8();
  }

  /**
   * Why the server cannot take this envelope, or {@code null} when it can.
   *
   * @param tls  whether TLS is active
   * @param bdat whether the content will go with BDAT
   */
  public String refusal(boolean tls, boolean bdat) {
    MailParameters p = envelope.parameters();
    if (utf8 && !caps.has(SmtpExtension.SMTPUTF8)) {
      return "the envelope needs SMTPUTF8 (RFC 6531) and the server does not offer it";
    }
    String badPath = badPath();
    if (badPath != null) {
      return badPath;
    }
    BodyType body = p.body().orElse(BodyType.SEVEN_BIT);
    if (body == BodyType.EIGHT_BIT_MIME && !caps.has(SmtpExtension.EIGHT_BIT_MIME)) {
      return "the body is 8BITMIME and the server does not offer 8BITMIME (RFC 6152)";
    }
    if (body == BodyType.BINARY_MIME && !(bdat && caps.has(SmtpExtension.BINARY_MIME))) {
      return "the body is BINARYMIME and the server does not offer BINARYMIME with CHUNKING (RFC 3030 §3)";
    }
    if (p.requireTls() && !(tls && caps.has(SmtpExtension.REQUIRETLS))) {
      return "the message requires TLS and the session is not TLS with REQUIRETLS offered (RFC 8689 §4.1)";
    }
    if (p.deliverBy().isPresent() && !caps.has(SmtpExtension.DELIVERBY)) {
      return "the message has a deliver-by time and the server does not offer DELIVERBY (RFC 2852)";
    }
    long minBy = caps.minDeliverBy().orElse(0);
    if (p.deliverBy().filter(b -> b.mode() == DeliverBy.Mode.RETURN && b.byTime() < minBy).isPresent()) {
      return "the message's deliver-by time is below the server's minimum of " + minBy + " seconds (RFC 2852 §4)";
    }
    if (p.release().isPresent() && !caps.has(SmtpExtension.FUTURERELEASE)) {
      return "the message is to be held and the server does not offer FUTURERELEASE (RFC 4865)";
    }
    String beyond = p.release().flatMap(r -> caps.futureRelease().map(o -> o.refusal(r, null))).orElse(null);
    if (beyond != null) {
      return beyond + " (RFC 4865 §3)";
    }
    if (!caps.has(SmtpExtension.RRVS) && envelope.recipients().stream().anyMatch(r -> r.parameters().validSince()
        .flatMap(Rrvs::action).orElse(Rrvs.Action.REJECT) == Rrvs.Action.REJECT
        && r.parameters().validSince().isPresent())) {
      return "a recipient has an RRVS condition the server cannot check: it does not offer RRVS (RFC 7293)";
    }
    OptionalLong max = caps.maxSize();
    if (p.size().isPresent() && max.isPresent() && p.size().getAsLong() > max.getAsLong()) {
      return "the message size " + p.size().getAsLong() + " exceeds the server's SIZE " + max.getAsLong()
          + " (RFC 1870 §6)";
    }
    return null;
  }

  /** Why a path may not be sent as it stands (RFC 5321 §4.1.2, §4.5.3.1; RFC 6531 §3.3), or null. */
  private String badPath() {
    EnvelopeSyntax syntax = EnvelopeSyntax.of(utf8);
    Optional<? extends PathResult.Invalid<?>> bad = syntax.check(envelope.reversePath());
    if (bad.isPresent()) {
      return "the reverse-path cannot be sent: " + bad.get().detail();
    }
    for (int i = 0; i < envelope.recipients().size(); i++) {
      bad = syntax.check(envelope.recipients().get(i).forwardPath());
      if (bad.isPresent()) {
        return "recipient " + i + " cannot be sent: " + bad.get().detail();
      }
    }
    return null;
  }

  /** Whether the commands must be written as UTF-8 (RFC 6531 §3.2). */
  public boolean utf8() {
    return utf8;
  }

  /** The MAIL FROM command line, without CRLF. */
  public String mail() {
    MailParameters p = envelope.parameters();
    boolean dsn = caps.has(SmtpExtension.DSN);
    BodyType body = p.body().orElse(null);
    boolean sendBody = body != null && (body != BodyType.SEVEN_BIT || caps.has(SmtpExtension.EIGHT_BIT_MIME));
    MailParameters sent = new MailParameters(
        caps.has(SmtpExtension.SIZE) ? p.size() : OptionalLong.empty(),
        sendBody ? p.body() : Optional.empty(),
        utf8,
        dsn ? p.ret() : Optional.empty(),
        dsn ? p.envelopeId() : Optional.empty(),
        caps.has(SmtpExtension.AUTH) ? p.auth() : Optional.empty(),
        p.requireTls(), p.deliverBy(), caps.has(SmtpExtension.MT_PRIORITY) ? p.priority() : Optional.empty(),
        p.release());
    return withParameters("MAIL FROM:" + envelope.reversePath().toWireForm(), sent.toParameterString());
  }

  /** The RCPT TO command line of {@code recipient}, without CRLF. */
  public String rcpt(Recipient recipient) {
    RcptParameters given = recipient.parameters();
    RcptParameters p = new RcptParameters(caps.has(SmtpExtension.DSN) ? given.notifications() : java.util.Set.of(),
        caps.has(SmtpExtension.DSN) ? given.originalRecipient() : Optional.empty(),
        caps.has(SmtpExtension.RRVS) ? given.validSince() : Optional.empty()); // ;C without RRVS: sent without it
    return withParameters("RCPT TO:" + recipient.forwardPath().toWireForm(), p.toParameterString());
  }

  private static String withParameters(String command, String parameters) {
    return parameters.isEmpty() ? command : command + " " + parameters;
  }
}
