package dev.missive.pop3.server;

import dev.missive.pop3.MaildropEntry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import org.junit.jupiter.api.Test;

/** DELE, RSET, QUIT and a lost connection (RFC 1939 §5–§6): deletions are committed only in UPDATE. */
class MaildropSemanticsTest {

  private final MemoryStore store = MemoryStore.rfc1939();
  private final Pop3HandlerServer s = new Pop3HandlerServer(Fixtures.rfcConfig().build(),
      Fixtures.rfcEnvironment(new ManualTime()), Fixtures.peer(ConnectionSecurity.TRUSTED), session -> store);

  private void login() {
    Fixtures.drain(s);
    Fixtures.exchange(s, "USER mrose\r\nPASS mrosepass\r\n");
  }

  @Test
  void deletedMessagesVanishFromStatListAndUidlAtOnce() {
    login();
    assertThat(Fixtures.exchange(s, "DELE 1\r\n")).isEqualTo("+OK message 1 deleted\r\n");
    assertThat(Fixtures.exchange(s, "STAT\r\n")).isEqualTo("+OK 1 200\r\n");
    assertThat(Fixtures.exchange(s, "LIST\r\n")).isEqualTo("+OK 1 message (200 octets)\r\n2 200\r\n.\r\n");
    assertThat(Fixtures.exchange(s, "UIDL\r\n")).isEqualTo("+OK\r\n2 QhdPYR:00WBw1Ph7x7\r\n.\r\n");
    assertThat(Fixtures.exchange(s, "LIST 1\r\n")).isEqualTo("-ERR message 1 already deleted\r\n");
  }

  @Test
  void rsetBringsDeletedMessagesBack() {
    login();
    Fixtures.exchange(s, "DELE 1\r\nDELE 2\r\n");
    assertThat(Fixtures.exchange(s, "STAT\r\n")).isEqualTo("+OK 0 0\r\n");
    assertThat(Fixtures.exchange(s, "RSET\r\n")).isEqualTo("+OK maildrop has 2 messages (320 octets)\r\n");
    assertThat(Fixtures.exchange(s, "STAT\r\n")).isEqualTo("+OK 2 320\r\n");
    Fixtures.exchange(s, "QUIT\r\n");
    assertThat(store.maildrops.get("mrose")).hasSize(2);
    assertThat(store.log).containsExactly("open mrose", "update mrose []", "close mrose");
  }

  @Test
  void quitCommitsOnlyTheDeletedMessages() {
    login();
    assertThat(Fixtures.exchange(s, "DELE 1\r\nQUIT\r\n"))
        .endsWith("+OK dewey POP3 server signing off (1 message left)\r\n");
    assertThat(store.maildrops.get("mrose")).hasSize(1);
    assertThat(store.maildrops.get("mrose").get(0).uniqueId()).isEqualTo("QhdPYR:00WBw1Ph7x7");
    assertThat(store.locked).isEmpty();
  }

  @Test
  void aLostConnectionDeletesNothingAndReleasesTheLock() {
    login();
    Fixtures.exchange(s, "DELE 1\r\nDELE 2\r\n");
    s.receiveEnd();
    assertThat(s.isClosed()).isTrue();
    assertThat(store.maildrops.get("mrose")).hasSize(2);
    assertThat(store.log).containsExactly("open mrose", "close mrose");
    assertThat(store.locked).isEmpty();
  }

  @Test
  void aFailedUpdateSaysSoAndStillEndsTheSession() {
    login();
    store.failUpdate = true;
    assertThat(Fixtures.exchange(s, "DELE 1\r\nQUIT\r\n"))
        .endsWith("-ERR [SYS/TEMP] some deleted messages not removed\r\n");
    assertThat(s.isClosed()).isTrue();
    assertThat(store.locked).isEmpty();
  }

  @Test
  void messageNumbersStayFixedAfterDeletes() {
    login();
    Fixtures.exchange(s, "DELE 1\r\n");
    assertThat(Fixtures.exchange(s, "LIST 2\r\n")).isEqualTo("+OK 2 200\r\n");
    assertThat(Fixtures.exchange(s, "RETR 2\r\n")).startsWith("+OK 200 octets\r\nFrom: John Doe");
  }

  @Test
  void aConnectionLostAfterQuitStillCommitsAndSessionEndedSaysSo() {
    // the raw engine, so the host's UPDATE answer can come after the peer has gone
    Pop3Server raw = Fixtures.greeted(new Pop3Server(Fixtures.rfcConfig().build(),
        Fixtures.rfcEnvironment(new ManualTime()), Fixtures.peer(ConnectionSecurity.TRUSTED)));
    Fixtures.exchange(raw, "USER mrose\r\nPASS mrosepass\r\n");
    raw.nextEvent(); // LoginRequested
    raw.accept();
    raw.nextEvent(); // MaildropOpenRequested
    raw.maildropOpened(java.util.List.of(new MaildropEntry(120, "a"), new MaildropEntry(200, "b")));
    Fixtures.exchange(raw, "DELE 1\r\nQUIT\r\n");
    assertThat(raw.nextEvent()).isEqualTo(new Pop3ServerEvent.UpdateRequested(java.util.List.of(1)));
    raw.receiveEnd(); // the peer hangs up while the host commits (RFC 1939 §6: QUIT was received)
    assertThat(raw.isClosed()).isFalse();
    assertThat(raw.nextEvent()).isNull();
    raw.accept();
    assertThat(raw.isClosed()).isTrue();
    assertThat(raw.nextEvent()).isEqualTo(new Pop3ServerEvent.SessionEnded(Pop3State.UPDATE, true));
  }

  @Test
  void aConnectionLostAfterQuitWithAFailedCommitReportsNothingCommitted() {
    Pop3Server raw = Fixtures.greeted(new Pop3Server(Fixtures.rfcConfig().build(),
        Fixtures.rfcEnvironment(new ManualTime()), Fixtures.peer(ConnectionSecurity.TRUSTED)));
    Fixtures.exchange(raw, "USER mrose\r\nPASS mrosepass\r\n");
    raw.nextEvent();
    raw.accept();
    raw.nextEvent();
    raw.maildropOpened(java.util.List.of(new MaildropEntry(120, "a")));
    Fixtures.exchange(raw, "DELE 1\r\nQUIT\r\n");
    raw.nextEvent();
    raw.receiveEnd();
    raw.reject();
    assertThat(raw.nextEvent()).isEqualTo(new Pop3ServerEvent.SessionEnded(Pop3State.UPDATE, false));
  }

  @Test
  void theHandlerFacadeCommitsWhenThePeerHangsUpRightAfterQuit() {
    login();
    s.receive(java.nio.ByteBuffer.wrap("DELE 2\r\nQUIT\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    s.receiveEnd();
    assertThat(s.isClosed()).isTrue();
    assertThat(store.maildrops.get("mrose")).hasSize(1);
    assertThat(store.locked).isEmpty();
  }
}
