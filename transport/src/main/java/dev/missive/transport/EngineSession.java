package dev.missive.transport;

import dev.missive.wire.ProtocolEngine;
import java.io.IOException;

/**
 * One connection's engine and the protocol-specific code that answers its events; a transport moves the bytes and
 * calls {@link #handleEvents()} after every {@code receive}, drain and timeout (docs/architecture.md, "Driving an
 * engine"). A handler facade that answers its own events inside its calls needs no code here: {@link #of}.
 */
public interface EngineSession {

  /** {@return the engine of this connection} */
  ProtocolEngine engine();

  /**
   * Answers every event the engine has pending (for example with an instanceof chain over a raw engine's events).
   *
   * @throws IOException if answering needed I/O that failed; the transport ends the connection and reports it to its
   *                     error hook
   */
  void handleEvents() throws IOException;

  /**
   * Whether the session has more to hand the engine before it waits for the peer (for example message content a
   * client engine took only in part); the transport then drains and calls {@link #handleEvents()} again instead of
   * blocking on a read.
   *
   * @return whether the transport should go round again before it waits for the peer
   */
  default boolean wantsToWrite() {
    return false;
  }

  /**
   * A session for an engine that answers its own events inside {@code receive} (a handler facade such as
   * {@code Pop3HandlerServer}), so the transport has nothing to do between reads.
   *
   * @param engine the facade
   * @return the session of {@code engine}
   */
  static EngineSession of(ProtocolEngine engine) {
    return new EngineSession() {
      @Override
      public ProtocolEngine engine() {
        return engine;
      }

      @Override
      public void handleEvents() {
        // answered inside the engine
      }
    };
  }

  /**
   * Ends the session because the server is stopping, through {@link ProtocolEngine#shutdown()}, from the
   * transport's serialised context (an SMTP server answers {@code 421 4.3.2}, RFC 5321 §3.8; a POP3 session ends
   * without entering UPDATE, RFC 1939 §6: nothing is deleted); the transport then writes what the engine queued and
   * closes.
   *
   * @throws IOException if answering the events of the shutdown failed
   */
  default void shutdown() throws IOException {
    engine().shutdown();
    handleEvents();
  }

  /** Called once when the connection is gone, whatever the reason; releases storage locks and partial files. */
  default void closed() {}
}
