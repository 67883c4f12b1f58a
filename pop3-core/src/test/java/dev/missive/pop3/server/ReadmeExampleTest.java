package dev.missive.pop3.server;

import dev.missive.pop3.Maildrop;
import dev.missive.pop3.MaildropEntry;
import dev.missive.pop3.Password;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.testkit.EngineHost;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.LoopbackServer;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.commons.net.pop3.POP3Client;
import org.junit.jupiter.api.Test;

/** The README's POP3 server over a host's own storage, run over loopback and read by Commons Net. */
class ReadmeExampleTest {

  @Test
  void theReadmeServerServesMail() throws Exception {
    // --- the README example, as printed there
    Map<String, String> passwords = Map.of("alice", "secret");
    Map<String, List<String>> mail = Map.of("alice", List.of("Subject: hi\r\n\r\nHello, Alice.\r\n"));
    Pop3Handler handler = new Pop3Handler() {
      public boolean login(String user, Password password) {
        String expected = passwords.get(user);
        return expected != null && password.matches(expected);         // constant-time comparison
      }
      public Maildrop open(String user) {                               // lock the user's maildrop here
        List<String> messages = mail.getOrDefault(user, List.of());
        return new Maildrop() {
          public List<MaildropEntry> messages() {
            return messages.stream().map(m -> new MaildropEntry(m.getBytes(UTF_8).length,
                Integer.toHexString(m.hashCode()))).collect(Collectors.toList());
          }
          public InputStream retrieve(int n) {
            return new ByteArrayInputStream(messages.get(n - 1).getBytes(UTF_8));
          }
          public void update(List<Integer> deleted) { /* remove them: QUIT was received */ }
          public void close() { /* release the lock */ }
        };
      }
    };
    Pop3ServerConfig config = Pop3ServerConfig.builder().hostname("mail.example.org").build();
    // one engine per connection; loopback counts as secure, so USER/PASS work without STLS
    EngineEnvironment env = EngineEnvironment.system();
    Supplier<ProtocolEngine> perConnection = () -> new Pop3HandlerServer(config, env,
        PeerInfo.of("127.0.0.1", ConnectionSecurity.TRUSTED, env), session -> handler);
    // --- end of the example

    try (LoopbackServer server = LoopbackServer.start(() -> HostedEngine.of(perConnection.get(),
        EngineHost.none()))) {
      POP3Client client = new POP3Client();
      client.setDefaultTimeout(10_000);
      client.connect("127.0.0.1", server.port());
      assertThat(client.login("alice", "secret")).isTrue();
      try (BufferedReader r = new BufferedReader(client.retrieveMessage(1))) {
        assertThat(r.lines().collect(Collectors.joining("\n"))).isEqualTo("Subject: hi\n\nHello, Alice.");
      }
      assertThat(client.logout()).isTrue();
      client.disconnect();
      server.awaitIdle(1, Duration.ofSeconds(10));
      server.assertNoFailures();
    }
  }
}
