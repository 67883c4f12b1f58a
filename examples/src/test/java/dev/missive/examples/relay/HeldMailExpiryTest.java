package dev.missive.examples.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.smtp.DeliverBy;
import dev.missive.smtp.DsnNotify;
import dev.missive.smtp.MtPriority;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mail held for an On-Demand Mail Relay customer (RFC 2645 §5: held until the customer connects, not for ever)
 * expires like the relay's queued mail (RFC 5321 §4.5.4.1), by the same {@link RelayPolicy}, on a manual clock: a
 * "delayed" report after the warning time, a "failed" one (RFC 3464 §2.3.3, status 5.4.7) and the message moved to
 * {@code failed/} at the expiry, reports through the relay's spool and its next hop; deliver-by (RFC 2852 §4) and
 * NOTIFY= (RFC 3461 §4.1) as for relayed mail; what a restart finds is applied, never reported twice.
 */
class HeldMailExpiryTest {

  private static final RelayPolicy POLICY = new RelayPolicy(Duration.ofHours(4), Duration.ofDays(5));
  private static final OdmrCustomers CUSTOMERS = OdmrCustomers.parse(List.of("customer:pw:customer.example"));

  @TempDir
  Path dir;

  private ManualRelay relay;

  private HeldMail open() throws IOException {
    if (relay == null) {
      relay = new ManualRelay(dir.resolve("relay"), POLICY);
    }
    return new HeldMail(CUSTOMERS, dir.resolve("held"), relay.spool, "relay.example", POLICY, relay.time.clock());
  }

  private static RelayEnvelope envelope(Instant arrival, Optional<DeliverBy> by, Optional<Instant> release,
                                        Set<DsnNotify> notify) {
    return new RelayEnvelope("alice@example.org", List.of(new RelayEnvelope.RelayRecipient("bob@customer.example",
        Optional.empty(), notify)), arrival, by, MtPriority.NORMAL, release, false, Set.of(), Optional.empty());
  }

  private RelayEnvelope plain() {
    return envelope(relay.time.instant(), Optional.empty(), Optional.empty(), Set.of());
  }

  private static void hold(HeldMail held, RelayEnvelope e, String subject) throws IOException {
    held.spool().enqueue(e, ("Subject: " + subject + "\r\n\r\nfor the customer\r\n").getBytes(StandardCharsets.UTF_8));
  }

  private long files(String sub) throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("held").resolve(sub))) {
      return s.filter(p -> p.toString().endsWith(".env")).count();
    }
  }

  @Test
  void heldMailWarnsOnceAfterTheWarningTimeAndIsReturnedAtTheExpiry() throws Exception {
    HeldMail held = open();
    hold(held, plain(), "waiting");
    relay.advance(Duration.ofHours(3).plusMinutes(59));
    held.expire();
    relay.pass();
    assertThat(relay.sent).isEmpty();

    relay.advance(Duration.ofMinutes(1));
    Instant next = held.expire();
    assertThat(next).isEqualTo(relay.time.instant().plus(Duration.ofDays(5)).minus(Duration.ofHours(4)));
    held.expire();
    relay.pass();
    assertThat(relay.reports()).singleElement().satisfies(r -> {
      assertThat(r.to()).containsExactly("alice@example.org");
      assertThat(r.content()).contains("Action: delayed\r\nStatus: 4.4.7\r\n")
          .contains("Final-Recipient: rfc822; bob@customer.example").contains("4 hours").contains("Subject: waiting");
    });
    assertThat(files("queue")).isEqualTo(1); // still held

    relay.advance(Duration.ofDays(5).minus(Duration.ofHours(4)).minusSeconds(1));
    held.expire();
    relay.pass();
    assertThat(relay.reports()).hasSize(1);
    relay.advance(Duration.ofSeconds(1));
    assertThat(held.expire()).isEqualTo(Instant.MAX);
    relay.pass();
    assertThat(relay.reports()).hasSize(2);
    assertThat(relay.reports().get(1).content()).contains("Action: failed\r\nStatus: 5.4.7\r\n").contains("5 days");
    assertThat(files("queue")).isZero();
    assertThat(files("failed")).isEqualTo(1);
    assertThat(held.collect(Set.of("customer.example"))).isEmpty();
    assertThat(relay.messages()).isEmpty(); // held mail never goes to the next hop
  }

  @Test
  void theNoticesSentSurviveARestartAndTheExpiryStillComes() throws Exception {
    HeldMail held = open();
    hold(held, plain(), "restart");
    relay.advance(Duration.ofHours(5));
    held.expire();
    HeldMail again = open(); // a restart: a new instance over the same directories
    again.expire();
    relay.pass();
    assertThat(relay.reports()).hasSize(1);
    relay.advance(Duration.ofDays(5));
    again.expire();
    relay.pass();
    assertThat(relay.reports()).hasSize(2);
    assertThat(files("failed")).isEqualTo(1);
  }

  @Test
  void aMessageBeingCollectedIsNeitherExpiredNorHandedToASecondCollection() throws Exception {
    HeldMail held = open();
    hold(held, plain(), "in flight");
    List<HeldMail.Batch> first = held.collect(Set.of("customer.example"));
    assertThat(first).hasSize(1);
    assertThat(held.collect(Set.of("customer.example"))).isEmpty(); // a second ATRN meanwhile
    relay.advance(Duration.ofDays(6));
    held.expire();
    relay.pass();
    assertThat(relay.sent).isEmpty();
    held.delivered(first.get(0), first.get(0).recipients(), false);
    held.expire();
    relay.pass();
    assertThat(relay.sent).isEmpty();
    assertThat(files("queue")).isZero();
    assertThat(files("failed")).isZero();
  }

  @Test
  void aCollectionThatEndsWithoutDeliveryLeavesTheMessageToExpire() throws Exception {
    HeldMail held = open();
    hold(held, plain(), "not taken");
    held.release(held.collect(Set.of("customer.example")));
    relay.advance(Duration.ofDays(5));
    held.expire();
    relay.pass();
    assertThat(relay.reports()).singleElement()
        .satisfies(r -> assertThat(r.content()).contains("Action: failed\r\nStatus: 5.4.7\r\n"));
    assertThat(files("failed")).isEqualTo(1);
  }

  /** Nothing expired is handed to a customer: the deadline is applied when the customer asks, too. */
  @Test
  void anExpiredMessageIsNotCollected() throws Exception {
    HeldMail held = open();
    hold(held, plain(), "too old");
    relay.advance(Duration.ofDays(5));
    assertThat(held.collect(Set.of("customer.example"))).isEmpty();
    relay.pass();
    assertThat(relay.reports()).singleElement()
        .satisfies(r -> assertThat(r.content()).contains("Action: failed"));
  }

  /** RFC 4865 §4: a message held until a time is not released to anyone, the customer included, before it. */
  @Test
  void aFutureReleaseIsNotCollectedBeforeItsTimeAndExpiresFromIt() throws Exception {
    HeldMail held = open();
    Instant release = relay.time.instant().plus(Duration.ofHours(6));
    hold(held, envelope(relay.time.instant(), Optional.empty(), Optional.of(release), Set.of()), "later");
    relay.advance(Duration.ofHours(5));
    assertThat(held.collect(Set.of("customer.example"))).isEmpty();
    relay.pass();
    assertThat(relay.sent).isEmpty(); // the warning counts from the release (Deadlines)
    relay.advance(Duration.ofHours(1));
    List<HeldMail.Batch> batch = held.collect(Set.of("customer.example"));
    assertThat(batch).hasSize(1);
    held.delivered(batch.get(0), batch.get(0).recipients(), false);
    assertThat(files("queue")).isZero();
  }

  /** RFC 2852 §4: by-mode R is returned at its deadline, by-mode N gets one "delayed" report and stays held. */
  @Test
  void deliverByAppliesToHeldMail() throws Exception {
    HeldMail held = open();
    Instant now = relay.time.instant();
    hold(held, envelope(now, Optional.of(new DeliverBy(600, DeliverBy.Mode.RETURN, false)), Optional.empty(),
        Set.of()), "return");
    hold(held, envelope(now, Optional.of(new DeliverBy(600, DeliverBy.Mode.NOTIFY, false)), Optional.empty(),
        Set.of()), "notify");
    relay.advance(Duration.ofMinutes(10));
    held.expire();
    relay.pass();
    assertThat(relay.reports()).hasSize(2);
    assertThat(relay.reports()).filteredOn(r -> r.content().contains("Subject: return"))
        .singleElement().satisfies(r -> assertThat(r.content()).contains("Action: failed\r\nStatus: 5.4.7\r\n"));
    assertThat(relay.reports()).filteredOn(r -> r.content().contains("Subject: notify"))
        .singleElement().satisfies(r -> assertThat(r.content()).contains("Action: delayed\r\nStatus: 4.4.7\r\n"));
    assertThat(held.collect(Set.of("customer.example"))).singleElement()
        .satisfies(b -> assertThat(Files.readString(b.message().data())).contains("Subject: notify"));
  }

  /** RFC 3461 §4.1: NOTIFY=NEVER gets no report; the message is still given up at the expiry. */
  @Test
  void notifyNeverExpiresWithoutAReport() throws Exception {
    HeldMail held = open();
    hold(held, envelope(relay.time.instant(), Optional.empty(), Optional.empty(), Set.of(DsnNotify.NEVER)),
        "quiet");
    relay.advance(Duration.ofDays(5));
    held.expire();
    relay.pass();
    assertThat(relay.sent).isEmpty();
    assertThat(files("failed")).isEqualTo(1);
  }

  /**
   * RFC 7293 §3: an RRVS condition without {@code ;C} cannot go to a customer's server without RRVS: that recipient
   * is returned (5.7.19) and taken off the held message, the other one is sent.
   */
  @Test
  void aRecipientTheCustomerCannotTakeAsAskedIsReturnedAndTheOthersSent() throws Exception {
    HeldMail held = open();
    Instant now = relay.time.instant();
    dev.missive.smtp.Rrvs rrvs = dev.missive.smtp.Rrvs.parse("2020-01-01T00:00:00Z;R");
    hold(held, new RelayEnvelope("alice@example.org", List.of(
        new RelayEnvelope.RelayRecipient("bob@customer.example", Optional.of(rrvs)),
        RelayEnvelope.RelayRecipient.of("carol@customer.example")), now, Optional.empty(), MtPriority.NORMAL,
        Optional.empty(), false, Set.of(), Optional.empty()), "checked");
    HeldMail.Batch batch = held.collect(Set.of("customer.example")).get(0);
    HeldMail.Sending sending = held.sending(batch,
        dev.missive.smtp.client.EhloCapabilities.none("customer.example")).orElseThrow();
    assertThat(sending.batch().recipients()).containsExactly("carol@customer.example");
    assertThat(sending.envelope().recipients()).extracting(r -> r.forwardPath().toWireForm())
        .containsExactly("<carol@customer.example>");
    assertThat(held.spool().queued()).singleElement()
        .satisfies(m -> assertThat(m.recipients()).containsExactly("carol@customer.example"));
    relay.pass();
    assertThat(relay.reports()).singleElement().satisfies(r -> assertThat(r.content())
        .contains("Final-Recipient: rfc822; bob@customer.example").contains("Action: failed\r\nStatus: 5.7.19\r\n"));
    held.delivered(sending.batch(), sending.batch().recipients(), false);
    assertThat(files("queue")).isZero();
  }

  /**
   * The state SIGKILL leaves between queueing a report in the relay's spool and marking the held message: opening
   * the held mail finishes the marking, so the report goes out once and the message is not reported on again.
   */
  @Test
  void aReportQueuedBeforeACrashIsAppliedToTheHeldMessageOnOpening() throws Exception {
    HeldMail held = open();
    hold(held, envelope(relay.time.instant().minus(Duration.ofDays(6)), Optional.empty(), Optional.empty(),
        Set.of()), "gone");
    String id = held.spool().queued().get(0).id();
    relay.accept(RelayEnvelope.of("", List.of("alice@example.org"), relay.time.instant())
        .reportingOn(new RelayEnvelope.DsnFor(id, RelayEnvelope.FAILED, List.of("bob@customer.example"))),
        "Subject: Undelivered Mail Returned to Sender\r\n\r\nthe report\r\n");
    HeldMail restarted = open();
    assertThat(files("queue")).isZero();
    assertThat(files("failed")).isEqualTo(1);
    restarted.expire();
    relay.pass();
    relay.pass();
    assertThat(relay.reports()).singleElement().satisfies(r -> assertThat(r.content()).endsWith("the report\r\n"));
  }
}
