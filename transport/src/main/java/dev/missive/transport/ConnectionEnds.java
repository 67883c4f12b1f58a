package dev.missive.transport;

import java.io.IOException;
import java.net.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How the blocking server and client end a connection whatever failed: the session first, then its sockets. */
final class ConnectionEnds {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionEnds.class);

  private ConnectionEnds() {
  }

  /** Lets a session whose peer vanished (or whose socket failed) end as if the peer had closed, then clean up. */
  static void endQuietly(EngineSession session) {
    try {
      if (!session.engine().isClosed()) {
        session.engine().receiveEnd();
        session.handleEvents();
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("ending a broken session: {}", e.toString());
    } finally {
      session.closed();
    }
  }

  static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
