package dev.missive.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.store.InMemoryMailStore;
import dev.missive.wire.ConnectionSecurity;
import org.junit.jupiter.api.Test;

/** QRESYNC (RFC 7162 §3.2) through the handler engine over the in-memory store. */
class QresyncTest {

  /**
   * Three messages (UIDs 1-3, mod-sequences 2-4); then another session flags 1 (5), deletes 2 (6) and expunges it
   * (7): the mailbox's highest mod-sequence is 7.
   */
  private static InMemoryMailStore changedSince4() {
    InMemoryMailStore store = Sessions.store();
    store.deliver("alice", "INBOX", Sessions.HELLO);
    store.deliver("alice", "INBOX", Sessions.HELLO);
    ImapHandlerServer b = Sessions.loggedIn(store);
    Sessions.exchange(b, "s SELECT INBOX\r\nt STORE 1 +FLAGS.SILENT (\\Flagged)\r\n"
        + "u STORE 2 +FLAGS.SILENT (\\Deleted)\r\nv EXPUNGE\r\nw LOGOUT\r\n");
    return store;
  }

  private static ImapHandlerServer enabled(InMemoryMailStore store) {
    ImapHandlerServer a = Sessions.loggedIn(store);
    assertThat(Sessions.exchange(a, "e ENABLE IMAP4rev2 QRESYNC\r\n")).isEqualTo(
        "* ENABLED IMAP4rev2 QRESYNC\r\ne OK Some capabilities enabled\r\n");
    return a;
  }

  @Test
  void selectWithQresyncReportsWhatVanishedAndChangedBeforeItsCompletion() {
    ImapHandlerServer a = enabled(changedSince4());
    assertThat(a.engine().isCondstoreEnabled()).isTrue(); // QRESYNC enables CONDSTORE (§3.2.3)
    // RFC 7162 §3.2.5.1
    assertThat(Sessions.exchange(a, "s SELECT INBOX (QRESYNC (1 4))\r\n")).isEqualTo("* 2 EXISTS\r\n"
        + "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
        + "* OK [UIDVALIDITY 1] UIDs valid\r\n"
        + "* OK [UIDNEXT 4] Predicted next UID\r\n"
        + "* OK [HIGHESTMODSEQ 7] Highest\r\n"
        + "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Limited\r\n"
        + "* LIST () \"/\" INBOX\r\n"
        + "* VANISHED (EARLIER) 2\r\n"
        + "* 1 FETCH (UID 1 FLAGS (\\Flagged) MODSEQ (5))\r\n"
        + "s OK [READ-WRITE] SELECT completed\r\n");
  }

  @Test
  void knownUidsNarrowTheAnswerAndAnotherUidValidityIgnoresTheParameter() {
    ImapHandlerServer a = enabled(changedSince4());
    assertThat(Sessions.exchange(a, "s EXAMINE INBOX (QRESYNC (1 4 2:3))\r\n")).contains("* VANISHED (EARLIER) 2\r\n")
        .doesNotContain("FETCH").endsWith("s OK [READ-ONLY] EXAMINE completed\r\n");
    // RFC 7162 §3.2.11: the mailbox selected before is closed first, and says so
    String other = Sessions.exchange(a, "t SELECT INBOX (QRESYNC (99 4))\r\n");
    assertThat(other).startsWith("* OK [CLOSED] Previous mailbox is now closed\r\n").doesNotContain("VANISHED")
        .doesNotContain("FETCH").endsWith("t OK [READ-WRITE] SELECT completed\r\n");
    // a mod-sequence before everything: every message comes, nothing expunged is missed
    assertThat(Sessions.exchange(a, "u SELECT INBOX (QRESYNC (1 1))\r\n")).contains("* VANISHED (EARLIER) 2\r\n"
        + "* 1 FETCH (UID 1 FLAGS (\\Flagged) MODSEQ (5))\r\n* 2 FETCH (UID 3 FLAGS () MODSEQ (4))\r\n"
        + "u OK [READ-WRITE] SELECT completed\r\n");
  }

  @Test
  void qresyncParameterAndVanishedModifierNeedEnable() {
    ImapHandlerServer a = Sessions.loggedIn(changedSince4());
    assertThat(Sessions.exchange(a, "c CAPABILITY\r\n")).contains(" CONDSTORE QRESYNC");
    assertThat(Sessions.exchange(a, "s SELECT INBOX (QRESYNC (1 4))\r\n")).isEqualTo(
        "s BAD QRESYNC is not enabled\r\n");
    Sessions.exchange(a, "s SELECT INBOX\r\n");
    assertThat(Sessions.exchange(a, "f UID FETCH 1:* (FLAGS) (CHANGEDSINCE 4 VANISHED)\r\n")).isEqualTo(
        "f BAD QRESYNC is not enabled\r\n");
  }

  @Test
  void uidFetchWithVanishedAndVanishedInsteadOfExpunge() {
    InMemoryMailStore store = changedSince4();
    ImapHandlerServer a = enabled(store);
    Sessions.exchange(a, "s SELECT INBOX\r\n");
    // RFC 7162 §3.2.6
    assertThat(Sessions.exchange(a, "f UID FETCH 1:* (FLAGS) (CHANGEDSINCE 4 VANISHED)\r\n")).isEqualTo(
        "* VANISHED (EARLIER) 2\r\n* 1 FETCH (UID 1 FLAGS (\\Flagged) MODSEQ (5))\r\nf OK FETCH completed\r\n");
    assertThat(Sessions.exchange(a, "g UID FETCH 3 (FLAGS) (CHANGEDSINCE 1 VANISHED)\r\n")).isEqualTo(
        "* 2 FETCH (UID 3 FLAGS () MODSEQ (4))\r\ng OK FETCH completed\r\n");
    ImapHandlerServer b = Sessions.loggedIn(store);
    Sessions.exchange(b, "s SELECT INBOX\r\nt STORE 1:2 +FLAGS.SILENT (\\Deleted)\r\nu EXPUNGE\r\n");
    a.status();
    // RFC 7162 §3.2.10: VANISHED replaces EXPUNGE once QRESYNC is enabled
    assertThat(Sessions.exchange(a, "n NOOP\r\n")).isEqualTo("* VANISHED 1,3\r\nn OK NOOP completed\r\n");
    Sessions.exchange(b, "s APPEND INBOX {5+}\r\nhello\r\n");
    a.status();
    assertThat(Sessions.exchange(a, "o NOOP\r\n")).isEqualTo("* 1 EXISTS\r\no OK NOOP completed\r\n");
    Sessions.exchange(a, "t STORE 1 +FLAGS.SILENT (\\Deleted)\r\n");
    // §3.2.7: with QRESYNC enabled, an EXPUNGE that removed something gives the new HIGHESTMODSEQ
    assertThat(Sessions.exchange(a, "x EXPUNGE\r\n")).isEqualTo(
        "* VANISHED 4\r\nx OK [HIGHESTMODSEQ 14] EXPUNGE completed\r\n");
    assertThat(Sessions.exchange(a, "y EXPUNGE\r\n")).isEqualTo("y OK EXPUNGE completed\r\n");
    Sessions.exchange(b, "a APPEND INBOX (\\Deleted) {5+}\r\nhello\r\n");
    a.status();
    assertThat(Sessions.exchange(a, "c CLOSE\r\n")).isEqualTo("c OK CLOSE completed\r\n"); // never for CLOSE (§3.2.8)
  }

  @Test
  void aCompletionStaysBelowAnExpungeItMustHoldBack() {
    InMemoryMailStore store = changedSince4(); // UIDs 1 and 3 left, highest mod-sequence 7
    ImapHandlerServer a = enabled(store);
    ImapHandlerServer b = Sessions.loggedIn(store);
    Sessions.exchange(b, "s SELECT INBOX\r\nt STORE 2 +FLAGS.SILENT (\\Deleted)\r\n"); // UID 3: 8
    Sessions.exchange(a, "s SELECT INBOX\r\n");
    Sessions.exchange(b, "u EXPUNGE\r\n"); // UID 3 expunged: 9
    a.status();
    // RFC 7162 §3.2 and §6: STORE cannot announce the expunge (RFC 9051 §7.5.1) but tells MODSEQ 10, so the
    // completion says HIGHESTMODSEQ 8, below the expunge; the NOOP that announces it gives the highest again
    assertThat(Sessions.exchange(a, "f STORE 1 (UNCHANGEDSINCE 8) +FLAGS.SILENT (\\Seen)\r\n")).isEqualTo(
        "* 1 FETCH (UID 1 MODSEQ (10))\r\nf OK [HIGHESTMODSEQ 8] +FLAGS completed\r\n");
    assertThat(Sessions.exchange(a, "g FETCH 1 (FLAGS)\r\n")).isEqualTo(
        "* 1 FETCH (FLAGS (\\Flagged \\Seen))\r\ng OK FETCH completed\r\n"); // no MODSEQ told: no code
    assertThat(Sessions.exchange(a, "n NOOP\r\n")).isEqualTo(
        "* VANISHED 3\r\nn OK [HIGHESTMODSEQ 10] NOOP completed\r\n");
    assertThat(Sessions.exchange(a, "o NOOP\r\n")).isEqualTo("o OK NOOP completed\r\n");
  }

  @Test
  void theResynchronisationGoesOutAsTheOutputDrains() {
    InMemoryMailStore store = Sessions.store();
    for (int i = 1; i < 10_000; i++) {
      store.deliver("alice", "INBOX", Sessions.HELLO);
    }
    ImapHandlerServer b = Sessions.loggedIn(store);
    Sessions.exchange(b, "s SELECT INBOX\r\n");
    // UIDs 1-10000 have mod-sequences 2-10001; all 10 000 change after 10001
    Sessions.exchange(b, "t STORE 1:* +FLAGS.SILENT (\\Flagged)\r\n");
    ImapHandlerServer a = Sessions.handler(store, Sessions.handlerConfig().outputSoftLimit(4096).build(),
        ConnectionSecurity.TRUSTED);
    Sessions.drain(a);
    Sessions.exchange(a, "a LOGIN alice secret\r\ne ENABLE QRESYNC\r\n");
    a.receive(java.nio.ByteBuffer.wrap("s SELECT INBOX (QRESYNC (1 10001))\r\n".getBytes(
        java.nio.charset.StandardCharsets.US_ASCII)));
    // RFC 7162 §3.2.5.1's FETCH responses wait for the output to drain, as FETCH's do: never all queued at once
    java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(1024);
    StringBuilder all = new StringBuilder();
    long most = 0;
    while (a.hasOutput()) {
      most = Math.max(most, a.engine().session().out.size());
      out.clear();
      a.drainOutput(out);
      all.append(new String(out.array(), 0, out.position(), java.nio.charset.StandardCharsets.US_ASCII));
    }
    assertThat(most).isLessThan(8192);
    String answer = all.toString();
    assertThat(answer.split(" FETCH \\(UID ", -1)).hasSize(10_001);
    assertThat(answer).contains("* 10000 FETCH (UID 10000 FLAGS (\\Flagged) MODSEQ (20001))\r\n")
        .endsWith("s OK [READ-WRITE] SELECT completed\r\n");
  }
}
