package dev.missive.pop3.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.pop3.Maildrop;
import dev.missive.pop3.Password;
import dev.missive.pop3.server.Pop3Handler;
import dev.missive.testkit.LineClient;
import dev.missive.testkit.TestTls;
import dev.missive.transport.ProxyProtocol;
import dev.missive.transport.TlsSettings;
import dev.missive.transport.Transport;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.Reader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.net.pop3.POP3MessageInfo;
import org.apache.commons.net.pop3.POP3SClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The POP3 listener with a real client (Apache Commons Net) on both transports: STLS (RFC 2595 §4) then LIST, UIDL,
 * RETR and DELE applied at QUIT (RFC 1939 §6); an implicit-TLS port (RFC 8314 §3); a plaintext login refused before
 * TLS by default; close() ending a session without UPDATE.
 */
@Timeout(60)
class Pop3ListenerTest {

  static final String FIRST = "Subject: one\r\n\r\n.starts with a dot\r\n";
  static final String SECOND = "Subject: two\r\n\r\nsecond\r\n";

  @ParameterizedTest
  @EnumSource(Transport.class)
  void stlsThenLoginListRetrieveAndDeleteOnBothPorts(Transport transport) throws Exception {
    List<Integer> deleted = new CopyOnWriteArrayList<>();
    try (Pop3Listener pop3 = Pop3Listener.builder("pop.example", session -> new MemoryMailbox(deleted, FIRST, SECOND))
        .port(0)
        .implicitTlsPort(0)
        .tls(TlsSettings.of(TestTls.serverContext()))
        .transport(transport)
        .start()) {
      POP3SClient pop = new POP3SClient(false, TestTls.clientContext());
      pop.setDefaultTimeout(10_000);
      pop.connect("127.0.0.1", pop3.port());
      assertThat(pop.login("alice", "secret")).isFalse(); // strict default: no plaintext password before STLS
      assertThat(pop.execTLS()).isTrue();
      assertThat(pop.login("alice", "secret")).isTrue();
      POP3MessageInfo[] list = pop.listMessages();
      assertThat(list).hasSize(2);
      assertThat(pop.listUniqueIdentifiers()[1].identifier).isEqualTo("uid-2");
      try (Reader r = pop.retrieveMessage(1)) {
        assertThat(new BufferedReader(r).lines().reduce("", (a, b) -> a + b + "\r\n")).isEqualTo(FIRST);
      }
      assertThat(pop.deleteMessage(2)).isTrue();
      assertThat(pop.logout()).isTrue();
      pop.disconnect();
      assertThat(deleted).containsExactly(2);

      POP3SClient pop3s = new POP3SClient(true, TestTls.clientContext());
      pop3s.setDefaultTimeout(10_000);
      pop3s.connect("127.0.0.1", pop3.implicitTlsPort());
      assertThat(pop3s.login("alice", "secret")).isTrue();
      assertThat(pop3s.listMessages()).hasSize(2);
      assertThat(pop3s.logout()).isTrue();
      pop3s.disconnect();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void closeEndsASessionWithoutUpdate(Transport transport) throws Exception {
    List<Integer> deleted = new CopyOnWriteArrayList<>();
    Pop3Listener pop3 = Pop3Listener.builder("pop.example", session -> new MemoryMailbox(deleted, FIRST, SECOND))
        .port(0).trustLoopback(true).transport(transport).start();
    try (Socket s = new Socket("127.0.0.1", pop3.port())) {
      s.setSoTimeout(10_000);
      InputStream in = s.getInputStream();
      assertThat(line(in)).startsWith("+OK");
      s.getOutputStream().write("USER alice\r\nPASS secret\r\nDELE 1\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(line(in)).startsWith("+OK");
      assertThat(line(in)).startsWith("+OK");
      assertThat(line(in)).startsWith("+OK");
      pop3.close();
      while (in.read() >= 0) {
        // whatever the engine says on its way out
      }
    }
    assertThat(deleted).as("nothing deleted: the session never entered UPDATE").isEmpty();
    assertThat(pop3.connections()).isZero();
  }

  /**
   * RFC 1939 §7: the greeting's timestamp announces APOP, so it is there only when the handlers answer APOP; curl
   * logs in with APOP alone when it sees one (Pop3CurlTest).
   */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void theGreetingAnnouncesApopOnlyWhenTheHandlersAnswerIt(Transport transport) throws Exception {
    List<Integer> deleted = new CopyOnWriteArrayList<>();
    Pop3Handler withApop = new Pop3Handler() {
      final MemoryMailbox mailbox = new MemoryMailbox(deleted, FIRST);

      @Override
      public boolean login(String user, Password password) {
        return mailbox.login(user, password);
      }

      @Override
      public Optional<Password> apopSecret(String user) {
        return user.equals("alice") ? Optional.of(Password.of("secret")) : Optional.empty();
      }

      @Override
      public Maildrop open(String user) {
        return mailbox.open(user);
      }
    };
    try (Pop3Listener plain = Pop3Listener.builder("pop.example", session -> new MemoryMailbox(deleted, FIRST))
             .port(0).trustLoopback(true).transport(transport).start();
         Pop3Listener apop = Pop3Listener.builder("pop.example", session -> withApop)
             .port(0).trustLoopback(true).apop(true).transport(transport).start()) {
      try (Socket s = new Socket("127.0.0.1", plain.port())) {
        s.setSoTimeout(10_000);
        assertThat(line(s.getInputStream())).startsWith("+OK").doesNotContain("<");
      }
      try (Socket s = new Socket("127.0.0.1", apop.port())) {
        s.setSoTimeout(10_000);
        InputStream in = s.getInputStream();
        String greeting = line(in);
        Matcher stamp = Pattern.compile("<[^>]+@pop\\.example>").matcher(greeting);
        assertThat(stamp.find()).as(greeting).isTrue();
        byte[] digest = MessageDigest.getInstance("MD5")
            .digest((stamp.group() + "secret").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().write(("APOP alice " + HexFormat.of().formatHex(digest) + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        assertThat(line(in)).startsWith("+OK");
      }
    }
  }

  @Test
  void anImplicitTlsPortNeedsTls() {
    assertThatThrownBy(() -> Pop3Listener.builder("pop.example", session -> new MemoryMailbox(List.of()))
        .implicitTlsPort(0).start())
        .isInstanceOf(IllegalStateException.class);
  }

  private static String line(InputStream in) throws java.io.IOException {
    StringBuilder b = new StringBuilder();
    for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
      b.append((char) c);
    }
    return b.toString();
  }

  /**
   * Behind a trusted proxy (HAProxy's PROXY protocol, version 1 here) the client the header names is the one the
   * per-address limit counts: two clients through the same proxy are both served, a second connection of the first
   * is told {@code -ERR [SYS/TEMP]}; a connection from the proxy's address without a header is closed unanswered.
   */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void aTrustedProxyNamesTheClientTheLimitCounts(Transport transport) throws Exception {
    try (Pop3Listener pop3 = Pop3Listener.builder("pop.example", session -> new MemoryMailbox(List.of()))
        .port(0).maxConnections(10, 1).proxyProtocol(ProxyProtocol.trusting(List.of(InetAddress.getLoopbackAddress())))
        .transport(transport).start();
         LineClient first = LineClient.connect(pop3.port());
         LineClient second = LineClient.connect(pop3.port());
         LineClient again = LineClient.connect(pop3.port());
         LineClient bare = LineClient.connect(pop3.port())) {
      first.write("PROXY TCP4 192.0.2.1 127.0.0.1 40001 110");
      assertThat(first.line()).startsWith("+OK");
      second.write("PROXY TCP4 192.0.2.2 127.0.0.1 40002 110");
      assertThat(second.line()).startsWith("+OK");
      again.write("PROXY TCP4 192.0.2.1 127.0.0.1 40003 110");
      assertThat(again.line()).isEqualTo("-ERR [SYS/TEMP] Too many connections, try again later");
      bare.write("CAPA");
      assertThat(bare.line()).as("no PROXY header from the proxy: closed before any greeting").isEmpty();
    }
  }
}
