package dev.missive.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.smtp.Envelope;
import dev.missive.smtp.client.SmtpClientEvent.Failed;
import dev.missive.smtp.client.SmtpClientEvent.Outcome;
import dev.missive.smtp.client.SmtpClientEvent.TransactionResult;
import dev.missive.wire.TlsPolicy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Greeting, deadlines (RFC 5321 §4.5.3.2 client timeouts), connection loss, host misuse and the output limit.
 */
class ClientLifecycleTest {

  private static Wire wire() {
    return new Wire(SmtpClientConfig.builder().ehloName("client.example").tlsPolicy(TlsPolicy.NONE)
        .pipelining(false).chunking(false).build());
  }

  private static long deadlineIn(Wire w) {
    return w.client.nextDeadline().orElseThrow() - w.time.getAsLong();
  }

  @Test
  void greeting554IsAFailureFollowedByQuit() {
    Wire w = wire();
    w.server("554 5.7.1 No SMTP service here\r\n");
    assertThat(w.output()).isEqualTo("QUIT\r\n");
    assertThat(w.events(Failed.class)).singleElement()
        .satisfies(f -> assertThat(f.reply().orElseThrow().code()).isEqualTo(554));
    w.server("221 Bye\r\n");
    assertThat(w.client.isClosed()).isTrue();
  }

  @Test
  void eachStepHasItsRfc5321Timeout() {
    Wire w = wire();
    assertThat(deadlineIn(w)).isEqualTo(Duration.ofMinutes(5).toNanos());           // initial 220
    w.greet("8BITMIME");
    assertThat(w.client.nextDeadline()).isEmpty();                                  // idle: no client timer
    w.client.send(Envelope.of("a@example.org", "b@example.org"));
    assertThat(deadlineIn(w)).isEqualTo(Duration.ofMinutes(5).toNanos());           // MAIL
    w.time.advance(Duration.ofSeconds(30));
    w.server("250 OK\r\n");
    assertThat(deadlineIn(w)).isEqualTo(Duration.ofMinutes(5).toNanos());           // RCPT
    w.server("250 OK\r\n");
    assertThat(deadlineIn(w)).isEqualTo(Duration.ofMinutes(2).toNanos());           // DATA initiation
    w.server("354 Go\r\n");
    assertThat(deadlineIn(w)).isEqualTo(Duration.ofMinutes(3).toNanos());           // data block
    w.client.writeContent(ByteBuffer.wrap("x\r\n".getBytes(StandardCharsets.US_ASCII)));
    w.client.endContent();
    assertThat(deadlineIn(w)).isEqualTo(Duration.ofMinutes(10).toNanos());          // DATA termination
  }

  @Test
  void timeoutAbortsTheSessionAndTheTransaction() {
    Wire w = wire();
    w.greet();
    w.client.send(Envelope.of("a@example.org", "b@example.org"));
    w.output();
    w.events();
    w.time.advance(Duration.ofMinutes(4));
    w.client.onTimeout();                                                              // early: ignored
    assertThat(w.client.isClosed()).isFalse();
    w.time.advance(Duration.ofMinutes(1));
    w.client.onTimeout();
    assertThat(w.client.isClosed()).isTrue();
    assertThat(w.events()).satisfiesExactly(
        e -> assertThat(((Failed) e).reason()).contains("MAIL").contains("4.5.3.2"),
        e -> assertThat(((TransactionResult) e).outcome()).isEqualTo(Outcome.REJECTED),
        e -> assertThat(e).isInstanceOf(SmtpClientEvent.Closed.class));
    assertThat(w.client.nextDeadline()).isEmpty();
  }

  @Test
  void slowTricklingServerDoesNotExtendTheDeadline() {
    Wire w = wire();
    long deadline = w.client.nextDeadline().orElseThrow();
    for (char c : "220 slow".toCharArray()) {
      w.time.advance(Duration.ofSeconds(50));
      w.server(String.valueOf(c));
    }
    assertThat(w.client.nextDeadline()).hasValue(deadline);
  }

  @Test
  void connectionLostMidSessionFails() {
    Wire w = wire();
    w.greet();
    w.client.send(Envelope.of("a@example.org", "b@example.org"));
    w.events();
    w.client.receiveEnd();
    assertThat(w.client.isClosed()).isTrue();
    assertThat(w.events()).hasAtLeastOneElementOfType(Failed.class).hasAtLeastOneElementOfType(TransactionResult.class);
  }

  @Test
  void connectionClosedAfterQuitIsNormal() {
    Wire w = wire();
    w.greet();
    w.client.quit();
    assertThat(w.output()).endsWith("QUIT\r\n");
    w.events();
    w.client.receiveEnd();
    assertThat(w.events()).containsExactly(new SmtpClientEvent.Closed());
  }

  @Test
  void quitBeforeTheGreetingSendsOnlyQuit() {
    Wire w = wire();
    w.client.quit();
    assertThat(w.output()).isEmpty();
    w.server("220 mx.example ESMTP\r\n");
    assertThat(w.output()).isEqualTo("QUIT\r\n");
    w.server("221 Bye\r\n");
    assertThat(w.client.isClosed()).isTrue();
    assertThat(w.events()).hasExactlyElementsOfTypes(SmtpClientEvent.Greeted.class, SmtpClientEvent.Closed.class);
  }

  @Test
  void hostMisuseThrowsIllegalState() {
    Wire w = wire();
    assertThatThrownBy(() -> w.client.writeContent(ByteBuffer.allocate(1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("GREETING");
    assertThatThrownBy(w.client::endContent).isInstanceOf(IllegalStateException.class);
    w.client.send(Envelope.of("a@example.org", "b@example.org"));
    assertThatThrownBy(() -> w.client.send(Envelope.of("a@example.org", "c@example.org")))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> w.client.verify("x")).isInstanceOf(IllegalStateException.class);
    w.client.receiveEnd();
    assertThatThrownBy(() -> w.client.receive(ByteBuffer.allocate(1))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void unexpectedReplyWithNothingOutstandingIsAProtocolError() {
    Wire w = wire();
    w.greet();
    w.events();
    w.server("250 surprise\r\n");
    assertThat(w.client.isClosed()).isTrue();
    assertThat(w.events(Failed.class)).singleElement()
        .satisfies(f -> assertThat(f.reason()).contains("unexpected"));
  }

  @Test
  void largeContentIsTakenWholeThenWritesWaitForTheDrain() {
    Wire w = wire();
    w.greet();
    w.openData(Envelope.of("a@example.org", "b@example.org"));
    byte[] big = "0123456789abcdef\r\n".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
    ByteBuffer content = ByteBuffer.wrap(big);
    w.client.writeContent(content);
    assertThat(content.hasRemaining()).isFalse();                 // all of it, never a part
    assertThat(w.client.canWriteContent()).isFalse();            // the output is over its limit
    ByteBuffer more = ByteBuffer.wrap("more\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> w.client.writeContent(more)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("drain");
    assertThat(more.position()).isZero();
    long total = w.outputBytes().length;
    assertThat(w.client.canWriteContent()).isTrue();
    w.client.writeContent(more);
    w.client.endContent();
    total += w.outputBytes().length;
    assertThat(total).isEqualTo(big.length + "more\r\n".length() + 3);
  }
}
