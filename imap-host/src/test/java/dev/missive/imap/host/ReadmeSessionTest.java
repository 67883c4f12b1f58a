package dev.missive.imap.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.Flag;
import dev.missive.imap.client.SearchCriteria;
import dev.missive.imap.store.InMemoryMailStore;
import dev.missive.message.builder.MessageBuilder;
import dev.missive.message.builder.Part;
import dev.missive.testkit.TestTls;
import dev.missive.transport.TlsSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Reading a mailbox" runs as printed: this test holds the same lines and checks the README has them. */
@Timeout(60)
class ReadmeSessionTest {

  private static final String SNIPPET = """
      try (ImapSession imap = ImapSession.builder(host).port(port).tls(tls).password("alice", password).connect()) {
        imap.select("INBOX");
        for (long uid : imap.search(SearchCriteria.unseen())) {
          imap.fetchMessage(uid, dir.resolve(uid + ".eml"));          // streamed to disk, never whole in memory
          imap.addFlags(uid, Flag.SEEN);
        }
        imap.append("Sent", new MessageBuilder().from("alice@example.org").to("bob@example.org").subject("Hi")
            .body(Part.text("Hello\\r\\n")), Flag.SEEN);
        boolean more = imap.waitForNewMail(Duration.ofMinutes(5)); // IDLE, re-issued before the 30-minute limit
      }
      """;

  @Test
  void theReadmeSessionReadsTheInbox(@TempDir Path dir) throws Exception {
    assertThat(Files.readString(Path.of("../README.md"))).contains(SNIPPET);
    InMemoryMailStore store = new InMemoryMailStore();
    store.addUser("alice", "secret");
    byte[] message = "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
    store.deliver("alice", "INBOX", message);
    store.open("alice").create("Sent", java.util.List.of());
    try (ImapListener listener = ImapListener.builder(store).port(0).tls(TlsSettings.of(TestTls.serverContext()))
        .start()) {
      String host = TestTls.HOST;
      int port = listener.port();
      TlsSettings tls = TlsSettings.client(TestTls.clientContext());
      String password = "secret";
      new Thread(() -> {
        while (store.messages("alice", "Sent").isEmpty()) {
          sleep();                                     // once the README's append is done, new mail arrives
        }
        store.deliver("alice", "INBOX", message);
      }).start();
      // the README's lines
      try (ImapSession imap = ImapSession.builder(host).port(port).tls(tls).password("alice", password).connect()) {
        imap.select("INBOX");
        for (long uid : imap.search(SearchCriteria.unseen())) {
          imap.fetchMessage(uid, dir.resolve(uid + ".eml"));          // streamed to disk, never whole in memory
          imap.addFlags(uid, Flag.SEEN);
        }
        imap.append("Sent", new MessageBuilder().from("alice@example.org").to("bob@example.org").subject("Hi")
            .body(Part.text("Hello\r\n")), Flag.SEEN);
        boolean more = imap.waitForNewMail(Duration.ofMinutes(5)); // IDLE, re-issued before the 30-minute limit
        assertThat(more).isTrue();
      }
      assertThat(Files.readAllBytes(dir.resolve("1.eml"))).isEqualTo(message);
      assertThat(store.messages("alice", "Sent")).hasSize(1);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
