package dev.missive.transport;

/**
 * The error hook of a transport: told once when a connection's session ends with an exception that escaped the
 * session's own code ({@link EngineSession#handleEvents()}, a handler facade's misuse of its engine, an
 * {@link java.io.IOException} that is not the peer going away). Failed TLS handshakes and peers that vanish are not
 * errors: they are logged in one line and not reported here. It runs on the connection's thread (or event loop),
 * with the session id in the SLF4J MDC under {@code session}, before the connection is closed.
 *
 * <pre>{@code
 * SessionErrorHandler hook = (connection, error) -> metrics.increment("session-failures");
 * }</pre>
 */
@FunctionalInterface
public interface SessionErrorHandler {

  /**
   * Logs the failure at WARN with its stack trace and the session id: what a transport does when no hook is given.
   */
  SessionErrorHandler LOG = (connection, error) ->
      org.slf4j.LoggerFactory.getLogger(SessionErrorHandler.class)
          .warn("{} session failed (peer {})", connection.sessionId(), connection.remote(), error);

  /**
   * Reports a failed session; must not throw (what it throws is logged and ignored).
   *
   * @param connection the connection whose session failed
   * @param error      what escaped the session
   */
  void sessionFailed(Connection connection, Throwable error);
}
