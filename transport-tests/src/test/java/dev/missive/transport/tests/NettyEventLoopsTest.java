package dev.missive.transport.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.transport.netty.NettyServer;
import io.netty.util.NettyRuntime;
import java.io.InputStream;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Netty server's own event loops: one per core, as {@link NettyServer.Builder#eventLoops} says. Netty's default
 * is two per core, which on a busy server only adds hand-overs between threads: the listener's loop registers each new
 * connection on the next loop, a task and a selector wake-up whenever that loop is another thread.
 */
@Timeout(60)
class NettyEventLoopsTest {

  @Test
  void connectionsAreSpreadOverOneEventLoopPerCore() throws Exception {
    int cores = NettyRuntime.availableProcessors();
    Set<Thread> loops = ConcurrentHashMap.newKeySet();
    try (NettyServer server = NettyServer.builder("loops", c -> {
      loops.add(Thread.currentThread()); // sessions are made on the connection's event loop
      return TestSessions.smtp(c.connection());
    }).start()) {
      for (int i = 0; i < 4 * cores + 1; i++) { // connections go round the loops in turn: every loop gets some
        try (Socket s = new Socket("127.0.0.1", server.port())) {
          s.setSoTimeout(10_000);
          InputStream in = s.getInputStream();
          assertThat(Replies.smtp(in)).startsWith("220 ");
        }
      }
    }
    assertThat(loops).hasSize(cores);
  }
}
