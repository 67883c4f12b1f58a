package dev.missive.examples.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.smtp.DeliverBy;
import dev.missive.smtp.MtPriority;
import dev.missive.smtp.Rrvs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spool's envelope files: the third version keeps every fact of the extensions, the DSN requests and the retry
 * state and reads back equal; files of the second version and of the first (reverse path, then one recipient per
 * line) still load, the first is relayed; a bounce whose marking
 * a crash cut short is finished on the next listing, so its report is not queued twice.
 */
class RelaySpoolEnvelopeTest {

  @TempDir
  Path dir;

  @Test
  void everyFactSurvivesTheFile() {
    RelayEnvelope e = new RelayEnvelope("alice@example.org",
        List.of(new RelayEnvelope.RelayRecipient("bob@example.net", Optional.of(new Rrvs(
                OffsetDateTime.of(2014, 4, 3, 23, 1, 0, 0, ZoneOffset.UTC), Optional.of(Rrvs.Action.CONTINUE)))),
            new RelayEnvelope.RelayRecipient("\"a b\"@example.net", Optional.empty(),
                Set.of(dev.missive.smtp.DsnNotify.DELAY, dev.missive.smtp.DsnNotify.FAILURE)),
            RelayEnvelope.RelayRecipient.of("用户@例子.中国")),
        Instant.parse("2026-12-06T16:00:00Z"), Optional.of(new DeliverBy(-30, DeliverBy.Mode.NOTIFY, true)),
        new MtPriority(-4), Optional.of(Instant.parse("2026-12-07T08:00:00Z")), true,
        Set.of(RelayEnvelope.EXPIRY_WARNING), Optional.of(new RelayEnvelope.DsnFor("1.2.3", "failed",
            List.of("carol@example.net", "dave@example.net"))));
    String text = e.toText();
    assertThat(text).startsWith("missive-relay 3\nfrom alice@example.org\narrived 2026-12-06T16:00:00Z\n")
        .contains("\nto bob@example.net\t2014-04-03T23:01:00Z;C\n")
        .contains("\nto \"a b\"@example.net\tNOTIFY=FAILURE,DELAY\n");
    assertThat(RelayEnvelope.parse(List.of(text.split("\n")), Instant.EPOCH)).isEqualTo(e);
  }

  /** RFC 3461 §4.2-§4.4: RET, ENVID and each ORCPT are kept with the retry state (RFC 5321 §4.5.4.1). */
  @Test
  void theDsnRequestsAndTheRetryStateSurviveTheFile() {
    RelayEnvelope e = new RelayEnvelope("alice@example.org",
        List.of(new RelayEnvelope.RelayRecipient("bob@example.net", Optional.empty(),
                Set.of(dev.missive.smtp.DsnNotify.SUCCESS), Optional.of(new dev.missive.smtp.OriginalRecipient(
                "rfc822", "Bob;Old+Name=x@example.net"))),
            RelayEnvelope.RelayRecipient.of("carol@example.net")),
        Instant.parse("2026-12-06T16:00:00Z"), Optional.empty(), MtPriority.NORMAL, Optional.empty(), false,
        Set.of(), Optional.empty(), new RelayEnvelope.DsnRequest(Optional.of(dev.missive.smtp.DsnReturn.HDRS),
            Optional.of("QQ314159 with spaces")),
        Optional.of(new RelayEnvelope.Retry(3, Instant.parse("2026-12-06T17:10:00Z"))));
    String text = e.toText();
    assertThat(text).contains("\nret HDRS\n", "\nenvid QQ314159 with spaces\n",
        "\nretry 3 2026-12-06T17:10:00Z\n", "\nto bob@example.net\tNOTIFY=SUCCESS\tORCPT=rfc822;Bob;Old+Name=x@example.net\n");
    assertThat(RelayEnvelope.parse(List.of(text.split("\n")), Instant.EPOCH)).isEqualTo(e);
  }

  /** RFC 3461 §4.2-§4.4: what the SMTP side received with MAIL and RCPT is what the spool keeps. */
  @Test
  void theSmtpSideKeepsTheDsnRequests() throws Exception {
    dev.missive.smtp.OriginalRecipient orcpt = new dev.missive.smtp.OriginalRecipient("rfc822", "bob@old.example");
    dev.missive.smtp.Envelope in = new dev.missive.smtp.Envelope(
        dev.missive.message.address.ReversePath.of(dev.missive.message.address.AddrSpec.parse("alice@example.org")),
        dev.missive.smtp.MailParameters.NONE.withRet(dev.missive.smtp.DsnReturn.FULL).withEnvelopeId("ID 7"),
        List.of(dev.missive.smtp.Recipient.of("bob@example.net").withParameters(dev.missive.smtp.RcptParameters.NONE
            .withNotify(Set.of(dev.missive.smtp.DsnNotify.SUCCESS)).withOriginalRecipient(orcpt))));
    RelayEnvelope kept = RelaySmtpHandler.relayEnvelope(in, "alice@example.org",
        List.of(dev.missive.message.address.AddrSpec.parse("bob@example.net")), Instant.EPOCH);
    assertThat(kept.dsn()).isEqualTo(new RelayEnvelope.DsnRequest(Optional.of(dev.missive.smtp.DsnReturn.FULL),
        Optional.of("ID 7")));
    assertThat(kept.recipients().get(0).original()).contains(orcpt);
    assertThat(kept.recipients().get(0).notifications()).containsExactly(dev.missive.smtp.DsnNotify.SUCCESS);
  }

  /** A file the relay wrote before the DSN requests and the retry state were kept (version 2) still loads. */
  @Test
  void aFileOfTheSecondVersionStillLoads() {
    List<String> v2 = List.of("missive-relay 2", "from alice@example.org", "arrived 2026-12-06T16:00:00Z",
        "priority -4", "smtputf8", "notified expiry-warning", "to bob@example.net\t2014-04-03T23:01:00Z;C",
        "to carol@example.net\tNOTIFY=FAILURE,DELAY");
    RelayEnvelope e = RelayEnvelope.parse(v2, Instant.EPOCH);
    assertThat(e.mailboxes()).containsExactly("bob@example.net", "carol@example.net");
    assertThat(e.priority()).isEqualTo(new MtPriority(-4));
    assertThat(e.smtpUtf8()).isTrue();
    assertThat(e.notified()).containsExactly(RelayEnvelope.EXPIRY_WARNING);
    assertThat(e.recipients().get(1).notifications()).containsExactlyInAnyOrder(dev.missive.smtp.DsnNotify.FAILURE,
        dev.missive.smtp.DsnNotify.DELAY);
    assertThat(e.dsn()).isEqualTo(RelayEnvelope.DsnRequest.NONE);
    assertThat(e.retry()).isEmpty();
    assertThat(e.recipients()).allMatch(r -> r.original().isEmpty());
  }

  @Test
  void aFileOfTheFirstVersionStillLoadsWithItsWriteTimeAsArrivalAndIsRelayed() throws Exception {
    Path queue = Files.createDirectories(dir.resolve("queue"));
    Files.writeString(queue.resolve("1700000000000.1.1.eml"), "Subject: old\r\n\r\nbody\r\n");
    Files.writeString(queue.resolve("1700000000000.1.1.env"), "alice@example.org\nbob@example.net\ncarol@example.net\n",
        StandardCharsets.UTF_8); // as the relay wrote it before the second version
    Instant written = Instant.parse("2026-01-01T00:00:00Z").minusSeconds(3600);
    Files.setLastModifiedTime(queue.resolve("1700000000000.1.1.eml"), FileTime.from(written));
    ManualRelay relay = new ManualRelay(dir, RelayPolicy.DEFAULT);
    RelaySpool.SpooledMessage m = relay.spool.queued().get(0);
    assertThat(m.reversePath()).isEqualTo("alice@example.org");
    assertThat(m.recipients()).containsExactly("bob@example.net", "carol@example.net");
    assertThat(m.envelope().arrival()).isEqualTo(written);
    assertThat(m.envelope().priority()).isEqualTo(MtPriority.NORMAL);
    relay.pass();
    assertThat(relay.messages()).hasSize(1);
    assertThat(relay.messages().get(0).to()).containsExactly("bob@example.net", "carol@example.net");
    assertThat(relay.queued()).isZero();
  }

  @Test
  void aFileThatCannotBeReadIsLeftInPlaceAndTheOthersGoOn() throws Exception {
    Path queue = Files.createDirectories(dir.resolve("queue"));
    Files.writeString(queue.resolve("1.1.1.env"), "missive-relay 2\nfrom a@example.org\nwhat is this\n");
    ManualRelay relay = new ManualRelay(dir, RelayPolicy.DEFAULT);
    relay.accept(relay.envelope("bob@example.net"), "Subject: x\r\n\r\n");
    relay.pass();
    assertThat(relay.messages()).hasSize(1);
    assertThat(queue.resolve("1.1.1.env")).exists();
    assertThatThrownBy(() -> RelayEnvelope.parse(List.of("missive-relay 2", "from a@b", "priority 12"), Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFailedReportQueuedBeforeACrashTakesItsRecipientsOffOnTheNextListing() throws Exception {
    ManualRelay relay = new ManualRelay(dir, RelayPolicy.DEFAULT);
    relay.accept(relay.envelope("bob@example.net", "carol@example.net"), "Subject: x\r\n\r\n");
    String id = relay.spool.queued().get(0).id();
    // the report is durable, the process dies before the message is marked
    relay.spool.enqueue(RelayEnvelope.of("", List.of("alice@example.org"), relay.time.instant())
        .reportingOn(new RelayEnvelope.DsnFor(id, RelayEnvelope.FAILED, List.of("bob@example.net"))), new byte[] {'x'});
    List<RelaySpool.SpooledMessage> queued = new RelaySpool(dir, () -> { }).queued();
    assertThat(queued).filteredOn(m -> m.id().equals(id)).singleElement()
        .extracting(RelaySpool.SpooledMessage::recipients).isEqualTo(List.of("carol@example.net"));
    relay.pass();
    assertThat(relay.messages()).singleElement().extracting(ManualRelay.Sent::to)
        .isEqualTo(List.of("carol@example.net"));
  }

  @Test
  void aDelayedReportQueuedBeforeACrashIsNotQueuedAgain() throws Exception {
    ManualRelay relay = new ManualRelay(dir, new RelayPolicy(java.time.Duration.ofHours(1),
        java.time.Duration.ofHours(5)));
    relay.answer = r -> dev.missive.smtp.Reply.of(451, "4.3.0", "later");
    relay.accept(relay.envelope("bob@example.net"), "Subject: x\r\n\r\n");
    String id = relay.spool.queued().get(0).id();
    relay.spool.enqueue(RelayEnvelope.of("", List.of("alice@example.org"), relay.time.instant())
        .reportingOn(new RelayEnvelope.DsnFor(id, RelayEnvelope.EXPIRY_WARNING, List.of("bob@example.net"))),
        new byte[] {'x'});
    relay.advance(java.time.Duration.ofHours(2));
    relay.pass();
    assertThat(relay.spool.queued()).hasSize(2); // the message and the one report, no second report
  }

  @Test
  void theFailedReportOfAllRecipientsMovesTheMessageToFailed() throws Exception {
    ManualRelay relay = new ManualRelay(dir, RelayPolicy.DEFAULT);
    relay.accept(relay.envelope("bob@example.net"), "Subject: x\r\n\r\n");
    String id = relay.spool.queued().get(0).id();
    relay.spool.enqueue(RelayEnvelope.of("", List.of("alice@example.org"), relay.time.instant())
        .reportingOn(new RelayEnvelope.DsnFor(id, RelayEnvelope.FAILED, List.of("bob@example.net"))), new byte[] {'x'});
    relay.pass();
    assertThat(relay.messages()).isEmpty();
    assertThat(relay.failed()).isEqualTo(1);
  }
}
