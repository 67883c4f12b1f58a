package dev.missive.smtp.server;

import dev.missive.sasl.Authentication;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.ReceivedField;
import dev.missive.smtp.SmtpExtension;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.TlsInfo;
import java.util.Optional;
import java.util.Set;

/**
 * A read-only view of one SMTP session (RFC 5321 §4.1.4: what the server knows of the client at this point), for
 * the {@link SmtpHandler} of {@link SmtpHandlerServer}: who the peer is, whether TLS protects the connection, the
 * name the client greeted with, who it authenticated as, and the transaction so far. Every call reads the current
 * state; STARTTLS forgets the greeting, the authentication and the transaction (RFC 3207 §4.2).
 */
public interface SmtpSession {

  /** {@return the client's address, the session id (for log lines) and the connection's security} */
  PeerInfo peer();

  /**
   * {@return the TLS layer under the session: after STARTTLS the handshake's parameters, on an implicit-TLS
   * connection (RFC 8314) {@link TlsInfo#unknown()} unless the host told more; empty on plaintext}
   */
  Optional<TlsInfo> tls();

  /** {@return the name the client gave in HELO, EHLO or LHLO (RFC 5321 §4.1.1.1), once it greeted} */
  Optional<String> clientName();

  /** {@return who the client authenticated as (RFC 4954 §4), once AUTH succeeded} */
  Optional<Authentication> authentication();

  /** {@return the current transaction (RFC 5321 §3.3): MAIL FROM and the recipients accepted, once MAIL was} */
  Optional<Envelope> envelope();

  /** {@return the extensions in effect: those the EHLO or LHLO reply offered, none after HELO} */
  Set<SmtpExtension> extensions();

  /** {@return the {@code Received:} field for the current message (RFC 5321 §4.4, RFC 3848), dated now} */
  ReceivedField receivedField();
}
