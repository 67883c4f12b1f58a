package dev.missive.examples.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.smtp.DeliverBy;
import dev.missive.smtp.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deliver-by (RFC 2852 §4) and expiry (RFC 5321 §4.5.4.1) on a manual clock, the next hop answering 451 until the
 * test lets it deliver: by-mode R returns the message at its deadline and never sends it after; by-mode N sends one
 * "delayed" report and delivery goes on, with the time left (negative by then) passed on in BY=; the warning time
 * sends one "delayed" report and the expiry a "failed" one (RFC 3464 §2.3.3 actions).
 */
class RelayDeadlinesTest {

  private static final RelayPolicy POLICY = new RelayPolicy(Duration.ofHours(4), Duration.ofDays(5));
  private static final Reply LATER = Reply.of(451, "4.3.0", "try later");

  /** The next hop defers bob and takes everything else (the reports to alice). */
  private static Reply bobLater(dev.missive.smtp.Recipient r) {
    return r.forwardPath().toString().contains("bob") ? LATER : Reply.of(250, "2.0.0", "OK");
  }

  @TempDir
  Path dir;

  private static RelayEnvelope by(RelayEnvelope e, long seconds, DeliverBy.Mode mode) {
    return new RelayEnvelope(e.reversePath(), e.recipients(), e.arrival(),
        Optional.of(new DeliverBy(seconds, mode, false)), e.priority(), e.release(), e.smtpUtf8(), Set.of(),
        Optional.empty());
  }

  @Test
  void byModeReturnFailsAtTheDeadlineAndIsNeverSentAfter() throws Exception {
    ManualRelay relay = new ManualRelay(dir, POLICY);
    relay.answer = r -> LATER;
    relay.accept(by(relay.envelope("bob@example.net"), 900, DeliverBy.Mode.RETURN), "Subject: soon\r\n\r\nx\r\n");
    relay.pass(); // tried at once with the whole time left
    relay.advance(Duration.ofMinutes(10));
    relay.answer = r -> Reply.of(250, "2.0.0", "OK");
    relay.advance(Duration.ofMinutes(5)); // the deadline, before the back-off of 10 minutes ends
    relay.pass();
    relay.pass(); // the report goes out
    assertThat(relay.messages()).isEmpty();
    assertThat(relay.reports()).hasSize(1);
    ManualRelay.Sent report = relay.reports().get(0);
    assertThat(report.to()).containsExactly("alice@example.org");
    assertThat(report.content()).contains("Action: failed\r\nStatus: 5.4.7\r\n")
        .contains("Final-Recipient: rfc822; bob@example.net").contains("900 seconds asked with BY=")
        .contains("Subject: soon");
    assertThat(relay.queued()).isZero();
    assertThat(relay.failed()).isEqualTo(1);
    relay.advance(Duration.ofHours(1));
    relay.pass();
    assertThat(relay.messages()).isEmpty();
  }

  @Test
  void byModeReturnIsSentOnWithTheTimeLeft() throws Exception {
    ManualRelay relay = new ManualRelay(dir, POLICY);
    relay.answer = r -> LATER;
    relay.accept(by(relay.envelope("bob@example.net"), 3600, DeliverBy.Mode.RETURN), "Subject: x\r\n\r\n");
    relay.pass();
    relay.answer = r -> Reply.of(250, "2.0.0", "OK");
    relay.advance(Duration.ofMinutes(10).plusMillis(500));
    relay.pass();
    assertThat(relay.messages()).hasSize(1);
    // RFC 2852 §4: the by-time less the 600.5 seconds spent here, rounded down
    assertThat(relay.messages().get(0).envelope().parameters().deliverBy())
        .contains(new DeliverBy(2999, DeliverBy.Mode.RETURN, false));
  }

  @Test
  void byModeNotifySendsOneDelayedReportAndDeliveryGoesOn() throws Exception {
    ManualRelay relay = new ManualRelay(dir, POLICY);
    relay.answer = r -> LATER;
    relay.answer = RelayDeadlinesTest::bobLater;
    relay.accept(by(relay.envelope("bob@example.net"), 600, DeliverBy.Mode.NOTIFY), "Subject: n\r\n\r\nx\r\n");
    relay.pass();
    relay.advance(Duration.ofMinutes(10)); // the deadline and the first retry
    relay.pass();
    relay.advance(Duration.ofMinutes(20));
    relay.pass();
    assertThat(relay.reports()).hasSize(1);
    assertThat(relay.reports().get(0).content()).contains("Action: delayed\r\nStatus: 4.4.7\r\n")
        .contains("Subject: Delayed Mail").contains("Will-Retry-Until: ");
    relay.answer = r -> Reply.of(250, "2.0.0", "OK");
    relay.advance(Duration.ofMinutes(40));
    relay.pass();
    assertThat(relay.messages()).hasSize(1);
    assertThat(relay.messages().get(0).envelope().parameters().deliverBy()) // 70 minutes after a 10-minute BY=
        .contains(new DeliverBy(-3600, DeliverBy.Mode.NOTIFY, false));
    assertThat(relay.reports()).hasSize(1);
    assertThat(relay.queued()).isZero();
  }

  @Test
  void warnsOnceAfterTheWarningTimeAndBouncesAtTheExpiry() throws Exception {
    ManualRelay relay = new ManualRelay(dir, POLICY);
    relay.answer = RelayDeadlinesTest::bobLater;
    relay.accept(relay.envelope("bob@example.net"), "Subject: slow\r\n\r\nx\r\n");
    relay.pass();
    relay.advance(Duration.ofHours(3).plusMinutes(59));
    relay.pass();
    assertThat(relay.reports()).isEmpty();
    relay.advance(Duration.ofMinutes(1));
    relay.pass();
    relay.pass();
    assertThat(relay.reports()).hasSize(1);
    assertThat(relay.reports().get(0).content()).contains("Action: delayed").contains("4 hours");
    for (int hour = 0; hour < 5 * 24; hour++) {
      relay.advance(Duration.ofHours(1));
      relay.pass();
    }
    assertThat(relay.reports()).hasSize(2);
    assertThat(relay.reports().get(1).content()).contains("Action: failed\r\nStatus: 5.4.7\r\n")
        .contains("5 days");
    assertThat(relay.queued()).isZero();
    assertThat(relay.failed()).isEqualTo(1);
  }

  @Test
  void theExpiryOfAHeldMessageCountsFromItsRelease() throws Exception {
    ManualRelay relay = new ManualRelay(dir, new RelayPolicy(Duration.ofHours(1), Duration.ofHours(2)));
    RelayEnvelope e = relay.envelope("bob@example.net");
    relay.accept(new RelayEnvelope(e.reversePath(), e.recipients(), e.arrival(), e.deliverBy(), e.priority(),
        Optional.of(e.arrival().plus(Duration.ofHours(3))), false, Set.of(), Optional.empty()), "Subject: h\r\n\r\n");
    relay.advance(Duration.ofHours(3));
    relay.pass();
    assertThat(relay.messages()).hasSize(1);
    assertThat(relay.reports()).isEmpty();
  }

  @Test
  void anExpiredBounceIsDroppedWithoutAReport() throws Exception {
    ManualRelay relay = new ManualRelay(dir, POLICY);
    relay.answer = r -> LATER;
    relay.accept(RelayEnvelope.of("", java.util.List.of("alice@example.org"), relay.time.instant()),
        "Subject: a bounce\r\n\r\n");
    relay.pass();
    relay.advance(Duration.ofDays(5));
    relay.pass();
    relay.pass();
    assertThat(relay.sent).isEmpty(); // RFC 5321 §4.5.5: nothing about a message with <>
    assertThat(relay.queued()).isZero();
    assertThat(relay.failed()).isEqualTo(1);
  }

  /** The deadline is checked at the time of sending, not only at the start of a pass that may last. */
  @Test
  void aDeadlineThatPassesDuringAPassIsNotSentAfter() throws Exception {
    ManualRelay relay = new ManualRelay(dir, POLICY);
    RelayEnvelope slow = relay.envelope("first@example.net");
    relay.accept(new RelayEnvelope(slow.reversePath(), slow.recipients(), slow.arrival(), slow.deliverBy(),
        new dev.missive.smtp.MtPriority(9), Optional.empty(), false, Set.of(), Optional.empty()), "Subject: 1\r\n\r\n");
    relay.accept(by(relay.envelope("bob@example.net"), 300, DeliverBy.Mode.RETURN), "Subject: 2\r\n\r\n");
    relay.afterEach = () -> relay.advance(Duration.ofMinutes(10)); // the first sending takes ten minutes
    relay.pass();
    relay.afterEach = () -> { };
    relay.pass(); // the report
    assertThat(relay.messages()).extracting(s -> s.to().get(0)).containsExactly("first@example.net");
    assertThat(relay.reports()).singleElement().satisfies(r -> assertThat(r.content()).contains("Status: 5.4.7"));
  }

  /** RFC 3461 §4.1: NOTIFY=NEVER gets no report at all, NOTIFY=FAILURE no "delayed" one; the message is given up. */
  @Test
  void reportsFollowTheRecipientsNotify() throws Exception {
    ManualRelay relay = new ManualRelay(dir, POLICY);
    relay.answer = RelayDeadlinesTest::bobLater;
    RelayEnvelope e = relay.envelope("bob@example.net");
    for (dev.missive.smtp.DsnNotify n : List.of(dev.missive.smtp.DsnNotify.NEVER, dev.missive.smtp.DsnNotify.FAILURE)) {
      relay.accept(new RelayEnvelope(e.reversePath(), List.of(new RelayEnvelope.RelayRecipient("bob@example.net",
          Optional.empty(), Set.of(n))), e.arrival(), e.deliverBy(), e.priority(), e.release(), false, Set.of(),
          Optional.empty()), "Subject: " + n + "\r\n\r\nx\r\n");
    }
    relay.pass();
    relay.advance(Duration.ofHours(5));
    relay.pass();
    relay.pass();
    assertThat(relay.reports()).isEmpty(); // no "delayed" report for either
    relay.advance(Duration.ofDays(5));
    relay.pass();
    relay.pass();
    assertThat(relay.reports()).singleElement().satisfies(r -> assertThat(r.content()).contains("Subject: FAILURE")
        .contains("Action: failed"));
    assertThat(relay.queued()).isZero();
    assertThat(relay.failed()).isEqualTo(2);
  }
}
