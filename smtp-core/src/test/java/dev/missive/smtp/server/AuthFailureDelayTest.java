package dev.missive.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.smtp.SmtpExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Failed AUTH on SMTP is throttled as POP3 throttles failed logins (RFC 4954 §4 leaves the policy to the server;
 * issue 12 item 13): each failed exchange is answered only after {@link SmtpLimits#authFailureDelay()} — a deadline
 * the engine reports, never a sleep, with pipelined input waiting behind it — and the session ends with
 * {@code 421 4.7.0} after {@link SmtpLimits#maxAuthFailures()}.
 */
class AuthFailureDelayTest {

  /** AUTH PLAIN for user "test" with password "1234" (RFC 4954 §4's example) and with a wrong one. */
  private static final String RIGHT = "AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=\r\n";
  private static final String WRONG = "AUTH PLAIN AHRlc3QAd3Jvbmc=\r\n";
  private static final String INVALID = "535 5.7.8 Authentication credentials invalid\r\n";

  private static SmtpServerConfig config(SmtpLimits limits) {
    return SmtpServerConfig.builder().hostname("mx.example.org").plaintextAuthAllowed(true)
        .authMechanisms(SaslServerMechanisms.builder()
            .plain((user, password) -> user.equals("test") && new String(password).equals("1234")).build())
        .extensions(SmtpExtension.AUTH, SmtpExtension.PIPELINING, SmtpExtension.ENHANCED_STATUS_CODES)
        .limits(limits).build();
  }

  private static ServerFixtures.Driver greeted(SmtpLimits limits) {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(config(limits));
    d.exchange("EHLO c.example\r\n");
    return d;
  }

  /** Moves manual time to the engine's deadline and lets the engine act on it, as a host's timer does. */
  private static String timeout(ServerFixtures.Driver d) {
    d.time.advanceTo(d.smtp.nextDeadline().orElseThrow());
    d.smtp.onTimeout();
    d.pump();
    return d.drain();
  }

  @Test
  void aFailedAuthIsAnsweredOnlyAtItsDeadlineAndPipelinedCommandsWait() {
    ServerFixtures.Driver d = greeted(SmtpLimits.DEFAULT);
    long failedAt = d.time.getAsLong();
    assertThat(d.exchange(WRONG + "NOOP\r\n")).isEmpty();
    assertThat(d.smtp.nextDeadline()).hasValue(failedAt + Duration.ofSeconds(2).toNanos());
    assertThat(d.smtp.wantsInput()).isFalse();
    assertThat(d.events).anyMatch(e -> e.equals(new SmtpServerEvent.AuthFailed("PLAIN", 1, Duration.ofSeconds(2))));

    d.time.advance(Duration.ofMillis(1999));
    d.smtp.onTimeout(); // early: nothing happens
    assertThat(d.pump().drain()).isEmpty();
    assertThat(d.smtp.isClosed()).isFalse();

    assertThat(timeout(d)).isEqualTo(INVALID + "250 2.0.0 OK\r\n");
    assertThat(d.smtp.wantsInput()).isTrue();
    assertThat(d.smtp.nextDeadline()).hasValue(d.time.getAsLong() + Duration.ofMinutes(5).toNanos());
    assertThat(d.exchange(RIGHT)).isEqualTo("235 2.7.0 Authentication successful\r\n"); // success is never held
  }

  @Test
  void theLastFailureAllowedEndsTheSessionWith421() {
    ServerFixtures.Driver d = greeted(SmtpLimits.builder().maxAuthFailures(2).authFailureDelay(Duration.ofSeconds(1))
        .build());
    d.exchange(WRONG);
    assertThat(timeout(d)).isEqualTo(INVALID);
    assertThat(d.exchange("AUTH PLAIN\r\n")).isEqualTo("334 \r\n");
    assertThat(d.exchange("*\r\nNOOP\r\n")).isEmpty();
    assertThat(timeout(d)).isEqualTo("501 5.0.0 Authentication cancelled\r\n"
        + "421 4.7.0 mx.example.org Error: too many failed authentications\r\n");
    assertThat(d.smtp.isClosed()).isTrue();
    assertThat(d.smtp.nextDeadline()).isEmpty();
    assertThat(d.events).filteredOn(SmtpServerEvent.ProtocolViolation.class::isInstance).singleElement()
        .matches(v -> ((SmtpServerEvent.ProtocolViolation) v).fatal());
  }

  @Test
  void withoutADelayTheReplyComesAtOnceAndOnlyEndedExchangesCount() {
    ServerFixtures.Driver d = greeted(SmtpLimits.builder().maxAuthFailures(2).authFailureDelay(Duration.ZERO).build());
    // refused before any exchange: ordinary errors (RFC 4954 §4), never delayed or counted as failed logins
    assertThat(d.exchange("AUTH X-UNKNOWN\r\n")).isEqualTo("504 5.5.4 Unrecognized authentication type\r\n");
    assertThat(d.exchange("AUTH\r\n")).startsWith("501 5.5.4");
    assertThat(d.exchange(WRONG)).isEqualTo(INVALID);
    assertThat(d.exchange(WRONG))
        .isEqualTo(INVALID + "421 4.7.0 mx.example.org Error: too many failed authentications\r\n");
  }

  @Test
  void aClientThatLeavesWhileItsReplyIsHeldEndsTheSession() {
    ServerFixtures.Driver d = greeted(SmtpLimits.DEFAULT);
    d.exchange(WRONG);
    d.smtp.receiveEnd();
    d.pump();
    assertThat(d.smtp.isClosed()).isTrue();
    assertThat(d.drain()).isEmpty();
  }
}
