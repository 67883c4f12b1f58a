package dev.missive.examples.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.message.tree.Entity;
import dev.missive.message.tree.Message;
import dev.missive.smtp.DsnNotify;
import dev.missive.smtp.DsnReturn;
import dev.missive.smtp.MtPriority;
import dev.missive.smtp.OriginalRecipient;
import dev.missive.smtp.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DSN requests end to end through the relay on a manual clock (RFC 3461): passed on to a next hop that offers
 * DSN; a "relayed" report (§5.2.2, RFC 3464 §2.3.3) for each recipient that asked for SUCCESS when the next hop does
 * not; every report carries {@code Original-Envelope-Id} and {@code Original-Recipient} (§6.3) and a "failed" one
 * returns the whole message for {@code RET=FULL}, the header for {@code RET=HDRS} (§4.3). Reports are parsed back with
 * message-format's parser.
 */
class RelayDsnTest {

  private static final String MESSAGE = "From: alice@example.org\r\nSubject: dsn\r\n\r\nthe body line\r\n";
  private static final OriginalRecipient ORCPT = new OriginalRecipient("rfc822", "bob@old.example");

  @TempDir
  Path dir;

  private static RelayEnvelope envelope(Instant arrival, Optional<DsnReturn> ret, Set<DsnNotify> bobNotify) {
    return new RelayEnvelope("alice@example.org", List.of(
        new RelayEnvelope.RelayRecipient("bob@example.net", Optional.empty(), bobNotify, Optional.of(ORCPT)),
        RelayEnvelope.RelayRecipient.of("carol@example.net")), arrival, Optional.empty(), MtPriority.NORMAL,
        Optional.empty(), false, Set.of(), Optional.empty(),
        new RelayEnvelope.DsnRequest(ret, Optional.of("QQ314159")), Optional.empty());
  }

  private static Message parse(ManualRelay.Sent report) {
    return Message.parse(report.content().getBytes(StandardCharsets.UTF_8));
  }

  private static String body(Entity e) throws Exception {
    return new String(e.decodedBodyStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void aNextHopWithoutDsnGivesARelayedReportToTheRecipientThatAskedForSuccess() throws Exception {
    ManualRelay relay = new ManualRelay(dir, RelayPolicy.DEFAULT);
    relay.nextHopOffersDsn = false;
    relay.accept(envelope(relay.time.instant(), Optional.empty(), Set.of(DsnNotify.SUCCESS, DsnNotify.FAILURE)),
        MESSAGE);
    relay.pass();
    assertThat(relay.messages()).hasSize(1);
    assertThat(relay.queued()).isEqualTo(1); // the message is gone, its report waits for the next pass
    relay.pass();
    assertThat(relay.reports()).singleElement().satisfies(r -> assertThat(r.to()).containsExactly(
        "alice@example.org"));
    Message m = parse(relay.reports().get(0));
    assertThat(m.subject()).contains("Relayed Mail (no further notification)");
    assertThat(m.root().contentType().parameters().get("report-type")).contains("delivery-status");
    List<Entity> parts = m.root().parts();
    assertThat(parts).extracting(p -> p.contentType().mimeType())
        .containsExactly("text/plain", "message/delivery-status", "text/rfc822-headers");
    assertThat(body(parts.get(1))).isEqualTo("Original-Envelope-Id: QQ314159\r\nReporting-MTA: dns; relay.example\r\n"
        + "Arrival-Date: Thu, 1 Jan 2026 00:00:00 +0000\r\n\r\n"
        + "Original-Recipient: rfc822;bob@old.example\r\nFinal-Recipient: rfc822; bob@example.net\r\n"
        + "Action: relayed\r\nStatus: 2.0.0\r\nRemote-MTA: dns; next.example\r\nDiagnostic-Code: smtp; 250 OK\r\n");
    assertThat(body(parts.get(2))).contains("Subject: dsn").doesNotContain("the body line");
    assertThat(relay.queued()).isZero();
  }

  @Test
  void aNextHopWithDsnGetsTheRequestsAndNoRelayedReportIsMade() throws Exception {
    ManualRelay relay = new ManualRelay(dir, RelayPolicy.DEFAULT);
    relay.accept(envelope(relay.time.instant(), Optional.of(DsnReturn.HDRS), Set.of(DsnNotify.SUCCESS)), MESSAGE);
    relay.pass();
    relay.pass();
    assertThat(relay.reports()).isEmpty();
    dev.missive.smtp.Envelope sent = relay.messages().get(0).envelope();
    assertThat(sent.parameters().ret()).contains(DsnReturn.HDRS);
    assertThat(sent.parameters().envelopeId()).contains("QQ314159");
    assertThat(sent.recipients().get(0).parameters().originalRecipient()).contains(ORCPT);
    assertThat(sent.recipients().get(0).parameters().notifications()).containsExactly(DsnNotify.SUCCESS);
  }

  /** Both recipients refused for good with {@code ret}; {@return the parts of the "failed" report} */
  private List<Entity> failedReport(Optional<DsnReturn> ret) throws Exception {
    return parse(refused(ret, MtPriority.NORMAL).reports().get(0)).root().parts();
  }

  /** {@return a relay whose next hop refused both recipients for good, the "failed" report sent} */
  private ManualRelay refused(Optional<DsnReturn> ret, MtPriority priority) throws Exception {
    ManualRelay relay = new ManualRelay(dir, RelayPolicy.DEFAULT);
    relay.answer = r -> Reply.of(550, "5.1.1", "No such user");
    relay.accept(envelope(relay.time.instant(), ret, Set.of()).withPriority(priority), MESSAGE);
    relay.pass();
    relay.answer = r -> Reply.of(250, "2.0.0", "OK");
    relay.pass();
    return relay;
  }

  @Test
  void aFailedReportReturnsTheWholeMessageForRetFull() throws Exception {
    List<Entity> parts = failedReport(Optional.of(DsnReturn.FULL));
    assertThat(parts).extracting(p -> p.contentType().mimeType())
        .containsExactly("text/plain", "message/delivery-status", "message/rfc822");
    assertThat(body(parts.get(1))).contains("Original-Envelope-Id: QQ314159\r\n")
        .contains("Original-Recipient: rfc822;bob@old.example\r\nFinal-Recipient: rfc822; bob@example.net\r\n"
            + "Action: failed\r\nStatus: 5.1.1\r\n")
        .contains("Final-Recipient: rfc822; carol@example.net\r\nAction: failed");
    assertThat(new String(parts.get(2).rawBody(), StandardCharsets.UTF_8)).contains("Subject: dsn")
        .contains("the body line");
  }

  @Test
  void aFailedReportReturnsOnlyTheHeaderForRetHdrs() throws Exception {
    List<Entity> parts = failedReport(Optional.of(DsnReturn.HDRS));
    assertThat(parts.get(2).contentType().mimeType()).isEqualTo("text/rfc822-headers");
    assertThat(body(parts.get(2))).contains("Subject: dsn").doesNotContain("the body line");
  }

  /** RFC 6710 §4.6: a report goes at the priority of the message it reports on. */
  @Test
  void aReportGoesAtThePriorityOfItsMessage() throws Exception {
    ManualRelay relay = refused(Optional.empty(), new MtPriority(5));
    assertThat(relay.reports()).singleElement()
        .satisfies(r -> assertThat(r.envelope().parameters().priority()).contains(new MtPriority(5)));
  }

  /** Killed after queueing the "relayed" report and before forgetting the message: the restart forgets it. */
  @Test
  void aRelayedReportQueuedBeforeACrashRemovesItsRecipients() throws Exception {
    ManualRelay relay = new ManualRelay(dir, RelayPolicy.DEFAULT);
    relay.accept(envelope(relay.time.instant(), Optional.empty(), Set.of(DsnNotify.SUCCESS)), MESSAGE);
    String id = relay.spool.queued().get(0).id();
    relay.spool.enqueue(RelayEnvelope.of("", List.of("alice@example.org"), relay.time.instant())
        .reportingOn(new RelayEnvelope.DsnFor(id, RelayEnvelope.RELAYED,
            List.of("bob@example.net", "carol@example.net"))), "Subject: relayed\r\n\r\nx\r\n".getBytes(
                StandardCharsets.US_ASCII));
    assertThat(new RelaySpool(dir, () -> { }).queued()).extracting(RelaySpool.SpooledMessage::id)
        .doesNotContain(id);
    relay.pass();
    assertThat(relay.messages()).isEmpty(); // delivered before the crash: not sent again
    assertThat(relay.reports()).hasSize(1);
    assertThat(relay.failed()).isZero();
  }
}
