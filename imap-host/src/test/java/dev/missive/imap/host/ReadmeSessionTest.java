package dev.missive.imap.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.Flag;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.client.ClientMailbox;
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
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Reading a mailbox" runs as printed: this test holds the same lines and checks the README has them.
 * The reader's cache of INBOX is taken in an earlier session, another session then flags UID 1 and moves UID 2 away,
 * and the README's session resynchronises with QRESYNC over a compressed connection (RFC 7162 §3.2.5, RFC 4978).
 */
@Timeout(60)
class ReadmeSessionTest {

  private static final String SNIPPET = """
      try (ImapSession imap = ImapSession.builder(host).port(port).tls(tls).password("alice", password)
          .compression(true).mailboxResync(true).connect()) {      // COMPRESS=DEFLATE and QRESYNC when offered
        MailboxChanges changes = imap.resync("INBOX", cache.uidValidity(), cache.modSeq(), cache.uids()); // one SELECT
        if (!changes.cacheValid()) {
          cache.clear();                                             // UIDVALIDITY changed: nothing cached holds
        } else {
          changes.vanished().ifPresent(cache::remove);               // expunged since the cache's mod-sequence
          changes.changed().forEach(cache::update);                  // flags changed since
        }
        cache.keep(changes.uidValidity(), changes.highestModSeq());  // for the next resync
        for (long uid : imap.search(SearchCriteria.unseen())) {
          imap.fetchMessage(uid, dir.resolve(uid + ".eml"));          // streamed to disk, never whole in memory
          imap.addFlags(uid, Flag.SEEN);
        }
        imap.append("Sent", new MessageBuilder().from("alice@example.org").to("bob@example.org").subject("Hi")
            .body(Part.text("Hello\\r\\n")), Flag.SEEN);
        boolean more = imap.waitForNewMail(Duration.ofMinutes(5)); // IDLE, re-issued before the 30-minute limit
      }
      """;

  /** What the README's reader keeps of a folder between sessions: its UIDVALIDITY, mod-sequence and UIDs' flags. */
  private static final class MailCache {
    private long uidValidity;
    private long modSeq;
    private final TreeMap<Long, List<Flag>> flags = new TreeMap<>();

    long uidValidity() {
      return uidValidity;
    }

    long modSeq() {
      return modSeq;
    }

    Optional<SequenceSet> uids() {
      return flags.isEmpty() ? Optional.empty()
          : Optional.of(SequenceSet.of(flags.keySet().stream().mapToLong(Long::longValue).toArray()));
    }

    void clear() {
      flags.clear();
    }

    void remove(SequenceSet uids) {
      flags.keySet().removeIf(uid -> uids.contains(uid, Long.MAX_VALUE));
    }

    void update(MailboxChanges.ChangedFlags changed) {
      flags.put(changed.uid(), changed.flags());
    }

    void keep(long uidValidity, OptionalLong modSeq) {
      this.uidValidity = uidValidity;
      this.modSeq = modSeq.orElse(0);
    }
  }

  @Test
  void theReadmeSessionResynchronisesAndReadsTheInbox(@TempDir Path dir) throws Exception {
    assertThat(Files.readString(Path.of("../README.md"))).contains(SNIPPET);
    InMemoryMailStore store = new InMemoryMailStore();
    store.addUser("alice", "secret");
    byte[] message = "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 3; i++) {
      store.deliver("alice", "INBOX", message);
    }
    store.open("alice").create("Sent", List.of());
    store.open("alice").create("Archive", List.of());
    try (ImapListener listener = ImapListener.builder(store).port(0).tls(TlsSettings.of(TestTls.serverContext()))
        .start()) {
      String host = TestTls.HOST;
      int port = listener.port();
      TlsSettings tls = TlsSettings.client(TestTls.clientContext());
      String password = "secret";
      MailCache cache = new MailCache();
      try (ImapSession earlier = ImapSession.builder(host).port(port).tls(tls).password("alice", password).connect()) {
        ClientMailbox inbox = earlier.select("INBOX");
        cache.keep(inbox.uidValidity().orElseThrow(), inbox.highestModSeq());
        for (long uid = 1; uid <= 3; uid++) {
          cache.flags.put(uid, List.of());
        }
      }
      try (ImapSession other = ImapSession.builder(host).port(port).tls(tls).password("alice", password).connect()) {
        other.select("INBOX");
        other.addFlags(1, Flag.FLAGGED);
        assertThat(other.move(2, "Archive")).isPresent();
      }
      new Thread(() -> {
        while (store.messages("alice", "Sent").isEmpty()) {
          sleep();                                     // once the README's append is done, new mail arrives
        }
        store.deliver("alice", "INBOX", message);
      }).start();
      // the README's lines
      try (ImapSession imap = ImapSession.builder(host).port(port).tls(tls).password("alice", password)
          .compression(true).mailboxResync(true).connect()) {      // COMPRESS=DEFLATE and QRESYNC when offered
        MailboxChanges changes = imap.resync("INBOX", cache.uidValidity(), cache.modSeq(), cache.uids()); // one SELECT
        if (!changes.cacheValid()) {
          cache.clear();                                             // UIDVALIDITY changed: nothing cached holds
        } else {
          changes.vanished().ifPresent(cache::remove);               // expunged since the cache's mod-sequence
          changes.changed().forEach(cache::update);                  // flags changed since
        }
        cache.keep(changes.uidValidity(), changes.highestModSeq());  // for the next resync
        for (long uid : imap.search(SearchCriteria.unseen())) {
          imap.fetchMessage(uid, dir.resolve(uid + ".eml"));          // streamed to disk, never whole in memory
          imap.addFlags(uid, Flag.SEEN);
        }
        imap.append("Sent", new MessageBuilder().from("alice@example.org").to("bob@example.org").subject("Hi")
            .body(Part.text("Hello\r\n")), Flag.SEEN);
        boolean more = imap.waitForNewMail(Duration.ofMinutes(5)); // IDLE, re-issued before the 30-minute limit
        assertThat(more).isTrue();
        assertThat(changes.path()).isEqualTo(MailboxChanges.Path.QRESYNC);
        assertThat(imap.client().isCompressionActive()).isTrue();
      }
      assertThat(cache.flags).containsOnlyKeys(1L, 3L);
      assertThat(cache.flags.get(1L)).containsExactly(Flag.FLAGGED);
      assertThat(cache.modSeq()).isPositive();
      assertThat(Files.readAllBytes(dir.resolve("1.eml"))).isEqualTo(message);
      assertThat(Files.readAllBytes(dir.resolve("3.eml"))).isEqualTo(message);
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
