package dev.missive.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.store.InMemoryMailStore;
import dev.missive.wire.ConnectionSecurity;
import org.junit.jupiter.api.Test;

/**
 * CONDSTORE (RFC 7162 §3.1) through the handler engine over the in-memory store, which keeps mod-sequences, and
 * through the raw engine for hosts that do not offer it or keep none ({@code NOMODSEQ}).
 */
class CondstoreTest {

  /** The store of {@link Sessions#store()} with a second message: UIDs 1 and 2, mod-sequences 2 and 3. */
  private static InMemoryMailStore twoMessages() {
    InMemoryMailStore store = Sessions.store();
    store.deliver("alice", "INBOX", Sessions.HELLO);
    return store;
  }

  private static ImapHandlerServer selected(InMemoryMailStore store, String select) {
    ImapHandlerServer s = Sessions.loggedIn(store);
    Sessions.exchange(s, select);
    return s;
  }

  @Test
  void selectAndExamineAnnounceTheHighestModSeq() {
    ImapHandlerServer s = Sessions.loggedIn(twoMessages());
    assertThat(Sessions.exchange(s, "c CAPABILITY\r\n")).contains(" CONDSTORE");
    // RFC 7162 §3.1.2.1: with every successful SELECT and EXAMINE
    assertThat(Sessions.exchange(s, "s EXAMINE INBOX\r\n")).contains("* OK [HIGHESTMODSEQ 3] Highest\r\n");
    assertThat(Sessions.exchange(s, "s SELECT INBOX (CONDSTORE)\r\n")).contains("* OK [HIGHESTMODSEQ 3] Highest\r\n")
        .endsWith("s OK [READ-WRITE] SELECT completed\r\n");
    assertThat(s.engine().isCondstoreEnabled()).isTrue(); // the CONDSTORE parameter enables it (§3.1.8)
  }

  @Test
  void enableThenStoreAnswersUidAndModSeq() {
    ImapHandlerServer s = Sessions.loggedIn(twoMessages());
    assertThat(Sessions.exchange(s, "e ENABLE CONDSTORE\r\n")).isEqualTo("* ENABLED CONDSTORE\r\n"
        + "e OK Some capabilities enabled\r\n");
    Sessions.exchange(s, "s SELECT INBOX\r\n");
    // RFC 7162 §3.1: once enabled, STORE's FETCH responses carry UID and MODSEQ
    assertThat(Sessions.exchange(s, "t STORE 2 +FLAGS (\\Flagged)\r\n")).isEqualTo(
        "* 2 FETCH (UID 2 FLAGS (\\Flagged \\Recent) MODSEQ (4))\r\nt OK +FLAGS completed\r\n");
    assertThat(Sessions.exchange(s, "f FETCH 1:2 (MODSEQ)\r\n")).isEqualTo(
        "* 1 FETCH (MODSEQ (2))\r\n* 2 FETCH (MODSEQ (4))\r\nf OK FETCH completed\r\n");
  }

  @Test
  void fetchModSeqEnablesImplicitlyAndChangedSinceFiltersWithUidAndModSeq() {
    InMemoryMailStore store = twoMessages();
    ImapHandlerServer a = selected(store, "s SELECT INBOX\r\n");
    ImapHandlerServer b = selected(store, "s SELECT INBOX\r\n");
    assertThat(a.engine().isCondstoreEnabled()).isFalse();
    assertThat(Sessions.exchange(a, "f FETCH 2 (FLAGS MODSEQ)\r\n")).isEqualTo(
        "* 2 FETCH (FLAGS (\\Recent) MODSEQ (3))\r\nf OK FETCH completed\r\n");
    assertThat(a.engine().isCondstoreEnabled()).isTrue(); // a CONDSTORE enabling command (§3.1)
    assertThat(Sessions.exchange(a, "g FETCH 1:* (FLAGS) (CHANGEDSINCE 3)\r\n")).isEqualTo("g OK FETCH completed\r\n");
    Sessions.exchange(b, "t STORE 1 +FLAGS.SILENT (\\Seen)\r\n"); // mod-sequence 4
    a.status();
    // RFC 7162 §3.1.4.1: MODSEQ as if asked, and UID with it (§3.1); the unsolicited FETCH of b's change first
    assertThat(Sessions.exchange(a, "h FETCH 1:* (FLAGS) (CHANGEDSINCE 3)\r\n")).isEqualTo(
        "* 1 FETCH (UID 1 FLAGS (\\Recent \\Seen) MODSEQ (4))\r\n* 1 FETCH (UID 1 FLAGS (\\Recent \\Seen) MODSEQ (4))\r\n"
            + "h OK FETCH completed\r\n");
    assertThat(Sessions.exchange(a, "i UID FETCH 1:* (FLAGS) (CHANGEDSINCE 1)\r\n")).isEqualTo(
        "* 1 FETCH (UID 1 FLAGS (\\Recent \\Seen) MODSEQ (4))\r\n* 2 FETCH (UID 2 FLAGS (\\Recent) MODSEQ (3))\r\n"
            + "i OK FETCH completed\r\n");
  }

  @Test
  void flagChangesElsewhereCarryModSeqOnlyOnceEnabled() {
    InMemoryMailStore store = twoMessages();
    ImapHandlerServer a = selected(store, "s SELECT INBOX\r\n");
    ImapHandlerServer b = selected(store, "s SELECT INBOX\r\n");
    Sessions.exchange(b, "t STORE 1 +FLAGS.SILENT (\\Answered)\r\n");
    a.status();
    assertThat(Sessions.exchange(a, "n NOOP\r\n")).isEqualTo("* 1 FETCH (UID 1 FLAGS (\\Answered \\Recent))\r\n"
        + "n OK NOOP completed\r\n");
    Sessions.exchange(a, "f FETCH 1 (MODSEQ)\r\n");
    Sessions.exchange(b, "t STORE 1 +FLAGS.SILENT (\\Draft)\r\n");
    a.status();
    assertThat(Sessions.exchange(a, "n NOOP\r\n")).isEqualTo(
        "* 1 FETCH (UID 1 FLAGS (\\Answered \\Draft \\Recent) MODSEQ (5))\r\nn OK NOOP completed\r\n");
  }

  @Test
  void unchangedSinceLeavesChangedMessagesAloneAndNamesThem() {
    InMemoryMailStore store = twoMessages();
    ImapHandlerServer a = selected(store, "s SELECT INBOX\r\n");
    ImapHandlerServer b = selected(store, "s SELECT INBOX\r\n");
    Sessions.exchange(b, "t STORE 2 +FLAGS.SILENT (\\Seen)\r\n"); // message 2: mod-sequence 4
    a.status();
    // RFC 7162 §3.1.3's d105 example: a silent conditional STORE still reports the new mod-sequences
    assertThat(Sessions.exchange(a, "d105 STORE 1:2 (UNCHANGEDSINCE 3) +FLAGS.SILENT (\\Deleted)\r\n")).isEqualTo(
        "* 1 FETCH (UID 1 MODSEQ (5))\r\n* 2 FETCH (UID 2 FLAGS (\\Recent \\Seen) MODSEQ (4))\r\n"
            + "d105 OK [MODIFIED 2] Conditional STORE failed\r\n");
    assertThat(Sessions.exchange(a, "u UID STORE 1:2 (UNCHANGEDSINCE 4) FLAGS (\\Flagged)\r\n")).isEqualTo(
        "* 2 FETCH (UID 2 FLAGS (\\Flagged \\Recent) MODSEQ (6))\r\nu OK [MODIFIED 1] Conditional STORE failed\r\n");
    // UNCHANGEDSINCE 0 always fails for a message that has a mod-sequence (§3.1.3)
    assertThat(Sessions.exchange(a, "z STORE 1 (UNCHANGEDSINCE 0) -FLAGS (\\Deleted)\r\n")).isEqualTo(
        "z OK [MODIFIED 1] Conditional STORE failed\r\n");
  }

  @Test
  void searchAndStatusAnswerModSeqs() {
    InMemoryMailStore store = twoMessages();
    ImapHandlerServer a = selected(store, "s SELECT INBOX\r\n");
    Sessions.exchange(a, "t STORE 1 +FLAGS.SILENT (\\Seen)\r\n"); // message 1: 4
    assertThat(Sessions.exchange(a, "q SEARCH MODSEQ 3\r\n")).isEqualTo("* SEARCH 1 2 (MODSEQ 4)\r\nq OK SEARCH completed\r\n");
    assertThat(Sessions.exchange(a, "q SEARCH MODSEQ 5\r\n")).isEqualTo("* SEARCH\r\nq OK SEARCH completed\r\n");
    assertThat(Sessions.exchange(a, "r UID SEARCH RETURN (ALL) NOT MODSEQ 4\r\n")).isEqualTo(
        "* ESEARCH (TAG \"r\") UID ALL 2 MODSEQ 3\r\nr OK UID SEARCH completed\r\n");
    assertThat(Sessions.exchange(a, "p SEARCH SEEN\r\n")).isEqualTo("* SEARCH 1\r\np OK SEARCH completed\r\n");
    assertThat(Sessions.exchange(a, "x STATUS INBOX (MESSAGES HIGHESTMODSEQ)\r\n")).isEqualTo(
        "* STATUS INBOX (MESSAGES 2 HIGHESTMODSEQ 4)\r\nx OK STATUS completed\r\n");
  }

  /** Takes the raw engine's events (a BAD is reported as one), then feeds {@code text}. */
  private static String rawExchange(ImapServer raw, String text) {
    while (raw.pendingDecision().isEmpty() && raw.nextEvent() != null) {
      // taken
    }
    return Sessions.exchange(raw, text);
  }

  /** A raw engine on a trusted connection, logged in, its events taken. */
  private static ImapServer loggedInRaw(ImapServerConfig config) {
    ImapServer raw = Sessions.raw(config, ConnectionSecurity.TRUSTED);
    Sessions.drain(raw);
    rawExchange(raw, "a LOGIN alice secret\r\n");
    assertThat(raw.nextEvent()).isInstanceOf(ImapServerEvent.LoginRequested.class);
    raw.accept();
    assertThat(raw.nextEvent()).isInstanceOf(ImapServerEvent.Authenticated.class);
    assertThat(Sessions.drain(raw)).startsWith("a OK");
    return raw;
  }

  @Test
  void aHostWithoutCondstoreRefusesItsCommands() {
    ImapServer raw = loggedInRaw(Sessions.config().build());
    assertThat(rawExchange(raw, "c CAPABILITY\r\n")).doesNotContain("CONDSTORE");
    assertThat(rawExchange(raw, "e ENABLE CONDSTORE QRESYNC\r\n")).isEqualTo("* ENABLED\r\ne OK ENABLE completed\r\n");
    assertThat(rawExchange(raw, "s SELECT INBOX (CONDSTORE)\r\n")).isEqualTo(
        "s BAD CONDSTORE is not available\r\n");
    assertThat(rawExchange(raw, "t STATUS INBOX (HIGHESTMODSEQ)\r\n")).isEqualTo(
        "t BAD CONDSTORE is not available\r\n");
    for (ImapServerEvent e; (e = raw.nextEvent()) != null; ) {
      assertThat(e).isInstanceOf(ImapServerEvent.ProtocolViolation.class); // never asked to the host
    }
  }

  @Test
  void aMailboxWithoutModSeqsIsSelectedWithNomodseqAndRefusesTheirUse() {
    ImapServer raw = loggedInRaw(Sessions.config().hostCapabilities("CONDSTORE").build());
    rawExchange(raw, "s SELECT INBOX\r\n");
    assertThat(raw.nextEvent()).isInstanceOf(ImapServerEvent.SelectRequested.class);
    raw.selected(SelectedMailbox.of(UidSet.of(dev.missive.imap.SequenceSet.parse("1:3")), 7, 4));
    // RFC 7162 §3.1.2.2
    assertThat(Sessions.drain(raw)).contains(
        "* OK [NOMODSEQ] Sorry, this mailbox format doesn't support modsequences\r\n");
    assertThat(rawExchange(raw, "f FETCH 1 (MODSEQ)\r\n")).isEqualTo(
        "f BAD The mailbox keeps no mod-sequences (NOMODSEQ)\r\n");
    assertThat(rawExchange(raw, "g STORE 1 (UNCHANGEDSINCE 5) +FLAGS (\\Seen)\r\n")).isEqualTo(
        "g BAD The mailbox keeps no mod-sequences (NOMODSEQ)\r\n");
    assertThat(rawExchange(raw, "h UID SEARCH MODSEQ 5\r\n")).isEqualTo(
        "h BAD The mailbox keeps no mod-sequences (NOMODSEQ)\r\n");
    assertThat(raw.isCondstoreEnabled()).isFalse();
  }
}
