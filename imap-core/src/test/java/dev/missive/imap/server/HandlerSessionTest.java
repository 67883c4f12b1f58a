package dev.missive.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.protocol.NonSynchronizingLiterals;
import dev.missive.imap.store.InMemoryMailStore;
import dev.missive.wire.ConnectionSecurity;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The handler engine over the in-memory store: two sessions on one mailbox (RFC 9051 §5.2, §7.5.1, RFC 2180 §4.1),
 * IDLE (RFC 9051 §6.3.13), MULTIAPPEND (RFC 3502), SEARCHRES (RFC 5182) and FETCH under back-pressure.
 */
class HandlerSessionTest {

  private static String select(ImapHandlerServer s) {
    return Sessions.exchange(s, "s SELECT INBOX\r\n");
  }

  @Test
  void aMessageExpungedElsewhereIsNotFetchedAndItsExpungeWaitsForACommandThatAllowsIt() {
    InMemoryMailStore store = Sessions.store();
    store.deliver("alice", "INBOX", Sessions.HELLO);
    ImapHandlerServer a = Sessions.loggedIn(store);
    ImapHandlerServer b = Sessions.loggedIn(store);
    select(a);
    select(b);
    Sessions.exchange(b, "b1 STORE 1 +FLAGS.SILENT (\\Deleted)\r\n");
    assertThat(Sessions.exchange(b, "b2 EXPUNGE\r\n")).isEqualTo("* 1 EXPUNGE\r\nb2 OK EXPUNGE completed\r\n");
    a.status(); // the store's report reaches a's engine
    // RFC 9051 §7.5.1: no EXPUNGE during FETCH; RFC 2180 §4.1.2: the expunged message is left out
    assertThat(Sessions.exchange(a, "a1 FETCH 1:2 (UID)\r\n")).isEqualTo("* 2 FETCH (UID 2)\r\n"
        + "a1 NO [EXPUNGEISSUED] Some of the requested messages no longer exist\r\n");
    // RFC 2180 §4.4.1: COPY copies nothing; EXPUNGE may be sent during COPY, so the client learns it now
    assertThat(Sessions.exchange(a, "a2 COPY 1 INBOX\r\n")).isEqualTo(
        "* 1 EXPUNGE\r\na2 NO [EXPUNGEISSUED] Some of the requested messages no longer exist\r\n");
    assertThat(Sessions.exchange(a, "a3 NOOP\r\n")).isEqualTo("a3 OK NOOP completed\r\n");
    assertThat(Sessions.exchange(a, "a4 FETCH 1 (UID)\r\n")).isEqualTo("* 1 FETCH (UID 2)\r\na4 OK FETCH completed\r\n");
  }

  @Test
  void flagChangesElsewhereComeAsFetchWithUid() {
    InMemoryMailStore store = Sessions.store();
    ImapHandlerServer a = Sessions.loggedIn(store);
    ImapHandlerServer b = Sessions.loggedIn(store);
    select(a);
    select(b);
    assertThat(Sessions.exchange(b, "b1 STORE 1 +FLAGS (\\Flagged)\r\n"))
        .isEqualTo("* 1 FETCH (FLAGS (\\Flagged))\r\nb1 OK +FLAGS completed\r\n");
    a.status();
    assertThat(Sessions.exchange(a, "a1 NOOP\r\n"))
        .isEqualTo("* 1 FETCH (UID 1 FLAGS (\\Flagged \\Recent))\r\na1 OK NOOP completed\r\n"); // a selected first
  }

  @Test
  void idleReportsADeliveryAtOnce() {
    InMemoryMailStore store = Sessions.store();
    ImapHandlerServer a = Sessions.loggedIn(store);
    select(a);
    assertThat(Sessions.exchange(a, "i IDLE\r\n")).isEqualTo("+ idling\r\n");
    assertThat(a.nextDeadline()).isPresent(); // the poll that brings other threads' reports out
    store.deliver("alice", "INBOX", Sessions.HELLO);
    a.onTimeout();
    assertThat(Sessions.drain(a)).isEqualTo("* 2 EXISTS\r\n* 2 RECENT\r\n");
    assertThat(Sessions.exchange(a, "DONE\r\n")).isEqualTo("i OK IDLE terminated\r\n");
  }

  @Test
  void multiappendStoresBothMessagesOrNone() {
    InMemoryMailStore store = Sessions.store();
    ImapHandlerServer a = Sessions.loggedIn(store);
    assertThat(Sessions.exchange(a, "m APPEND INBOX (\\Seen) {5}\r\n")).isEqualTo("+ Ready for literal data\r\n");
    assertThat(Sessions.exchange(a, "one\r\n {5}\r\n")).isEqualTo("+ Ready for literal data\r\n");
    assertThat(Sessions.exchange(a, "two\r\n\r\n")).isEqualTo("m OK [APPENDUID 1 2:3] APPEND completed\r\n");
    assertThat(store.messages("alice", "INBOX")).hasSize(3);
    // a missing mailbox refuses the command before its message is sent (RFC 9051 §6.3.12: TRYCREATE)
    assertThat(Sessions.exchange(a, "n APPEND Nowhere {5}\r\n")).isEqualTo("n NO [TRYCREATE] No such mailbox\r\n");
    assertThat(Sessions.exchange(a, "o NOOP\r\n")).isEqualTo("o OK NOOP completed\r\n");
  }

  /**
   * A transport feeds only while the engine consumes (docs/architecture.md, "Driving an engine"): the end of an
   * APPEND message takes no octet, so it comes with the message's last octets and the command's CRLF, read apart,
   * is consumed by the one receive that offers it (Angus Mail's APPEND with LITERAL+ hung on this).
   */
  @Test
  void appendMessageEndsWithItsLastOctetSoTheClosingCrlfIsTakenAtOnce() {
    InMemoryMailStore store = Sessions.store();
    ImapHandlerServer a = Sessions.loggedIn(store);
    assertThat(Sessions.exchange(a, "m APPEND INBOX () {4+}\r\n")).isEmpty();
    assertThat(Sessions.exchange(a, "hi\r\n")).isEmpty();
    ByteBuffer crlf = ByteBuffer.wrap("\r\n".getBytes(StandardCharsets.US_ASCII));
    a.receive(crlf); // once, as a transport does when the previous receive made progress
    assertThat(crlf.hasRemaining()).isFalse();
    assertThat(Sessions.drain(a)).isEqualTo("m OK [APPENDUID 1 2] APPEND completed\r\n");
  }

  @Test
  void searchResultSavedAndUsedAsDollar() {
    InMemoryMailStore store = Sessions.store();
    store.deliver("alice", "INBOX", "Subject: other\r\n\r\nnothing\r\n".getBytes(StandardCharsets.US_ASCII));
    ImapHandlerServer a = Sessions.loggedIn(store);
    Sessions.exchange(a, "e ENABLE IMAP4rev2\r\n");
    select(a);
    assertThat(Sessions.exchange(a, "f SEARCH RETURN (SAVE) SUBJECT hello\r\n")).isEqualTo("f OK SEARCH completed\r\n");
    assertThat(Sessions.exchange(a, "g FETCH $ (UID)\r\n")).isEqualTo("* 1 FETCH (UID 1)\r\ng OK FETCH completed\r\n");
    assertThat(Sessions.exchange(a, "h UID SEARCH ALL\r\n"))
        .isEqualTo("* ESEARCH (TAG \"h\") UID ALL 1:2\r\nh OK UID SEARCH completed\r\n");
    assertThat(Sessions.exchange(a, "i SEARCH RETURN (MIN COUNT) UNSEEN\r\n"))
        .isEqualTo("* ESEARCH (TAG \"i\") MIN 1 COUNT 2\r\ni OK SEARCH completed\r\n");
  }

  @Test
  void aLargeBodyIsStreamedAsTheOutputDrains() {
    InMemoryMailStore store = Sessions.store();
    byte[] big = new byte[2 << 20];
    java.util.Arrays.fill(big, (byte) 'x');
    byte[] header = "Subject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(header, 0, big, 0, header.length);
    store.deliver("alice", "INBOX", big);
    ImapHandlerServer a = Sessions.loggedIn(store);
    select(a);
    a.receive(ByteBuffer.wrap("b FETCH 2 BODY.PEEK[]\r\n".getBytes(StandardCharsets.US_ASCII)));
    long max = 0;
    long total = 0;
    ByteBuffer out = ByteBuffer.allocate(8192);
    while (a.hasOutput()) {
      max = Math.max(max, a.engine().hasOutput() ? queued(a) : 0);
      out.clear();
      a.drainOutput(out);
      total += out.position();
    }
    assertThat(max).isLessThan(64 * 1024 + 32 * 1024); // the soft limit plus one piece, never the message
    assertThat(total).isGreaterThan(big.length);
  }

  /** RFC 3516 §4.2: decoded in pieces as the output drains (it was decoded whole first), a literal8 for NUL. */
  @Test
  void aLargeBinarySectionIsDecodedAsTheOutputDrains() {
    InMemoryMailStore store = Sessions.store();
    byte[] data = new byte[2 << 20];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 >> 3);
    }
    String body = java.util.Base64.getMimeEncoder().encodeToString(data);
    store.deliver("alice", "INBOX", ("Subject: binary\r\nContent-Type: application/octet-stream\r\n"
        + "Content-Transfer-Encoding: base64\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.US_ASCII));
    ImapHandlerServer a = Sessions.loggedIn(store);
    select(a);
    a.receive(ByteBuffer.wrap("b FETCH 2 BINARY.PEEK[1]<1000.2000000>\r\n".getBytes(StandardCharsets.US_ASCII)));
    long max = 0;
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    ByteBuffer out = ByteBuffer.allocate(8192);
    while (a.hasOutput()) {
      max = Math.max(max, queued(a));
      out.clear();
      a.drainOutput(out);
      all.write(out.array(), 0, out.position());
    }
    assertThat(max).isLessThan(64 * 1024 + 32 * 1024); // the soft limit plus one piece, never the section
    byte[] got = all.toByteArray();
    String head = "* 2 FETCH (BINARY[1]<1000> ~{2000000}\r\n";
    assertThat(new String(got, 0, head.length(), StandardCharsets.US_ASCII)).isEqualTo(head);
    assertThat(java.util.Arrays.copyOfRange(got, head.length(), head.length() + 2_000_000))
        .isEqualTo(java.util.Arrays.copyOfRange(data, 1000, 2_001_000));
    assertThat(new String(got, head.length() + 2_000_000, got.length - head.length() - 2_000_000,
        StandardCharsets.US_ASCII)).isEqualTo(")\r\nb OK FETCH completed\r\n");
  }

  private static long queued(ImapHandlerServer a) {
    return a.engine().session().out.size();
  }

  /**
   * IMAP4rev2 includes LITERAL- (RFC 9051 Appendix E): a server that refuses non-synchronizing literals offers
   * IMAP4rev1 only, so no client sends one trusting the IMAP4rev2 capability (RFC 7888 §5).
   */
  @Test
  void aServerRefusingNonSynchronizingLiteralsOffersImap4rev1Only() {
    ImapHandlerServer s = Sessions.handler(Sessions.store(), Sessions.config()
        .nonSynchronizingLiterals(NonSynchronizingLiterals.REFUSED).build(), ConnectionSecurity.TRUSTED);
    Sessions.drain(s);
    String caps = Sessions.exchange(s, "c CAPABILITY\r\n");
    assertThat(caps).startsWith("* CAPABILITY IMAP4rev1 ").doesNotContain("IMAP4rev2").doesNotContain("LITERAL");
    Sessions.exchange(s, "a LOGIN alice secret\r\n");
    assertThat(Sessions.exchange(s, "e ENABLE IMAP4rev2\r\n")).isEqualTo("* ENABLED\r\ne OK ENABLE completed\r\n");
    assertThat(s.engine().isRev2()).isFalse();
    assertThat(Sessions.exchange(s, "x SELECT {5+}\r\nINBOX\r\n")).startsWith("x BAD ");

    ImapHandlerServer minus = Sessions.handler(Sessions.store(), Sessions.config()
        .nonSynchronizingLiterals(NonSynchronizingLiterals.LITERAL_MINUS).build(), ConnectionSecurity.TRUSTED);
    Sessions.drain(minus);
    assertThat(Sessions.exchange(minus, "c CAPABILITY\r\n")).contains(" IMAP4rev2 ").contains(" LITERAL- ");
    Sessions.exchange(minus, "a LOGIN alice secret\r\n");
    assertThat(Sessions.exchange(minus, "e ENABLE IMAP4rev2\r\n")).startsWith("* ENABLED IMAP4rev2\r\n");
    assertThat(Sessions.exchange(minus, "x SELECT {5+}\r\nINBOX\r\n")).endsWith("x OK [READ-WRITE] SELECT completed\r\n");
  }
}
