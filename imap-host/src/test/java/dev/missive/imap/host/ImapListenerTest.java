package dev.missive.imap.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.imap.server.ImapServerConfig;
import dev.missive.imap.store.InMemoryMailStore;
import dev.missive.testkit.LineClient;
import dev.missive.testkit.TestTls;
import dev.missive.transport.ProxyProtocol;
import dev.missive.transport.TlsSettings;
import dev.missive.transport.Transport;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The IMAP listener on both transports: Angus Mail's IMAP store reads a delivered message byte for byte after
 * STARTTLS (RFC 9051 §6.2.1) and over implicit TLS (RFC 8314 §3.2); before TLS the greeting says LOGINDISABLED
 * (RFC 9051 §6.2.3), also from loopback, unless loopback is trusted; close() says BYE (RFC 9051 §7.1.5); a connection
 * over the limit is greeted BYE.
 */
@Timeout(60)
class ImapListenerTest {

  private static final byte[] MESSAGE = "Subject: hi\r\n\r\nhello over IMAP\r\n".getBytes(StandardCharsets.US_ASCII);

  private static InMemoryMailStore store() {
    InMemoryMailStore store = new InMemoryMailStore();
    store.addUser("alice", "secret");
    store.deliver("alice", "INBOX", MESSAGE);
    return store;
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void angusReadsTheInboxAfterStartTlsAndOverImplicitTls(Transport transport) throws Exception {
    try (ImapListener imap = ImapListener.builder(store()).port(0).implicitTlsPort(0)
        .tls(TlsSettings.of(TestTls.serverContext())).transport(transport).start()) {
      assertThat(readInbox("imap", imap.port(), true)).isEqualTo(MESSAGE);
      assertThat(readInbox("imaps", imap.implicitTlsPort(), false)).isEqualTo(MESSAGE);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void loginIsDisabledBeforeTlsUnlessLoopbackIsTrusted(Transport transport) throws Exception {
    try (ImapListener strict = ImapListener.builder(store()).port(0).transport(transport).start();
         ImapListener trusting = ImapListener.builder(store()).port(0).trustLoopback(true).transport(transport)
             .start()) {
      try (LineClient c = LineClient.connect(strict.port())) {
        assertThat(c.line()).startsWith("* OK").contains("LOGINDISABLED").doesNotContain("STARTTLS");
        assertThat(c.tagged("a LOGIN alice secret")).startsWith("a NO");
      }
      try (LineClient c = LineClient.connect(trusting.port())) {
        assertThat(c.line()).startsWith("* OK").doesNotContain("LOGINDISABLED");
        assertThat(c.tagged("a LOGIN alice secret")).startsWith("a OK");
      }
    }
  }

  /** RFC 9051 §7.2.2: every server implements AUTH=PLAIN; curl logs in with it after STARTTLS (ImapCurlTest). */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void authenticatePlainIsOfferedBesideLogin(Transport transport) throws Exception {
    try (ImapListener strict = ImapListener.builder(store()).port(0).transport(transport).start();
         ImapListener trusting = ImapListener.builder(store()).port(0).trustLoopback(true).transport(transport)
             .start()) {
      try (LineClient c = LineClient.connect(strict.port())) {
        assertThat(c.line()).startsWith("* OK").doesNotContain("AUTH=PLAIN"); // plaintext: not before TLS
      }
      try (LineClient c = LineClient.connect(trusting.port())) {
        assertThat(c.line()).startsWith("* OK").contains("AUTH=PLAIN");
        c.write("a AUTHENTICATE PLAIN");
        assertThat(c.line()).startsWith("+");
        c.write(java.util.Base64.getEncoder().encodeToString("\0alice\0secret".getBytes(StandardCharsets.UTF_8)));
        String answer = c.line();
        while (answer.startsWith("* ")) {
          answer = c.line();
        }
        assertThat(answer).startsWith("a OK");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void closeSaysByeAndTheLimitGreetsBye(Transport transport) throws Exception {
    ImapListener imap = ImapListener.builder(store()).port(0).maxConnections(1, 1).transport(transport).start();
    try (LineClient first = LineClient.connect(imap.port())) {
      assertThat(first.line()).startsWith("* OK");
      try (LineClient second = LineClient.connect(imap.port())) {
        assertThat(second.line()).isEqualTo("* BYE Too many connections, try again later");
      }
      imap.close();
      assertThat(first.line()).startsWith("* BYE");
    }
    assertThat(imap.connections()).isZero();
  }

  @Test
  void aConfigurationOfferingStartTlsNeedsTls() {
    assertThatThrownBy(() -> ImapListener.builder(store()).port(0)
        .config(ImapServerConfig.builder().startTls(true).build()).start())
        .isInstanceOf(IllegalStateException.class);
  }

  private static byte[] readInbox(String protocol, int port, boolean startTls) throws Exception {
    Properties props = new Properties();
    String p = "mail." + protocol + ".";
    props.put(p + "port", String.valueOf(port));
    props.put(p + "ssl.socketFactory", TestTls.clientContext().getSocketFactory());
    if (startTls) {
      props.put(p + "starttls.enable", "true");
      props.put(p + "starttls.required", "true");
    }
    Store store = Session.getInstance(props).getStore(protocol);
    store.connect("127.0.0.1", port, "alice", "secret");
    try {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      assertThat(inbox.getMessageCount()).isEqualTo(1);
      ByteArrayOutputStream read = new ByteArrayOutputStream();
      inbox.getMessage(1).writeTo(read);
      inbox.close(false);
      return read.toByteArray();
    } finally {
      store.close();
    }
  }

  /**
   * Behind a trusted proxy (HAProxy's PROXY protocol, version 1 here) the client the header names is the one the
   * per-address limit counts: two clients through the same proxy are both served, a second connection of the first
   * is greeted {@code * BYE}; a connection from the proxy's address without a header is closed unanswered.
   */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void aTrustedProxyNamesTheClientTheLimitCounts(Transport transport) throws Exception {
    try (ImapListener imap = ImapListener.builder(store()).port(0).maxConnections(10, 1)
        .proxyProtocol(ProxyProtocol.trusting(List.of(InetAddress.getLoopbackAddress()))).transport(transport).start();
         LineClient first = LineClient.connect(imap.port());
         LineClient second = LineClient.connect(imap.port());
         LineClient again = LineClient.connect(imap.port());
         LineClient bare = LineClient.connect(imap.port())) {
      first.write("PROXY TCP4 192.0.2.1 127.0.0.1 40001 143");
      assertThat(first.line()).startsWith("* OK");
      second.write("PROXY TCP4 192.0.2.2 127.0.0.1 40002 143");
      assertThat(second.line()).startsWith("* OK");
      again.write("PROXY TCP4 192.0.2.1 127.0.0.1 40003 143");
      assertThat(again.line()).isEqualTo("* BYE Too many connections, try again later");
      bare.write("a CAPABILITY");
      assertThat(bare.line()).as("no PROXY header from the proxy: closed before any greeting").isEmpty();
    }
  }
}
