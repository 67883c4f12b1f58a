package dev.missive.imap.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.store.InMemoryMailStore;
import dev.missive.testkit.LineClient;
import dev.missive.testkit.TestTls;
import dev.missive.transport.TlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The README's IMAP listener runs as printed: this test holds the same lines and checks the README still has them. */
@Timeout(60)
class ReadmeListenerTest {

  private static final String SNIPPET = """
      try (ImapListener imap = ImapListener.builder(store)        // a MailStore, shared by every connection
          .port(1430)                                              // 143 by default
          .tls(TlsSettings.fromKeyStore(keyStore, password))       // STARTTLS offered
          .implicitTlsPort(9930)                                   // IMAPS
          .start()) {
        awaitShutdown();
      }
      """;

  private ImapListener started;

  @Test
  void theReadmeListenerStartsAndAnswers(@TempDir Path dir) throws Exception {
    assertThat(Files.readString(Path.of("../README.md"))).contains(SNIPPET);
    Path keyStore = TestTls.keyStoreFile(dir);
    char[] password = TestTls.PASSWORD.toCharArray();
    InMemoryMailStore store = new InMemoryMailStore();
    // the README's lines, with free ports instead of 1430 and 9930 so the test never collides with a running server
    try (ImapListener imap = ImapListener.builder(store)        // a MailStore, shared by every connection
        .port(0)                                                 // 143 by default
        .tls(TlsSettings.fromKeyStore(keyStore, password))       // STARTTLS offered
        .implicitTlsPort(0)                                      // IMAPS
        .start()) {
      started = imap;
      awaitShutdown();
    }
  }

  /** Stands for the application's own wait: here one client is greeted with STARTTLS offered, then the test returns. */
  private void awaitShutdown() throws Exception {
    try (LineClient c = LineClient.connect(started.port())) {
      assertThat(c.line()).startsWith("* OK").contains("STARTTLS").contains("LOGINDISABLED");
    }
    assertThat(started.implicitTlsPort()).isPositive();
  }
}
