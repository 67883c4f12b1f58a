package dev.missive.smtp.host;

import dev.missive.smtp.Reply;
import java.io.IOException;
import java.util.Optional;

/**
 * The SMTP session could not be opened or went away before a message could be sent: the server refused the greeting
 * or AUTH (RFC 4954 §6: 535, 534, 538, 454), did not offer STARTTLS although TLS is required (RFC 3207 §4), or closed
 * the session (421, RFC 5321 §3.8). A TLS handshake that failed (an untrusted certificate, a wrong host name) is a
 * {@code TlsHandshakes.HandshakeFailedException} instead.
 */
public final class SmtpSessionException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The server's reply, if one caused the failure. */
  private final transient Reply reply;

  /**
   * Creates the failure.
   *
   * @param reason what went wrong
   * @param reply  the server's reply, if one caused it
   */
  public SmtpSessionException(String reason, Optional<Reply> reply) {
    super(reason + reply.map(r -> ": " + r.code() + " " + r.text()).orElse(""));
    this.reply = reply.orElse(null);
  }

  /** {@return the server's reply, if one caused the failure} */
  public Optional<Reply> reply() {
    return Optional.ofNullable(reply);
  }
}
