package dev.missive.pop3.server;

import dev.missive.sasl.Authentication;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.TlsInfo;
import java.util.Optional;

/**
 * A read-only view of one POP3 session, for a {@link Pop3Handler} (given to the function that makes it, see
 * {@link Pop3HandlerServer}) and for any host of a {@link Pop3Server} ({@link Pop3Server#session()}). It always
 * shows the session as it is now.
 */
public interface Pop3Session {

  /** {@return the client's address, the session id every log line carries, and how the connection started} */
  PeerInfo peer();

  /** {@return the TLS the host put in place after STLS (RFC 2595 §4), or empty (none, or implicit TLS)} */
  Optional<TlsInfo> tls();

  /** {@return whether TLS is in place, after STLS or because the connection started with it} */
  boolean tlsActive();

  /**
   * The identity that logged in, once the credentials were checked: for USER/PASS the mechanism is {@code USER},
   * for APOP {@code APOP} (RFC 1939 §7), for AUTH the SASL mechanism (RFC 5034 §4).
   *
   * @return who logged in, or empty before a successful login
   */
  Optional<Authentication> authentication();

  /** {@return the session's state (RFC 1939 §3)} */
  Pop3State state();
}
