package dev.missive.pop3.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.pop3.client.Pop3Login;
import dev.missive.pop3.client.UniqueIdListing;
import dev.missive.testkit.TestTls;
import dev.missive.transport.TlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Fetching mail" runs as printed: this test holds the same lines and checks the README still has them. */
@Timeout(60)
class ReadmeFetchingTest {

  private static final String SNIPPET = """
      Set<String> seen = loadSeenIds();                                                 // your own record
      try (Pop3Mailbox inbox = Pop3Mailbox.builder("pop.example.org", Pop3Login.userPass("alice", password)).open()) {
        for (UniqueIdListing m : inbox.uidl()) {
          if (seen.add(m.uniqueId().toString())) {
            inbox.retrieve(m.messageNumber(), dir.resolve(m.uniqueId() + ".eml"));     // streamed, moved into place whole
            inbox.delete(m.messageNumber());                                            // removed at QUIT
          }
        }
      }
      """;

  @Test
  void theReadmeFetchLoopRuns(@TempDir Path dir) throws Exception {
    assertThat(Files.readString(Path.of("../README.md"))).contains(SNIPPET);
    List<Integer> deleted = new CopyOnWriteArrayList<>();
    String password = "secret";
    try (Pop3Listener pop3 = Pop3Listener.builder("localhost",
            session -> new MemoryMailbox(deleted, Pop3MailboxTest.FIRST, Pop3MailboxTest.SECOND))
        .port(0).implicitTlsPort(0).tls(TlsSettings.of(TestTls.serverContext())).start()) {
      // the README's lines; the host, port and trust differ only to reach the test listener
      Set<String> seen = loadSeenIds();                                                 // your own record
      try (Pop3Mailbox inbox = Pop3Mailbox.builder("localhost", Pop3Login.userPass("alice", password))
          .port(pop3.implicitTlsPort()).trust(TestTls.clientContext()).open()) {
        for (UniqueIdListing m : inbox.uidl()) {
          if (seen.add(m.uniqueId().toString())) {
            inbox.retrieve(m.messageNumber(), dir.resolve(m.uniqueId() + ".eml"));     // streamed, moved into place whole
            inbox.delete(m.messageNumber());                                            // removed at QUIT
          }
        }
      }
    }
    assertThat(Files.readString(dir.resolve("uid-2.eml"))).isEqualTo(Pop3MailboxTest.SECOND);
    assertThat(dir.resolve("uid-1.eml")).doesNotExist(); // already seen
    assertThat(deleted).containsExactly(2);
  }

  /** Stands for the application's record of what it fetched before: here, the first message. */
  private static Set<String> loadSeenIds() {
    return new HashSet<>(Set.of("uid-1"));
  }
}
