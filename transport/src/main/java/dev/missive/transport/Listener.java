package dev.missive.transport;

import java.io.IOException;
import java.util.Objects;

/**
 * A protocol listener on one or two ports of either transport: the plaintext port, where STARTTLS/STLS is offered
 * when TLS is set, and an optional implicit-TLS port (RFC 8314 §3). The SMTP, POP3 and IMAP listeners
 * ({@code SmtpListener}, {@code Pop3Listener}, {@code ImapListener}) extend it and are made with a
 * {@link ListenerBuilder}; {@link #close()} is their graceful stop.
 */
public abstract class Listener implements AutoCloseable {

  private final RunningServer plain;
  private final RunningServer implicit;

  /**
   * Takes over the bound servers.
   *
   * @param plain    the plaintext port's server
   * @param implicit the implicit-TLS port's server, or null if there is none
   */
  protected Listener(RunningServer plain, RunningServer implicit) {
    this.plain = Objects.requireNonNull(plain, "plain");
    this.implicit = implicit;
  }

  /** {@return the bound port of the plaintext listener (STARTTLS/STLS offered there when TLS is set)} */
  public final int port() {
    return plain.port();
  }

  /**
   * The bound implicit-TLS port.
   *
   * @return the port, or -1 if there is none
   */
  public final int implicitTlsPort() {
    return implicit == null ? -1 : implicit.port();
  }

  /** {@return how many connections are open now, on both ports} */
  public final int connections() {
    return plain.connections() + (implicit == null ? 0 : implicit.connections());
  }

  /**
   * Stops accepting on both ports and ends every session as its protocol says a server that goes away does (SMTP
   * {@code 421 4.3.2}, RFC 5321 §3.8; POP3 without UPDATE, RFC 1939 §6; IMAP {@code BYE}, RFC 9051 §7.1.5), waiting a
   * few seconds for each goodbye, then closes the connections.
   *
   * @throws IOException if a listening socket cannot be closed
   */
  @Override
  public final void close() throws IOException {
    try {
      plain.close();
    } finally {
      if (implicit != null) {
        implicit.close();
      }
    }
  }
}
