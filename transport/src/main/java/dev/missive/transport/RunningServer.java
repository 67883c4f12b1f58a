package dev.missive.transport;

import java.io.IOException;

/**
 * A bound server of either transport ({@link BlockingServer}, {@code NettyServer}): its port, how many connections
 * it serves and its graceful stop.
 */
public interface RunningServer extends AutoCloseable {

  /** {@return the bound port} */
  int port();

  /** {@return how many connections are open now (connections refused for a limit are never counted)} */
  int connections();

  /**
   * Stops accepting, ends every session through {@link EngineSession#shutdown()} (SMTP {@code 421}, RFC 5321 §3.8;
   * POP3 without UPDATE, RFC 1939 §6; IMAP {@code BYE}, RFC 9051 §7.1.5) and closes every connection.
   *
   * @throws IOException if the listening socket cannot be closed
   */
  @Override
  void close() throws IOException;
}
