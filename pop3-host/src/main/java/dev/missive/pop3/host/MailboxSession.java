package dev.missive.pop3.host;

import dev.missive.pop3.client.Pop3Client;
import dev.missive.pop3.client.Pop3ClientEvent;
import dev.missive.transport.ClientCalls;
import dev.missive.transport.EngineSession;
import dev.missive.wire.ProtocolEngine;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session thread's side of a {@link Pop3Mailbox}: drives the {@link Pop3Client} engine, and whenever the session
 * is logged in and no command is outstanding, takes the application's next call ({@link ClientCalls#awaitCall()}).
 * Each call queues one command and is answered by that command's events (RFC 1939 §3: the server answers in order).
 */
final class MailboxSession implements EngineSession {

  private static final Logger LOG = LoggerFactory.getLogger(MailboxSession.class);

  /** One command in flight: takes the engine's events until it is answered. */
  interface Exchange {
    /**
     * Takes one event of the command's answer.
     *
     * @param event the engine's event
     * @return whether the command is answered (the exchange is over)
     */
    boolean on(Pop3ClientEvent event);

    /**
     * The session ended before the answer was complete.
     *
     * @param reason why
     */
    void ended(IOException reason);
  }

  private final Pop3Client engine;
  private final ClientCalls calls;
  private Exchange current;
  private boolean loggedIn;
  private IOException endReason;

  MailboxSession(Pop3Client engine, ClientCalls calls) {
    this.engine = engine;
    this.calls = calls;
  }

  @Override
  public ProtocolEngine engine() {
    return engine;
  }

  /**
   * Starts {@code exchange} (on the session thread, from a call): the caller has queued its command on the engine.
   *
   * @param exchange takes the command's answer
   */
  void begin(Exchange exchange) {
    current = exchange;
  }

  /** {@return the engine, for calls to queue their commands (on the session thread only)} */
  Pop3Client client() {
    return engine;
  }

  @Override
  public void handleEvents() {
    while (true) {
      drain();
      if (!loggedIn || current != null || engine.isClosed() || engine.hasOutput()) {
        return; // the loop writes, reads and comes back
      }
      if (!calls.awaitCall()) {
        LOG.info("[{}] the application gave the session up; ending without QUIT", engine.peer().sessionId());
        engine.shutdown(); // no QUIT: nothing is deleted (RFC 1939 §6)
      }
    }
  }

  /**
   * The connection is gone. The engine's last events (its {@code Closed}) may not have been handed to
   * {@link #handleEvents()} by the transport, so they are taken here.
   */
  @Override
  public void closed() {
    drain();
    ended(new IOException("the connection to the POP3 server is closed"));
  }

  /** {@return why the session ended (a refused login, the server's close, QUIT), or null while it runs} */
  IOException endReason() {
    return endReason;
  }

  private void drain() {
    for (Pop3ClientEvent e; (e = engine.nextEvent()) != null; ) {
      handle(e);
    }
  }

  private void handle(Pop3ClientEvent e) {
    if (e instanceof Pop3ClientEvent.LoggedIn) {
      loggedIn = true;
    } else if (e instanceof Pop3ClientEvent.LoginFailed f) {
      ended(new Pop3LoginException(f.method(), f.text(), f.code()));
    } else if (e instanceof Pop3ClientEvent.Closed c) {
      ended(new IOException(c.orderly() && loggedIn ? "the POP3 session is closed"
          : "the POP3 session ended: " + c.reason()));
    } else if (current != null && current.on(e)) {
      current = null;
    }
    // Greeted, CapabilitiesKnown and TlsRequested need nothing here: the transport starts TLS from the engine's status
  }

  private void ended(IOException reason) {
    if (endReason == null) {
      endReason = reason;
    }
    if (current != null) {
      Exchange open = current;
      current = null;
      open.ended(reason);
    }
  }
}
