package dev.missive.pop3.server;

import dev.missive.pop3.MaildropEntry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every command in every state, with the status indicator RFC 1939 §4–§7 (and RFC 2449 §5, RFC 2595 §4,
 * RFC 6856 §2 for CAPA, STLS, UTF8) prescribes. The expectations are written from the RFCs, not generated from
 * the engine's table (docs/architecture.md, "State machines").
 */
class SequencingTest {

  private static Pop3HandlerServer server() {
    return new Pop3HandlerServer(Fixtures.rfcConfig().build(),
        Fixtures.rfcEnvironment(new ManualTime()), Fixtures.peer(ConnectionSecurity.TRUSTED),
        session -> MemoryStore.rfc1939());
  }

  private static Pop3HandlerServer inTransaction() {
    Pop3HandlerServer s = Fixtures.greeted(server());
    assertThat(Fixtures.exchange(s, "USER mrose\r\nPASS mrosepass\r\n")).endsWith("(320 octets)\r\n");
    assertThat(s.session().state()).isEqualTo(Pop3State.TRANSACTION);
    return s;
  }

  @ParameterizedTest(name = "AUTHORIZATION: {0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      // §4: only USER/PASS, APOP, QUIT (and the extensions' CAPA, STLS, AUTH, UTF8) are valid here
      "USER mrose                               | +OK",
      "user mrose                               | +OK",
      "PASS mrosepass                           | -ERR",   // §7: only right after a successful USER
      "APOP mrose c4c9334bac560ecc979e58001b3e22fb | +OK",
      "APOP mrose 00000000000000000000000000000000 | -ERR",
      "APOP mrose                               | -ERR",
      "STAT                                     | -ERR",
      "LIST                                     | -ERR",
      "LIST 1                                   | -ERR",
      "RETR 1                                   | -ERR",
      "DELE 1                                   | -ERR",
      "NOOP                                     | -ERR",
      "RSET                                     | -ERR",
      "TOP 1 0                                  | -ERR",
      "UIDL                                     | -ERR",
      "UIDL 1                                   | -ERR",
      "QUIT                                     | +OK",
      "CAPA                                     | +OK",
      "STLS                                     | +OK",
      "UTF8                                     | +OK",
      "XYZZY                                    | -ERR",
      "RETRIEVE 1                               | -ERR",
      "''                                       | -ERR",
  })
  void authorizationState(String command, String indicator) {
    Pop3HandlerServer s = Fixtures.greeted(server());
    assertThat(Fixtures.exchange(s, command + "\r\n")).startsWith(indicator + (indicator.equals("+OK") ? "" : " "));
  }

  @Test
  void passRightAfterUserLogsIn() {
    Pop3HandlerServer s = Fixtures.greeted(server());
    assertThat(Fixtures.exchange(s, "USER mrose\r\n")).startsWith("+OK");
    assertThat(Fixtures.exchange(s, "PASS mrosepass\r\n")).startsWith("+OK mrose's maildrop has 2 messages");
  }

  @Test
  void passAfterAnotherCommandIsRefused() {
    Pop3HandlerServer s = Fixtures.greeted(server());
    assertThat(Fixtures.exchange(s, "USER mrose\r\nCAPA\r\nPASS mrosepass\r\n")).endsWith("-ERR USER first\r\n");
    assertThat(s.session().state()).isEqualTo(Pop3State.AUTHORIZATION);
  }

  @ParameterizedTest(name = "TRANSACTION: {0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      // §5: the message commands; USER, PASS, APOP, STLS, AUTH, UTF8 belong to AUTHORIZATION only
      "USER mrose  | -ERR",
      "PASS x      | -ERR",
      "APOP mrose c4c9334bac560ecc979e58001b3e22fb | -ERR",
      "STLS        | -ERR",
      "AUTH PLAIN  | -ERR",
      "UTF8        | -ERR",
      "STAT        | +OK",
      "stat        | +OK",
      "StAt        | +OK",
      "LIST        | +OK",
      "LIST 1      | +OK",
      "RETR 1      | +OK",
      "DELE 1      | +OK",
      "NOOP        | +OK",
      "RSET        | +OK",
      "TOP 1 0     | +OK",
      "UIDL        | +OK",
      "UIDL 2      | +OK",
      "CAPA        | +OK",
      "QUIT        | +OK",
      "XYZZY       | -ERR",
  })
  void transactionState(String command, String indicator) {
    Pop3HandlerServer s = inTransaction();
    assertThat(Fixtures.exchange(s, command + "\r\n")).startsWith(indicator);
  }

  @Test
  void updateStateTakesNoCommandsAndEndsTheSession() {
    ManualTime time = new ManualTime();
    Pop3Server s = Fixtures.greeted(new Pop3Server(Fixtures.rfcConfig().build(), Fixtures.rfcEnvironment(time),
        Fixtures.peer(ConnectionSecurity.TRUSTED)));
    s.receive(ByteBuffer.wrap("USER mrose\r\nPASS mrosepass\r\n".getBytes()));
    assertThat(s.nextEvent()).isInstanceOf(Pop3ServerEvent.LoginRequested.class);
    s.accept();
    assertThat(s.nextEvent()).isInstanceOf(Pop3ServerEvent.MaildropOpenRequested.class);
    s.maildropOpened(java.util.List.of(new MaildropEntry(10, "a")));
    s.receive(ByteBuffer.wrap("DELE 1\r\nQUIT\r\n".getBytes()));
    assertThat(s.state()).isEqualTo(Pop3State.UPDATE);
    assertThat(s.wantsInput()).isFalse();
    ByteBuffer more = ByteBuffer.wrap("NOOP\r\n".getBytes());
    s.receive(more);
    assertThat(more.position()).isZero(); // nothing is consumed in UPDATE
    assertThat(s.nextEvent()).isEqualTo(new Pop3ServerEvent.UpdateRequested(java.util.List.of(1)));
    s.accept();
    assertThat(Fixtures.drain(s))
        .endsWith("+OK message 1 deleted\r\n+OK dewey POP3 server signing off (maildrop empty)\r\n");
    assertThat(s.isClosed()).isTrue();
    assertThat(s.nextEvent()).isEqualTo(new Pop3ServerEvent.SessionEnded(Pop3State.UPDATE, true));
    assertThatThrownBy(() -> s.receive(ByteBuffer.wrap("NOOP\r\n".getBytes())))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("CLOSED");
  }

  @Test
  void quitInAuthorizationSignsOffWithoutUpdate() {
    Pop3HandlerServer s = Fixtures.greeted(server());
    assertThat(Fixtures.exchange(s, "QUIT\r\n")).isEqualTo("+OK dewey POP3 server signing off\r\n");
    assertThat(s.isClosed()).isTrue();
  }

  @Test
  void hostMisuseThrowsNamingTheState() {
    Pop3Server s = new Pop3Server(Fixtures.rfcConfig().build(), Fixtures.rfcEnvironment(new ManualTime()),
        Fixtures.peer(ConnectionSecurity.TRUSTED));
    assertThatThrownBy(s::accept).isInstanceOf(IllegalStateException.class).hasMessageContaining("AUTHORIZATION");
    assertThatThrownBy(() -> s.content(ByteBuffer.allocate(1))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.streamChanged(dev.missive.wire.TlsInfo.unknown()))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.reject(dev.missive.pop3.Pop3Response.ok("x")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void answersMustFitThePendingEventAndPendingDecisionNamesIt() {
    Pop3Server s = Fixtures.greeted(new Pop3Server(Fixtures.rfcConfig().build(),
        Fixtures.rfcEnvironment(new ManualTime()), Fixtures.peer(ConnectionSecurity.TRUSTED)));
    assertThat(s.pendingDecision()).isEmpty();
    assertThatThrownBy(() -> s.answer(Pop3Decision.reject())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no decision pending").hasMessageContaining("AUTHORIZATION");
    s.receive(ByteBuffer.wrap("USER mrose\r\nPASS mrosepass\r\n".getBytes()));
    Pop3ServerEvent e = s.nextEvent();
    assertThat(e.needsDecision()).isTrue();
    assertThat(s.pendingDecision()).contains((Pop3ServerEvent.DecisionRequired) e);
    assertThatThrownBy(() -> s.answer(Pop3Decision.opened(java.util.List.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LoginRequested");
    assertThatThrownBy(() -> s.content(ByteBuffer.allocate(1))).isInstanceOf(IllegalArgumentException.class);
    s.answer(Pop3Decision.accept());
    assertThat(s.nextEvent()).isEqualTo(new Pop3ServerEvent.MaildropOpenRequested("mrose", "mrose"));
    assertThatThrownBy(() -> s.answer(Pop3Decision.accept())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MaildropOpenRequested");
    s.answer(Pop3Decision.opened(java.util.List.of(new MaildropEntry(120, "a"))));
    assertThat(s.pendingDecision()).isEmpty();
    assertThat(Fixtures.drain(s)).endsWith("+OK mrose's maildrop has 1 message (120 octets)\r\n");
  }
}
