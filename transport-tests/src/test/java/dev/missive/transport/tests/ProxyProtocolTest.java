package dev.missive.transport.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.testkit.TestTls;
import dev.missive.transport.BlockingServer;
import dev.missive.transport.Connection;
import dev.missive.transport.EngineSession;
import dev.missive.transport.ProxyProtocol;
import dev.missive.transport.TlsSettings;
import dev.missive.transport.TransportOptions;
import dev.missive.transport.netty.NettyServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The PROXY protocol (HAProxy's specification, versions 1 and 2) on both transports: a trusted proxy's connection
 * begins with a header that names the real client, read before TLS and the engine; that client is the connection's
 * {@link Connection#remote()}, the engine's peer and what the per-address limit counts. A connection from an
 * untrusted address is served as it is (its header is just an unknown SMTP command), and a trusted proxy's
 * connection without a valid header is closed before any greeting. The proxy is 127.0.0.1; clients that connect
 * directly come from 127.0.0.2.
 */
@Timeout(60)
class ProxyProtocolTest {

  private static final String BUSY = "421 4.7.0 mx.example Too many connections, try again later";
  private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54,
      0x0A};

  private final List<Connection> connections = new CopyOnWriteArrayList<>();

  private TransportKind.Listening start(TransportKind kind, boolean implicitTls, TransportOptions options)
      throws IOException {
    return start(kind, implicitTls, options, ProxyProtocol.DEFAULT_HEADER_TIMEOUT);
  }

  private TransportKind.Listening start(TransportKind kind, boolean implicitTls, TransportOptions options,
                                        Duration headerTimeout) throws IOException {
    ProxyProtocol proxies = ProxyProtocol.trusting(List.of(InetAddress.getByName("127.0.0.1")))
        .withHeaderTimeout(headerTimeout);
    TlsSettings tls = TlsSettings.of(TestTls.serverContext());
    java.util.function.Function<Connection, EngineSession> sessions = c -> {
      connections.add(c);
      return TestSessions.smtp(c);
    };
    if (kind == TransportKind.BLOCKING) {
      BlockingServer s = BlockingServer.builder("p", sessions).tls(tls).implicitTls(implicitTls).options(options)
          .proxyProtocol(proxies).start();
      return new TransportKind.Listening(s.port(), s::connections, s);
    }
    NettyServer s = NettyServer.builder("p", c -> sessions.apply(c.connection())).tls(tls).implicitTls(implicitTls)
        .options(options).proxyProtocol(proxies).start();
    return new TransportKind.Listening(s.port(), s::connections, s);
  }

  private TransportKind.Listening start(TransportKind kind) throws IOException {
    return start(kind, false, TransportOptions.defaults());
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** A version 2 PROXY header for TCP over IPv4 from {@code client}:{@code port} to 127.0.0.1:25. */
  private static byte[] v2(String client, int port) throws IOException {
    byte[] header = new byte[16 + 12];
    System.arraycopy(V2_SIGNATURE, 0, header, 0, 12);
    header[12] = 0x21;
    header[13] = 0x11;
    header[15] = 12;
    System.arraycopy(InetAddress.getByName(client).getAddress(), 0, header, 16, 4);
    System.arraycopy(InetAddress.getByName("127.0.0.1").getAddress(), 0, header, 20, 4);
    header[24] = (byte) (port >>> 8);
    header[25] = (byte) port;
    header[27] = 25;
    return header;
  }

  private static void send(Socket s, byte[]... parts) throws IOException {
    OutputStream out = s.getOutputStream();
    for (byte[] p : parts) {
      out.write(p);
    }
    out.flush();
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void aV1HeaderNamesTheClientTheEngineSees(TransportKind kind) throws Exception {
    try (TransportKind.Listening server = start(kind);
         Socket proxy = ConnectionLimitTest.from("127.0.0.1", server)) {
      send(proxy, ascii("PROXY TCP4 192.0.2.7 127.0.0.1 40000 25\r\n"));
      assertThat(Replies.smtp(proxy.getInputStream())).startsWith("220 ");
      assertThat(connections).hasSize(1);
      assertThat(connections.get(0).remote()).isEqualTo(new InetSocketAddress("192.0.2.7", 40000));
      assertThat(connections.get(0).peer(true).remoteAddress()).isEqualTo("[192.0.2.7]");
      assertThat(connections.get(0).isLoopback()).as("a remote client is not trusted as loopback").isFalse();
      assertThat(connections.get(0).proxy().orElseThrow().getAddress())
          .isEqualTo(InetAddress.getByName("127.0.0.1"));
    }
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void aV2HeaderAndTheFirstCommandInOneSegmentAreBothRead(TransportKind kind) throws Exception {
    try (TransportKind.Listening server = start(kind);
         Socket proxy = ConnectionLimitTest.from("127.0.0.1", server)) {
      send(proxy, v2("198.51.100.9", 1234), ascii("NOOP\r\n"));
      assertThat(Replies.smtp(proxy.getInputStream())).startsWith("220 ");
      assertThat(Replies.smtp(proxy.getInputStream())).startsWith("250 ");
      assertThat(connections.get(0).remote()).isEqualTo(new InetSocketAddress("198.51.100.9", 1234));
    }
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void theHeaderComesBeforeImplicitTls(TransportKind kind) throws Exception {
    try (TransportKind.Listening server = start(kind, true, TransportOptions.defaults());
         Socket proxy = ConnectionLimitTest.from("127.0.0.1", server)) {
      send(proxy, v2("203.0.113.5", 4321));
      SSLSocket tls = TestTls.layerClient(proxy, TestTls.HOST, TestTls.clientContext());
      assertThat(Replies.smtp(tls.getInputStream())).startsWith("220 ");
      assertThat(connections.get(0).remote()).isEqualTo(new InetSocketAddress("203.0.113.5", 4321));
      assertThat(connections.get(0).implicitTls()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void thePerAddressLimitCountsTheRealClient(TransportKind kind) throws Exception {
    TransportOptions options = TransportOptions.defaults().withMaxConnections(10, 1).withOverLimitReply(BUSY + "\r\n");
    try (TransportKind.Listening server = start(kind, false, options);
         Socket first = ConnectionLimitTest.from("127.0.0.1", server);
         Socket other = ConnectionLimitTest.from("127.0.0.1", server);
         Socket again = ConnectionLimitTest.from("127.0.0.1", server)) {
      send(first, v2("192.0.2.1", 1000));
      assertThat(Replies.smtp(first.getInputStream())).startsWith("220 ");
      send(other, v2("192.0.2.2", 1000));
      assertThat(Replies.smtp(other.getInputStream())).as("another client via the same proxy").startsWith("220 ");
      send(again, v2("192.0.2.1", 1001));
      assertThat(Replies.smtp(again.getInputStream())).as("the first client again").isEqualTo(BUSY + "\n");
      assertThat(again.getInputStream().read()).isEqualTo(-1);
      assertThat(server.connections().getAsInt()).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void aHeaderFromAnUntrustedAddressIsNotHonoured(TransportKind kind) throws Exception {
    try (TransportKind.Listening server = start(kind);
         Socket direct = ConnectionLimitTest.from("127.0.0.2", server)) {
      assertThat(Replies.smtp(direct.getInputStream())).startsWith("220 ");
      send(direct, ascii("PROXY TCP4 192.0.2.7 127.0.0.1 40000 25\r\n"));
      assertThat(Replies.smtp(direct.getInputStream())).startsWith("500 ");
      assertThat(connections.get(0).remote().getAddress()).isEqualTo(InetAddress.getByName("127.0.0.2"));
      assertThat(connections.get(0).proxy()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void aTrustedProxyThatSendsNoHeaderIsClosedUngreeted(TransportKind kind) throws Exception {
    try (TransportKind.Listening server = start(kind);
         Socket proxy = ConnectionLimitTest.from("127.0.0.1", server)) {
      send(proxy, ascii("EHLO client.example\r\n"));
      assertThat(proxy.getInputStream().readAllBytes()).isEmpty();
    }
    assertThat(connections).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void aTrustedProxyThatSendsNothingIsClosedAtTheHeaderDeadline(TransportKind kind) throws Exception {
    try (TransportKind.Listening server = start(kind, false, TransportOptions.defaults(), Duration.ofSeconds(3));
         Socket proxy = ConnectionLimitTest.from("127.0.0.1", server)) {
      proxy.setSoTimeout(30_000);
      assertThat(proxy.getInputStream().readAllBytes()).isEmpty(); // after the 3 s header deadline
    }
    assertThat(connections).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void aTrustedProxySlowToSendItsHeaderHoldsUpNoOtherConnection(TransportKind kind) throws Exception {
    try (TransportKind.Listening server = start(kind, false, TransportOptions.defaults(), Duration.ofSeconds(30));
         Socket silent = ConnectionLimitTest.from("127.0.0.1", server);
         Socket proxy = ConnectionLimitTest.from("127.0.0.1", server)) {
      send(proxy, v2("203.0.113.5", 4321));
      assertThat(Replies.smtp(proxy.getInputStream())).startsWith("220 "); // within its 10 s, long before 30 s
      assertThat(silent.isClosed()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void malformedUnknownAndTruncatedHeadersAreClosedUngreeted(TransportKind kind) throws Exception {
    try (TransportKind.Listening server = start(kind)) {
      for (String header : List.of("PROXY TCP4 192.0.2.300 127.0.0.1 1 25\r\n", "PROXY UNKNOWN\r\n",
          "PROXY TCP4 192.0.2.1 127.0.0.1 1 25\n")) {
        try (Socket proxy = ConnectionLimitTest.from("127.0.0.1", server)) {
          send(proxy, ascii(header));
          assertThat(proxy.getInputStream().readAllBytes()).as(header).isEmpty();
        }
      }
      try (Socket proxy = ConnectionLimitTest.from("127.0.0.1", server)) {
        send(proxy, ascii("PROXY TCP4 192.0.2.1"));
        proxy.shutdownOutput();
        assertThat(proxy.getInputStream().readAllBytes()).isEmpty();
      }
      assertThat(connections).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void aLocalHealthCheckIsServedAsTheProxy(TransportKind kind) throws Exception {
    try (TransportKind.Listening server = start(kind);
         Socket proxy = ConnectionLimitTest.from("127.0.0.1", server)) {
      byte[] local = new byte[16];
      System.arraycopy(V2_SIGNATURE, 0, local, 0, 12);
      local[12] = 0x20;
      send(proxy, local);
      assertThat(Replies.smtp(proxy.getInputStream())).startsWith("220 ");
      assertThat(connections.get(0).remote().getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
    }
  }
}
