package dev.missive.imap.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.imap.Flag;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.client.ClientMailbox;
import dev.missive.imap.host.MailboxChanges.ChangedFlags;
import dev.missive.imap.host.MailboxChanges.Path;
import dev.missive.imap.store.InMemoryMailStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ImapSession#resync} against the library's listener over loopback (RFC 7162 §6): a cache of INBOX taken in
 * one session, changes made by another (a flag added, a message moved away, one appended), then a third session
 * resynchronises and gets exactly the changes to the cached messages, with QRESYNC enabled (§3.2.5) and
 * with CONDSTORE only (§3.1.4.1 plus UID SEARCH ALL); a server without CONDSTORE is GreenMail ({@code GreenMailSessionTest}).
 * A changed UIDVALIDITY makes the result refuse to answer.
 */
@Timeout(60)
class ImapSessionResyncTest {

  /** What the first session saw. */
  private record Cache(long uidValidity, long modSeq) {}

  private static InMemoryMailStore store() {
    InMemoryMailStore store = new InMemoryMailStore();
    store.addUser("alice", "secret");
    for (int i = 1; i <= 4; i++) {
      store.deliver("alice", "INBOX", message(i));
    }
    return store;
  }

  private static byte[] message(int i) {
    return ("Subject: " + i + "\r\n\r\nhello\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  private static ImapSession connect(ImapListener imap, boolean resync) throws IOException {
    return ImapSession.builder("127.0.0.1").port(imap.port()).withoutTls(true).mailboxResync(resync)
        .password("alice", "secret").connect();
  }

  /** The cache, then another session's changes: UID 1 flagged, UID 2 moved away, UID 5 appended. */
  private static Cache cacheThenChange(ImapListener imap, boolean resync) throws IOException {
    Cache cache;
    try (ImapSession s = connect(imap, resync)) {
      ClientMailbox m = s.select("INBOX");
      cache = new Cache(m.uidValidity().orElseThrow(), m.highestModSeq().orElse(0));
    }
    try (ImapSession other = connect(imap, false)) {
      other.select("INBOX");
      other.addFlags(1, Flag.FLAGGED);
      other.client().create("Archive");
      assertThat(other.move(2, "Archive")).isPresent();
      assertThat(other.append("INBOX", message(5))).hasValue(5);
    }
    return cache;
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void exactlyTheOtherSessionsChanges(boolean qresync) throws Exception {
    try (ImapListener imap = ImapListener.builder(store()).port(0).trustLoopback(true).start()) {
      Cache cache = cacheThenChange(imap, qresync);
      try (ImapSession s = connect(imap, qresync)) {
        MailboxChanges c = s.resync("INBOX", cache.uidValidity(), cache.modSeq(),
            Optional.of(SequenceSet.range(1, 4)));
        assertThat(c.path()).isEqualTo(qresync ? Path.QRESYNC : Path.CONDSTORE);
        assertThat(c.cacheValid()).isTrue();
        assertThat(c.uidValidity()).isEqualTo(cache.uidValidity());
        assertThat(c.vanished()).contains(SequenceSet.of(2));
        assertThat(c.changed()).extracting(ChangedFlags::uid).containsExactly(1L);
        assertThat(c.changed().get(0).flags()).containsExactly(Flag.FLAGGED);
        assertThat(c.changed()).allSatisfy(m -> assertThat(m.modSeq()).isGreaterThan(cache.modSeq()));
        assertThat(c.highestModSeq().orElseThrow()).isGreaterThan(cache.modSeq());
        assertThat(s.client().mailbox().orElseThrow().exists()).isEqualTo(4);
        assertThat(s.client().mailbox().orElseThrow().uidNext()).hasValue(6);     // UID 5 arrived: fetched as new
      }
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void anotherUidValidityInvalidatesTheCache(boolean qresync) throws Exception {
    try (ImapListener imap = ImapListener.builder(store()).port(0).trustLoopback(true).start()) {
      Cache cache = cacheThenChange(imap, qresync);
      try (ImapSession s = connect(imap, qresync)) {
        MailboxChanges c = s.resync("INBOX", cache.uidValidity() + 1, cache.modSeq(),
            Optional.of(SequenceSet.range(1, 4)));
        assertThat(c.cacheValid()).isFalse();
        assertThat(c.uidValidity()).isEqualTo(cache.uidValidity());
        assertThatThrownBy(c::vanished).isInstanceOf(IllegalStateException.class).hasMessageContaining("invalid");
        assertThatThrownBy(c::changed).isInstanceOf(IllegalStateException.class);
      }
    }
  }
}
