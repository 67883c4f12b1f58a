package dev.missive.smtp.client.internal;

import dev.missive.smtp.BodyType;
import dev.missive.smtp.MailParameters;
import dev.missive.smtp.RcptParameters;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.client.EhloCapabilities;
import dev.missive.smtp.client.Envelope;
import dev.missive.smtp.client.Recipient;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Checks an envelope against what the server announced and writes its MAIL and RCPT command lines (RFC 5321
 * §4.1.1.2–§4.1.1.3): parameters the server did not announce are refused when the message needs them
 * (SMTPUTF8 RFC 6531 §3.4, 8BITMIME RFC 6152, BINARYMIME RFC 3030 §3, REQUIRETLS RFC 8689 §4.1, SIZE over the
 * announced maximum RFC 1870 §6) and left out when they are advisory (SIZE, DSN RFC 3461 §4, AUTH= RFC 4954 §5).
 */
public final class EnvelopeCommands {

  private final Envelope envelope;
  private final EhloCapabilities caps;
  private final boolean utf8;

  /** Prepares the commands of {@code envelope} for a server with {@code caps}. */
  public EnvelopeCommands(Envelope envelope, EhloCapabilities caps) {
    this.envelope = envelope;
    this.caps = caps;
    this.utf8 = envelope.needsSmtpUtf8() || envelope.parameters().smtpUtf8();
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
    OptionalLong max = caps.maxSize();
    if (p.size().isPresent() && max.isPresent() && p.size().getAsLong() > max.getAsLong()) {
      return "the message size " + p.size().getAsLong() + " exceeds the server's SIZE " + max.getAsLong()
          + " (RFC 1870 §6)";
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
        p.requireTls());
    return withParameters("MAIL FROM:<" + envelope.reversePath() + ">", sent.toParameterString());
  }

  /** The RCPT TO command line of {@code recipient}, without CRLF. */
  public String rcpt(Recipient recipient) {
    RcptParameters p = caps.has(SmtpExtension.DSN) ? recipient.parameters() : RcptParameters.NONE;
    return withParameters("RCPT TO:<" + recipient.forwardPath() + ">", p.toParameterString());
  }

  private static String withParameters(String command, String parameters) {
    return parameters.isEmpty() ? command : command + " " + parameters;
  }
}
