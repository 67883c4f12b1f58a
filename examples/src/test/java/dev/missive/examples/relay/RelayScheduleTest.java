package dev.missive.examples.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.smtp.DeliverBy;
import dev.missive.smtp.FutureRelease;
import dev.missive.smtp.MtPriority;
import dev.missive.smtp.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay's queue on a manual clock: priority order among the messages due (RFC 6710 §4) without starving the
 * lower ones, and holds (RFC 4865 §4): nothing leaves before its release time, and it leaves then.
 */
class RelayScheduleTest {

  @TempDir
  Path dir;

  private static RelayEnvelope withPriority(RelayEnvelope e, int priority) {
    return new RelayEnvelope(e.reversePath(), e.recipients(), e.arrival(), e.deliverBy(), new MtPriority(priority),
        e.release(), e.smtpUtf8(), Set.of(), Optional.empty());
  }

  private static RelayEnvelope heldUntil(RelayEnvelope e, Instant release) {
    return new RelayEnvelope(e.reversePath(), e.recipients(), e.arrival(), e.deliverBy(), e.priority(),
        Optional.of(release), e.smtpUtf8(), Set.of(), Optional.empty());
  }

  @Test
  void theMessagesDueGoInPriorityOrderAndThePriorityIsPassedOn() throws Exception {
    ManualRelay relay = new ManualRelay(dir, RelayPolicy.DEFAULT);
    relay.accept(withPriority(relay.envelope("low@example.net"), -5), "Subject: low\r\n\r\n.\r\n");
    relay.accept(relay.envelope("normal@example.net"), "Subject: normal\r\n\r\n.\r\n");
    relay.accept(withPriority(relay.envelope("high@example.net"), 7), "Subject: high\r\n\r\n.\r\n");
    relay.pass();
    assertThat(relay.sent).extracting(s -> s.to().get(0))
        .containsExactly("high@example.net", "normal@example.net", "low@example.net");
    assertThat(relay.sent.get(0).envelope().parameters().priority()).contains(new MtPriority(7));
    // RFC 6710 §4.2 item 1: the priority settled on goes on, 0 (the default, §4.1 item 5) included
    assertThat(relay.sent.get(1).envelope().parameters().priority()).contains(MtPriority.NORMAL);
    assertThat(relay.queued()).isZero();
  }

  @Test
  void aLowerPriorityMessageDueAtTheStartOfAPassIsTriedInThatPassWhateverArrivesMeanwhile() throws Exception {
    ManualRelay relay = new ManualRelay(dir, RelayPolicy.DEFAULT);
    relay.accept(withPriority(relay.envelope("low@example.net"), -9), "Subject: low\r\n\r\n.\r\n");
    relay.accept(withPriority(relay.envelope("first@example.net"), 9), "Subject: first\r\n\r\n.\r\n");
    int[] arrivals = {0};
    relay.afterEach = () -> { // every message sent lets another urgent one in
      try {
        if (arrivals[0]++ < 5) {
          relay.accept(withPriority(relay.envelope("urgent" + arrivals[0] + "@example.net"), 9), "Subject: u\r\n\r\n");
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
    relay.pass();
    assertThat(relay.sent).extracting(s -> s.to().get(0)).containsExactly("first@example.net", "low@example.net");
    relay.pass();
    assertThat(relay.sent).hasSize(4); // the two urgent ones queued during the first pass
  }

  @Test
  void aHeldMessageLeavesAtItsReleaseTimeAndNotBefore() throws Exception {
    ManualRelay relay = new ManualRelay(dir, RelayPolicy.DEFAULT);
    Instant release = relay.time.instant().plus(Duration.ofHours(2));
    relay.accept(heldUntil(relay.envelope("bob@example.net"), release), "Subject: later\r\n\r\nbody\r\n");
    relay.accept(relay.envelope("carol@example.net"), "Subject: now\r\n\r\nbody\r\n");
    assertThat(relay.pass()).isEqualTo(release); // the relayer sleeps until then
    assertThat(relay.sent).extracting(s -> s.to().get(0)).containsExactly("carol@example.net");
    relay.advance(Duration.ofHours(2).minusSeconds(1));
    relay.pass();
    assertThat(relay.sent).hasSize(1);
    relay.advance(Duration.ofSeconds(1));
    relay.pass();
    assertThat(relay.sent).extracting(s -> s.to().get(0)).containsExactly("carol@example.net", "bob@example.net");
    assertThat(relay.sent.get(1).envelope().parameters().release()).isEmpty(); // the hold is not passed on
    assertThat(relay.queued()).isZero();
  }

  @Test
  void theSmtpSideKeepsHoldForAsAReleaseTimeAndTheOtherFacts() throws Exception {
    ManualRelay relay = new ManualRelay(dir, RelayPolicy.DEFAULT);
    Instant now = relay.time.instant();
    dev.missive.smtp.Envelope in = dev.missive.smtp.Envelope.of("alice@example.org", "bob@example.net")
        .withParameters(dev.missive.smtp.MailParameters.NONE.withRelease(new FutureRelease.HoldFor(600))
            .withDeliverBy(new DeliverBy(3600, DeliverBy.Mode.NOTIFY, false)).withPriority(new MtPriority(3)));
    RelayEnvelope kept = RelaySmtpHandler.relayEnvelope(in, "alice@example.org",
        List.of(dev.missive.message.address.AddrSpec.parse("bob@example.net")), now);
    assertThat(kept.release()).contains(now.plusSeconds(600));
    assertThat(kept.deliverBy()).contains(new DeliverBy(3600, DeliverBy.Mode.NOTIFY, false));
    assertThat(kept.priority()).isEqualTo(new MtPriority(3));
    assertThat(kept.arrival()).isEqualTo(now);
  }

  @Test
  void aDeferredMessageWaitsForItsBackOff() throws Exception {
    ManualRelay relay = new ManualRelay(dir, RelayPolicy.DEFAULT);
    relay.answer = r -> Reply.of(451, "4.3.0", "try later");
    relay.accept(relay.envelope("bob@example.net"), "Subject: x\r\n\r\n");
    Instant start = relay.time.instant();
    assertThat(relay.pass()).isEqualTo(start.plus(Duration.ofMinutes(10)));
    relay.answer = r -> Reply.of(250, "2.0.0", "OK");
    relay.advance(Duration.ofMinutes(9));
    relay.pass();
    assertThat(relay.sent).isEmpty();
    relay.advance(Duration.ofMinutes(1));
    relay.pass();
    assertThat(relay.sent).hasSize(1);
  }

  /**
   * RFC 5321 §4.5.4.1: the back-off is kept in the spool, so a relay started again on the same spool waits for the
   * next try that was due and goes on doubling the wait from the failures counted before, instead of trying at once
   * and starting the back-off over.
   */
  @Test
  void aRestartKeepsTheBackOff() throws Exception {
    ManualRelay first = new ManualRelay(dir, RelayPolicy.DEFAULT);
    first.answer = r -> Reply.of(451, "4.3.0", "try later");
    first.accept(first.envelope("bob@example.net"), "Subject: x\r\n\r\n");
    first.pass(); // failure 1: next try after 10 minutes
    first.advance(Duration.ofMinutes(10));
    Instant due = first.time.instant().plus(Duration.ofMinutes(20));
    assertThat(first.pass()).isEqualTo(due); // failure 2: 20 minutes

    ManualRelay second = new ManualRelay(dir, RelayPolicy.DEFAULT); // the restart, at the same time
    second.advance(Duration.between(second.time.instant(), first.time.instant()));
    second.answer = r -> Reply.of(451, "4.3.0", "still later");
    assertThat(second.pass()).isEqualTo(due);
    second.advance(Duration.ofMinutes(20).minusSeconds(1));
    assertThat(second.pass()).isEqualTo(due);
    assertThat(second.spool.queued().get(0).envelope().retry()).contains(new RelayEnvelope.Retry(2, due));
    second.advance(Duration.ofSeconds(1));
    assertThat(second.pass()).isEqualTo(due.plus(Duration.ofMinutes(40))); // failure 3: the doubling goes on
    second.answer = r -> Reply.of(250, "2.0.0", "OK");
    second.advance(Duration.ofMinutes(40));
    second.pass();
    assertThat(second.sent).hasSize(1);
    assertThat(second.queued()).isZero();
  }

  @Test
  void aMessageThatCannotBeSentDoesNotHoldUpTheOthers() throws Exception {
    ManualRelay relay = new ManualRelay(dir, RelayPolicy.DEFAULT);
    relay.answer = r -> {
      if (r.forwardPath().toString().contains("broken")) {
        throw new IllegalStateException("cannot send this one");
      }
      return Reply.of(250, "2.0.0", "OK");
    };
    relay.accept(withPriority(relay.envelope("broken@example.net"), 9), "Subject: b\r\n\r\n");
    relay.accept(relay.envelope("fine@example.net"), "Subject: f\r\n\r\n");
    Instant start = relay.time.instant();
    assertThat(relay.pass()).isEqualTo(start.plus(Duration.ofMinutes(10))); // the broken one, deferred
    assertThat(relay.sent).extracting(s -> s.to().get(0)).containsExactly("fine@example.net");
    assertThat(relay.queued()).isEqualTo(1);
  }
}
