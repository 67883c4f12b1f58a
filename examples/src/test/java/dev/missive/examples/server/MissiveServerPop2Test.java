package dev.missive.examples.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.missive.examples.maildir.Maildir;
import dev.missive.pop3.Password;
import dev.missive.pop3.pop2.Pop2Client;
import dev.missive.pop3.pop2.Pop2ClientConfig;
import dev.missive.pop3.pop2.Pop2ClientEvent;
import dev.missive.testkit.EngineHost;
import dev.missive.testkit.EventLog;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.LoopbackClient;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.PeerInfo;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The example server's {@code --pop2} port (RFC 937) against the POP2 client engine over loopback. */
class MissiveServerPop2Test {

  @TempDir
  Path dir;

  private void deliver(String user, String message) throws Exception {
    try (Maildir.Delivery d = new Maildir(dir, "example.org").begin(user)) {
      d.write(message.getBytes(StandardCharsets.US_ASCII));
      d.commit();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"blocking", "netty"})
  void thePop2ClientReadsTheMaildirAndAckdRemovesAtQuit(String transport) throws Exception {
    String first = "Subject: one\r\n\r\nfirst\r\n";
    String second = "Subject: two\n\nsecond, stored with bare LF\n";
    deliver("alice", first);
    deliver("alice", second);
    java.io.PrintStream original = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
    try (RunningServer server = new RunningServer(dir, transport, "--pop2", "0")) {
      int port = server.server.ports().get("pop2");
      StringBuilder received = new StringBuilder();
      List<String> folders = new ArrayList<>();
      Pop2Client client = new Pop2Client(Pop2ClientConfig.of("alice", Password.of("secret")),
          EngineEnvironment.system(), new PeerInfo("[127.0.0.1]", "pop2-client", ConnectionSecurity.TRUSTED));
      EngineHost<Pop2Client> host = (c, log) -> {
        for (Pop2ClientEvent e; (e = c.nextEvent()) != null; ) {
          log.add(e);
          if (e instanceof Pop2ClientEvent.FolderSelected f) {
            folders.add(f.folder().orElse("(default)") + " " + f.count());
            if (f.folder().isEmpty()) {
              c.fold("Archive"); // not on this server: RFC 937 counts it as zero messages
            } else if (f.count() == 0) {
              c.fold("INBOX");
            } else {
              c.read();
            }
          } else if (e instanceof Pop2ClientEvent.MessageLength l) {
            if (l.size() > 0) {
              c.retrieve();
            } else {
              c.quit();
            }
          } else if (e instanceof Pop2ClientEvent.MessageChunk m) {
            received.append(StandardCharsets.US_ASCII.decode(m.content()));
          } else if (e instanceof Pop2ClientEvent.MessageEnd end) {
            if (end.messageNumber() == 1) {
              c.delete();
            } else {
              c.keep();
            }
          }
        }
      };
      EventLog log = LoopbackClient.run(HostedEngine.of(client, host), new InetSocketAddress("127.0.0.1", port));
      assertThat(folders).containsExactly("(default) 2", "Archive 0", "INBOX 2");
      assertThat(log.entries()).last().hasToString("Closed[orderly=true, reason=signed off: + OK bye]");
      assertThat(received.toString()).contains("Subject: one\r\n\r\nfirst\r\n",
          "Subject: two\r\n\r\nsecond, stored with bare LF\r\n");
      assertThat(server.mailbox("alice")).hasSize(1);
    } finally {
      System.setErr(original);
      original.print(captured.toString(StandardCharsets.UTF_8));
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).containsPattern("pop2-\\d+ POP2 login of alice accepted")
        .doesNotContain("POP3 login of alice");
  }

  @Test
  void aClientNotOnLoopbackGetsTheNegativeReplyAndIsClosed() throws Exception {
    Optional<InetAddress> address = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
        .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()).findFirst();
    assumeTrue(address.isPresent(), "no non-loopback IPv4 address on this machine");
    try (RunningServer server = new RunningServer(dir, "blocking", "--bind", "0.0.0.0", "--pop2", "0");
         Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address.get(), server.server.ports().get("pop2")), 5000);
      socket.setSoTimeout(5000);
      InputStream in = socket.getInputStream();
      String all = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(all).startsWith("- ").endsWith("\r\n").doesNotContain("+ POP2");
    }
  }

  @Test
  void pop2IsOffByDefault() throws Exception {
    assertThat(ServerOptions.parse().pop2Port()).isEmpty();
    assertThat(ServerOptions.parse("--pop2", "1109").pop2Port()).hasValue(1109);
    assertThatThrownBy(() -> ServerOptions.parse("--pop2", "-1")).isInstanceOf(IllegalArgumentException.class);
    try (RunningServer server = new RunningServer(dir, "blocking")) {
      assertThat(server.server.ports()).doesNotContainKey("pop2").containsKeys("smtp", "submission", "pop3");
    }
  }
}
