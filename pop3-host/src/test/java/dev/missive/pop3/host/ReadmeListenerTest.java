package dev.missive.pop3.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.pop3.server.Pop3Handler;
import dev.missive.testkit.LineClient;
import dev.missive.testkit.TestTls;
import dev.missive.transport.TlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The README's POP3 listener runs as printed: this test holds the same lines and checks the README still has them. */
@Timeout(60)
class ReadmeListenerTest {

  private static final String SNIPPET = """
      try (Pop3Listener listener = Pop3Listener.builder("mail.example.org", session -> handler)
          .port(1100)                                              // 110 by default
          .tls(TlsSettings.fromKeyStore(keyStore, password))       // or TlsSettings.of(sslContext): STLS offered
          .implicitTlsPort(9950)                                   // POP3S
          .maxConnections(256, 16)                                 // in total, per client address
          .start()) {
        awaitShutdown();
      }
      """;

  private Pop3Listener started;

  @Test
  void theReadmeListenerStartsAndAnswers(@TempDir Path dir) throws Exception {
    assertThat(Files.readString(Path.of("../README.md"))).contains(SNIPPET);
    Path keyStore = TestTls.keyStoreFile(dir);
    char[] password = TestTls.PASSWORD.toCharArray();
    Pop3Handler handler = new MemoryMailbox(new ArrayList<>(), "Subject: x\r\n\r\ny\r\n");
    // the README's lines, with free ports instead of 1100 and 9950 so the test never collides with a running server
    try (Pop3Listener listener = Pop3Listener.builder("mail.example.org", session -> handler)
        .port(0)                                                 // 110 by default
        .tls(TlsSettings.fromKeyStore(keyStore, password))       // or TlsSettings.of(sslContext): STLS offered
        .implicitTlsPort(0)                                      // POP3S
        .maxConnections(256, 16)                                 // in total, per client address
        .start()) {
      started = listener;
      awaitShutdown();
    }
  }

  /** Stands for the application's own wait: here one client is greeted with STLS offered, then the test returns. */
  private void awaitShutdown() throws Exception {
    try (LineClient pop3 = LineClient.connect(started.port())) {
      assertThat(pop3.line()).startsWith("+OK ");
      pop3.write("CAPA");
      StringBuilder capa = new StringBuilder();
      for (String l = pop3.line(); !l.equals(".") && !l.isEmpty(); l = pop3.line()) {
        capa.append(l).append('\n');
      }
      assertThat(capa.toString()).contains("STLS");
    }
  }
}
