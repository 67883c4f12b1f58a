package dev.missive.examples.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.smtp.DeliverBy;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.Reply;
import dev.missive.smtp.Rrvs;
import dev.missive.smtp.client.EhloCapabilities;
import dev.missive.smtp.host.DeliveryStatus;
import dev.missive.smtp.host.RecipientResult;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the relay sends on (RFC 2852 §4, RFC 7293 §3): RRVS passed on to a next hop that offers it; to one that does
 * not, {@code ;C} dropped and the recipient relayed, any other condition failing that recipient with 5.7.19 while the
 * others go on; BY= dropped for by-mode N and the message refused here for R when DELIVERBY is not offered.
 */
class NextHopRulesTest {

  private static final Rrvs SINCE_C = new Rrvs(OffsetDateTime.of(2014, 4, 3, 23, 1, 0, 0, ZoneOffset.UTC),
      Optional.of(Rrvs.Action.CONTINUE));
  private static final Rrvs SINCE_R = new Rrvs(OffsetDateTime.of(2014, 4, 3, 23, 1, 0, 0, ZoneOffset.UTC),
      Optional.empty());

  @TempDir
  Path dir;

  private static EhloCapabilities ehlo(String... extensions) {
    String[] lines = new String[extensions.length + 1];
    lines[0] = "next.example";
    System.arraycopy(extensions, 0, lines, 1, extensions.length);
    return EhloCapabilities.parse(new Reply(250, Optional.empty(), List.of(lines)));
  }

  private static RelayEnvelope envelope(Optional<DeliverBy> by) {
    return envelope(by, Instant.EPOCH);
  }

  private static RelayEnvelope envelope(Optional<DeliverBy> by, Instant arrival) {
    return new RelayEnvelope("alice@example.org", List.of(
        new RelayEnvelope.RelayRecipient("c@example.net", Optional.of(SINCE_C)),
        new RelayEnvelope.RelayRecipient("r@example.net", Optional.of(SINCE_R)),
        new RelayEnvelope.RelayRecipient("plain@example.net", Optional.empty(),
            Set.of(dev.missive.smtp.DsnNotify.NEVER))), arrival, by,
        dev.missive.smtp.MtPriority.NORMAL, Optional.empty(), false, Set.of(), Optional.empty());
  }

  @Test
  void rrvsIsPassedOnToANextHopThatOffersIt() {
    Envelope e = NextHopRules.envelope(envelope(Optional.empty()), Instant.EPOCH).orElseThrow();
    NextHopRules.Adapted a = NextHopRules.adapt(e, ehlo("RRVS", "DELIVERBY"), "next.example");
    assertThat(a.refused()).isEmpty();
    assertThat(a.envelope().orElseThrow().recipients()).extracting(r -> r.parameters().validSince())
        .containsExactly(Optional.of(SINCE_C), Optional.of(SINCE_R), Optional.empty());
    assertThat(a.envelope().get().recipients().get(2).parameters().notifications()) // RFC 3461 §6.2: passed on
        .containsExactly(dev.missive.smtp.DsnNotify.NEVER);
  }

  /** RFC 3461 §5.2.1: RET, ENVID, NOTIFY and ORCPT go on to a next hop that offers DSN as they were received. */
  @Test
  void theDsnRequestsArePassedOn() {
    dev.missive.smtp.OriginalRecipient orcpt = new dev.missive.smtp.OriginalRecipient("rfc822", "bob@old.example");
    RelayEnvelope kept = new RelayEnvelope("alice@example.org", List.of(new RelayEnvelope.RelayRecipient(
        "bob@example.net", Optional.empty(), Set.of(dev.missive.smtp.DsnNotify.SUCCESS), Optional.of(orcpt))),
        Instant.EPOCH, Optional.empty(), dev.missive.smtp.MtPriority.NORMAL, Optional.empty(), false, Set.of(),
        Optional.empty(), new RelayEnvelope.DsnRequest(Optional.of(dev.missive.smtp.DsnReturn.FULL),
            Optional.of("QQ314159")), Optional.empty());
    Envelope e = NextHopRules.envelope(kept, Instant.EPOCH).orElseThrow();
    Envelope sent = NextHopRules.adapt(e, ehlo("DSN"), "next.example").envelope().orElseThrow();
    assertThat(sent.parameters().ret()).contains(dev.missive.smtp.DsnReturn.FULL);
    assertThat(sent.parameters().envelopeId()).contains("QQ314159");
    assertThat(sent.recipients().get(0).parameters().originalRecipient()).contains(orcpt);
    assertThat(sent.recipients().get(0).parameters().notifications())
        .containsExactly(dev.missive.smtp.DsnNotify.SUCCESS);
  }

  @Test
  void withoutRrvsAtTheNextHopContinueIsDroppedAndTheOthersFailWith5719() {
    Envelope e = NextHopRules.envelope(envelope(Optional.empty()), Instant.EPOCH).orElseThrow();
    NextHopRules.Adapted a = NextHopRules.adapt(e, ehlo("DELIVERBY"), "next.example");
    assertThat(a.envelope().orElseThrow().recipients()).extracting(r -> r.forwardPath().toString())
        .containsExactly("<c@example.net>", "<plain@example.net>");
    assertThat(a.envelope().get().recipients()).allMatch(r -> r.parameters().validSince().isEmpty());
    assertThat(a.refused()).singleElement().satisfies(r -> {
      assertThat(r.status()).isEqualTo(DeliveryStatus.PERMANENT_FAILURE);
      assertThat(r.reply().orElseThrow().status().orElseThrow()).hasToString("5.7.19");
    });
  }

  @Test
  void withoutDeliverByAtTheNextHopNotifyIsSentWithoutItAndReturnIsRefusedHere() {
    Instant now = Instant.EPOCH.plusSeconds(100);
    Envelope n = NextHopRules.envelope(envelope(Optional.of(new DeliverBy(300, DeliverBy.Mode.NOTIFY, false))),
        now).orElseThrow();
    assertThat(n.parameters().deliverBy()).contains(new DeliverBy(200, DeliverBy.Mode.NOTIFY, false));
    assertThat(NextHopRules.adapt(n, ehlo("RRVS"), "h").envelope().orElseThrow().parameters().deliverBy()).isEmpty();
    Envelope r = NextHopRules.envelope(envelope(Optional.of(new DeliverBy(300, DeliverBy.Mode.RETURN, false))),
        now).orElseThrow();
    NextHopRules.Adapted refused = NextHopRules.adapt(r, ehlo("RRVS"), "h");
    assertThat(refused.envelope()).isEmpty();
    assertThat(refused.refused()).hasSize(3).extracting(RecipientResult::detail).allMatch(d -> d.contains("5.3.3")
        || d.startsWith("550"));
    assertThat(NextHopRules.adapt(r, ehlo("RRVS", "DELIVERBY"), "h").envelope().orElseThrow().parameters()
        .deliverBy()).contains(new DeliverBy(200, DeliverBy.Mode.RETURN, false));
  }

  @Test
  void theRelayBouncesTheRecipientTheNextHopCannotCheckAndDeliversTheOthers() throws Exception {
    ManualRelay relay = new ManualRelay(dir, RelayPolicy.DEFAULT);
    relay.accept(envelope(Optional.empty(), relay.time.instant()), "Subject: rrvs\r\n\r\nx\r\n");
    // the fixture's next hop offers no extension: the relayer's smarthost delivery would cut the envelope so
    SmarthostRelayer cutting = new SmarthostRelayer(relay.spool, "next.example", (env, content) -> {
      NextHopRules.Adapted a = NextHopRules.adapt(env, ehlo(), "next.example");
      List<RecipientResult> all = new java.util.ArrayList<>(a.refused());
      a.envelope().ifPresent(e -> all.addAll(a.envelope().get().recipients().stream().map(rc -> new RecipientResult(
          rc, DeliveryStatus.DELIVERED, Optional.of(Reply.ok()), Optional.of("next.example"), "250")).toList()));
      return new NextHopDelivery.Handover(new dev.missive.smtp.host.SendResult(all), true); // no DSN either
    }, "relay.example", ManualRelay.RETRY, Optional.empty(), RelayPolicy.DEFAULT, relay.time.clock());
    cutting.pass();
    assertThat(relay.spool.queued()).singleElement().satisfies(m -> {
      assertThat(m.reversePath()).isEmpty();
      assertThat(new String(java.nio.file.Files.readAllBytes(m.data()), java.nio.charset.StandardCharsets.UTF_8))
          .contains("Final-Recipient: rfc822; r@example.net\r\nAction: failed\r\nStatus: 5.7.19\r\n")
          .doesNotContain("c@example.net").doesNotContain("plain@example.net");
    });
  }
}
