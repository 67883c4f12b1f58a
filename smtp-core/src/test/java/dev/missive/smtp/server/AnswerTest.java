package dev.missive.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.smtp.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link SmtpServer#answer(SmtpDecision)}: one method for every decision (docs/architecture.md, "Decisions"), the
 * old methods its sugar; a decision that does not fit the pending event is host misuse and changes nothing.
 */
class AnswerTest {

  private static SmtpServerConfig config() {
    return SmtpServerConfig.defaults("mx.example.org");
  }

  private static ServerFixtures.Driver afterMail() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(config());
    d.exchange("EHLO c.example\r\n");
    d.send("MAIL FROM:<a@example.org>\r\n");
    assertThat(d.smtp.nextEvent()).isInstanceOf(SmtpServerEvent.MailFrom.class);
    return d;
  }

  @Test
  void pendingDecisionNamesTheEventUntilItIsAnswered() {
    ServerFixtures.Driver d = afterMail();
    assertThat(d.smtp.pendingDecision()).containsInstanceOf(SmtpServerEvent.MailFrom.class);
    d.smtp.answer(SmtpDecision.accept());
    assertThat(d.smtp.pendingDecision()).isEmpty();
    assertThat(d.drain()).isEqualTo("250 2.1.0 OK\r\n");
  }

  @Test
  void answerAcceptsWithTheHostsReplyOrRejects() {
    ServerFixtures.Driver d = afterMail();
    d.smtp.answer(SmtpDecision.accept(Reply.of(250, "2.1.0", "Sender fine")));
    d.send("RCPT TO:<b@example.org>\r\n");
    assertThat(d.smtp.nextEvent()).isInstanceOf(SmtpServerEvent.RcptTo.class);
    d.smtp.answer(SmtpDecision.reject(Reply.of(550, "5.1.1", "No such user here")));
    assertThat(d.drain()).isEqualTo("250 2.1.0 Sender fine\r\n550 5.1.1 No such user here\r\n");
    assertThat(d.smtp.envelope().orElseThrow().recipients()).isEmpty();
  }

  @Test
  void aDecisionThatDoesNotFitThrowsAndLeavesTheEventPending() {
    ServerFixtures.Driver d = afterMail();
    assertThatThrownBy(() -> d.smtp.answer(SmtpDecision.accept(Reply.of(354, "Go ahead"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("354");
    assertThatThrownBy(() -> d.smtp.answer(SmtpDecision.perRecipient(List.of(Reply.ok()))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LMTP");
    assertThatThrownBy(() -> d.smtp.answer(null)).isInstanceOf(NullPointerException.class);
    assertThat(d.smtp.pendingDecision()).containsInstanceOf(SmtpServerEvent.MailFrom.class);
    assertThat(d.drain()).isEmpty();
    d.smtp.accept();
    assertThat(d.drain()).isEqualTo("250 2.1.0 OK\r\n");
  }

  @Test
  void answerWithNothingPendingNamesTheState() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(config());
    assertThatThrownBy(() -> d.smtp.answer(SmtpDecision.accept()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("CONNECTED");
  }

  @Test
  void anAnswerAfterTheSessionClosedIsIgnored() {
    ServerFixtures.Driver d = afterMail();
    d.smtp.shutdown();
    assertThat(d.smtp.isClosed()).isTrue();
    d.smtp.answer(SmtpDecision.accept());
    d.smtp.reject(Reply.of(550, "5.7.1", "Too late"));
    assertThat(d.drain()).isEqualTo("421 4.3.2 mx.example.org Service not available, closing transmission channel\r\n");
  }
}
