package dev.missive.testkit;

import dev.missive.wire.ProtocolEngine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLContext;

/**
 * Drives a client {@link ProtocolEngine} against a real server socket, in the calling thread, with the blocking
 * host loop of {@link ProtocolEngine}'s Javadoc: the mirror of {@link LoopbackServer} for interop tests against
 * real servers (RFC 5321 §3, RFC 1939 §3). STARTTLS/STLS layer an {@code SSLSocket} in client mode that verifies
 * the host name (RFC 3207 §4, RFC 2595 §4); implicit TLS is an option (RFC 8314 §3.3).
 *
 * <pre>{@code
 * try (LoopbackServer server = LoopbackServer.start(() -> HostedEngine.of(new SmtpServer(...), serverHost))) {
 *   EventLog log = LoopbackClient.run(HostedEngine.of(new SmtpClient(...), clientHost), server.address());
 *   assertThat(log.entries()).contains("250 OK");
 * }
 * }</pre>
 */
public final class LoopbackClient {

  private LoopbackClient() {}

  /**
   * {@link #run(HostedEngine, InetSocketAddress, LoopbackOptions)} with {@link LoopbackOptions#defaults()}.
   *
   * @param <E>    the engine type
   * @param hosted the client engine and its host
   * @param server the address to connect to
   * @return the host's event log
   * @throws IOException on connection or TLS failures
   */
  public static <E extends ProtocolEngine> EventLog run(HostedEngine<E> hosted, InetSocketAddress server)
      throws IOException {
    return run(hosted, server, LoopbackOptions.defaults());
  }

  /**
   * Connects, runs the engine until it closes or the server ends the stream, and closes the socket.
   *
   * @param <E>     the engine type
   * @param hosted  the client engine and its host
   * @param server  the address to connect to
   * @param options TLS, timeouts and time source
   * @return the host's event log
   * @throws java.net.SocketTimeoutException when the server is silent for the whole timeout
   * @throws IOException                     on connection or TLS failures
   */
  public static <E extends ProtocolEngine> EventLog run(HostedEngine<E> hosted, InetSocketAddress server,
      LoopbackOptions options) throws IOException {
    SSLContext ctx = options.sslContext() != null ? options.sslContext() : TestTls.clientContext();
    EventLog log = new EventLog();
    Socket plain = new Socket();
    try {
      plain.connect(server, options.timeoutMillis());
      plain.setSoTimeout(options.timeoutMillis());
      Socket socket = options.implicitTls() ? TestTls.layerClient(plain, options.tlsHost(), ctx) : plain;
      BlockingHostLoop loop = new BlockingHostLoop(hosted.engine(), () -> hosted.handle(log), socket,
          s -> TestTls.layerClient(s, options.tlsHost(), ctx), options.timeoutMillis());
      try {
        loop.run();
      } finally {
        LoopbackServer.closeQuietly(loop.socket());
      }
    } finally {
      LoopbackServer.closeQuietly(plain);
    }
    return log;
  }
}
