package dev.missive.examples.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.examples.transport.EngineSession;
import dev.missive.examples.transport.MemoryMailbox;
import dev.missive.pop3.server.Pop3HandlerServer;
import dev.missive.pop3.server.Pop3ServerConfig;
import dev.missive.testkit.TestTls;
import dev.missive.wire.EngineEnvironment;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSocket;
import org.apache.commons.net.pop3.POP3MessageInfo;
import org.apache.commons.net.pop3.POP3SClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The POP3 server engine (RFC 1939) on the Netty transport with Commons Net: plaintext login refused, STLS
 * (RFC 2595 §4) through Netty's SslHandler, then LIST, UIDL, RETR with dot-stuffing and DELE applied at QUIT.
 */
class NettyPop3Test {

  static final String FIRST = "Subject: one\r\n\r\n.starts with a dot\r\n";
  static final String SECOND = "Subject: two\r\n\r\nsecond\r\n";

  final List<Integer> deleted = new CopyOnWriteArrayList<>();
  NettyServer server;

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void stlsThenLoginListRetrieveAndDelete() throws Exception {
    Pop3ServerConfig config = Pop3ServerConfig.builder().hostname("pop.example").build();
    server = NettyServer.start("pop3", new InetSocketAddress("127.0.0.1", 0), TestTls.serverContext(), false,
        c -> session(new Pop3HandlerServer(config, EngineEnvironment.system(),
            c.connection().peer(false), session -> new MemoryMailbox(deleted, FIRST, SECOND))));
    POP3SClient pop = new POP3SClient(false, TestTls.clientContext());
    pop.setDefaultTimeout(10_000);
    pop.connect("127.0.0.1", server.port());
    assertThat(pop.login("alice", "secret")).isFalse(); // no plaintext password before STLS
    assertThat(pop.execTLS()).isTrue();
    assertThat(pop.login("alice", "wrong")).isFalse();
    assertThat(pop.login("alice", "secret")).isTrue();
    POP3MessageInfo[] list = pop.listMessages();
    assertThat(list).hasSize(2);
    assertThat(list[0].size).isEqualTo(FIRST.length());
    assertThat(pop.listUniqueIdentifiers()[1].identifier).isEqualTo("uid-2");
    try (Reader r = pop.retrieveMessage(1)) {
      String text = new BufferedReader(r).lines().reduce("", (a, b) -> a + b + "\r\n");
      assertThat(text).isEqualTo(FIRST);
    }
    assertThat(pop.deleteMessage(2)).isTrue();
    assertThat(deleted).isEmpty(); // only at QUIT (RFC 1939 §6)
    assertThat(pop.logout()).isTrue();
    pop.disconnect();
    assertThat(deleted).containsExactly(2);
  }

  @Test
  void commandsPipelinedAfterStlsAreNeverExecuted() throws Exception {
    Pop3ServerConfig config = Pop3ServerConfig.builder().hostname("pop.example").build();
    server = NettyServer.start("pop3", new InetSocketAddress("127.0.0.1", 0), TestTls.serverContext(), false,
        c -> session(new Pop3HandlerServer(config, EngineEnvironment.system(),
            c.connection().peer(false), session -> new MemoryMailbox(deleted, FIRST, SECOND))));
    try (Socket plain = new Socket("127.0.0.1", server.port())) {
      plain.setSoTimeout(10_000);
      InputStream in = plain.getInputStream();
      assertThat(line(in)).startsWith("+OK");
      plain.getOutputStream().write("STLS\r\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII)); // RFC 2595 §4
      assertThat(line(in)).startsWith("+OK");
      SSLSocket tls = TestTls.layerClient(plain, TestTls.HOST, TestTls.clientContext());
      tls.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
      String rest = new String(tls.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(rest).startsWith("+OK").doesNotContain("-ERR"); // the injected NOOP got no reply at all
      assertThat(rest.split("\r\n")).hasSize(1);
    }
  }

  private static String line(InputStream in) throws java.io.IOException {
    StringBuilder b = new StringBuilder();
    for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
      b.append((char) c);
    }
    return b.toString();
  }

  static EngineSession session(Pop3HandlerServer engine) {
    return EngineSession.of(engine);
  }
}
