package dev.missive.transport.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.transport.netty.NettyServer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.NettyRuntime;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Netty server's own event loops: one per core, as {@link NettyServer.Builder#eventLoops} says, over Netty's native
 * epoll transport where it loads (transport-netty brings the Linux x86_64 library) unless the user forces NIO. Netty's default
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

  /** Linux on x86_64 is the platform whose native library transport-netty brings: there epoll must run. */
  private static boolean nativeLibraryShipped() {
    return System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux")
        && Set.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
  }

  @Test
  void theStartSaysWhichIoRunsAndItIsNativeEpollWhereTheLibraryShips() throws Exception {
    String log = HandshakeDeadlineTest.capturingStandardError(() -> greetOnce(NettyServer.builder("io",
        c -> TestSessions.smtp(c.connection()))));
    if (nativeLibraryShipped()) {
      assertThat(Epoll.isAvailable()).as("%s", Epoll.unavailabilityCause()).isTrue();
      assertThat(log).contains("(Netty, native epoll)");
    } else {
      assertThat(log).contains("(Netty, NIO (native epoll unavailable: ");
    }
  }

  @Test
  void theUserCanForceNio() throws Exception {
    String log = HandshakeDeadlineTest.capturingStandardError(() -> greetOnce(NettyServer.builder("nio",
        c -> TestSessions.smtp(c.connection())).nativeTransport(false)));
    assertThat(log).contains("(Netty, NIO (native transport turned off))");
  }

  @Test
  void givenEventLoopsKeepTheirKind() throws Exception {
    IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    for (IoHandlerFactory kind : Set.of(io, NioIoHandler.newFactory())) {
      EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, kind);
      try {
        String log = HandshakeDeadlineTest.capturingStandardError(() -> greetOnce(NettyServer.builder("given",
            c -> TestSessions.smtp(c.connection())).eventLoops(group)));
        assertThat(log).contains(kind == io && Epoll.isAvailable() ? "(Netty, native epoll of the given event loops)"
            : "(Netty, NIO of the given event loops)");
      } finally {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      }
    }
  }

  @Test
  void aBusyAddressIsABindExceptionOnEitherIo() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      for (boolean nativeTransport : new boolean[] {true, false}) {
        assertThatThrownBy(() -> NettyServer.builder("busy", c -> TestSessions.smtp(c.connection()))
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), busy.getLocalPort()))
            .nativeTransport(nativeTransport).start())
            .as("native transport allowed: %s", nativeTransport).isInstanceOf(BindException.class);
      }
    }
  }

  /** Starts the server, reads one greeting over a connection, stops it. */
  private static void greetOnce(NettyServer.Builder builder) throws Exception {
    try (NettyServer server = builder.start(); Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      assertThat(Replies.smtp(s.getInputStream())).startsWith("220 ");
    }
  }
}
