package dev.missive.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The parameter values of DELIVERBY (RFC 2852), MT-PRIORITY (RFC 6710), FUTURERELEASE (RFC 4865), RRVS (RFC 7293)
 * and the LIMITS keyword (RFC 9422): each read from and written back to its wire form, bad forms refused.
 */
class DeliveryParametersTest {

  @Test
  void deliverByReadsTimeModeAndTrace() {
    assertThat(DeliverBy.parse("120;R")).isEqualTo(new DeliverBy(120, DeliverBy.Mode.RETURN, false));
    assertThat(DeliverBy.parse("-60;N")).isEqualTo(new DeliverBy(-60, DeliverBy.Mode.NOTIFY, false));
    assertThat(DeliverBy.parse("+3600;nt")).isEqualTo(new DeliverBy(3600, DeliverBy.Mode.NOTIFY, true));
    assertThat(DeliverBy.parse("0;N")).isEqualTo(new DeliverBy(0, DeliverBy.Mode.NOTIFY, false));
    assertThat(new DeliverBy(120, DeliverBy.Mode.RETURN, true).toParameter()).isEqualTo("BY=120;RT");
    for (String bad : new String[] {"", "120", ";R", "120;", "120;X", "120;RX", "120;RTT", "0;R", "-5;R",
        "1234567890;N", "12a;N", "--1;N", "120 ;R"}) {
      assertThat(DeliverBy.parse(bad)).as(bad).isNull();
    }
    assertThatThrownBy(() -> new DeliverBy(0, DeliverBy.Mode.RETURN, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** RFC 4865 §3: {@code max-future-release-interval SP max-future-release-date-time}, and what is beyond it. */
  @Test
  void futureReleaseOfferIsAnIntervalAndALatestTime() {
    FutureReleaseOffer offer = FutureReleaseOffer.parse("604800 2026-12-13T16:00:00Z");
    assertThat(offer).isEqualTo(new FutureReleaseOffer(604_800,
        OffsetDateTime.of(2026, 12, 13, 16, 0, 0, 0, ZoneOffset.UTC)));
    assertThat(offer.toParameters()).isEqualTo("604800 2026-12-13T16:00:00Z");
    assertThat(FutureReleaseOffer.of(Instant.parse("2026-12-06T16:00:00.750Z"), Duration.ofDays(7)))
        .isEqualTo(offer);
    for (String bad : new String[] {"", "604800", "0 2026-12-13T16:00:00Z", "1234567890 2026-12-13T16:00:00Z",
        "x 2026-12-13T16:00:00Z", "604800 tomorrow", "604800 2026-12-13T16:00:00Z 5"}) {
      assertThat(FutureReleaseOffer.parse(bad)).as(bad).isNull();
    }
    Instant now = Instant.parse("2026-12-06T16:00:00Z");
    assertThat(offer.refusal(new FutureRelease.HoldFor(604_800), now)).isNull();
    assertThat(offer.refusal(new FutureRelease.HoldFor(604_801), now)).contains("longer than");
    assertThat(offer.refusal(new FutureRelease.HoldUntil(offer.maxDateTime()), now)).isNull();
    assertThat(offer.refusal(new FutureRelease.HoldUntil(offer.maxDateTime().plusSeconds(1)), now))
        .contains("later than");
    assertThat(offer.refusal(new FutureRelease.HoldUntil(now.atOffset(ZoneOffset.UTC)), now))
        .isEqualTo("HOLDUNTIL is not in the future");
    assertThat(offer.refusal(new FutureRelease.HoldUntil(now.atOffset(ZoneOffset.UTC)), null)).isNull();
  }

  /** RFC 7293 §3: the owner changed since the time, 5.7.17; not known and not {@code ;C}, 5.7.19; else accepted. */
  @Test
  void rrvsRefusalFollowsWhatTheHostKnows() {
    OffsetDateTime since = OffsetDateTime.parse("2014-04-03T23:01:00Z");
    Rrvs plain = new Rrvs(since, Optional.empty());
    assertThat(plain.refusal(Optional.of(since.plusSeconds(1)))).contains(Rrvs.MAILBOX_OWNER_CHANGED);
    assertThat(plain.refusal(Optional.of(since))).isEmpty();
    assertThat(plain.refusal(Optional.of(since.minusYears(3)))).isEmpty();
    assertThat(plain.refusal(Optional.empty())).contains(Rrvs.CANNOT_BE_COMPLETED);
    assertThat(new Rrvs(since, Optional.of(Rrvs.Action.REJECT)).refusal(Optional.empty()))
        .contains(Rrvs.CANNOT_BE_COMPLETED);
    assertThat(new Rrvs(since, Optional.of(Rrvs.Action.CONTINUE)).refusal(Optional.empty())).isEmpty();
    assertThat(Rrvs.MAILBOX_OWNER_CHANGED.toString()).contains("550").contains("5.7.17");
  }

  @Test
  void mtPriorityIsMinusNineToNine() {
    assertThat(MtPriority.parse("3")).isEqualTo(new MtPriority(3));
    assertThat(MtPriority.parse("-9")).isEqualTo(new MtPriority(-9));
    assertThat(new MtPriority(-4).toParameter()).isEqualTo("MT-PRIORITY=-4");
    // RFC 6710 §7: priority-value = (["-"] NZDIGIT) / "0", so neither a plus sign nor "-0"
    for (String bad : new String[] {"", "10", "-10", "x", "--1", "1.0", " 1", "+9", "+0", "-0"}) {
      assertThat(MtPriority.parse(bad)).as(bad).isNull();
    }
    assertThatThrownBy(() -> new MtPriority(10)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void futureReleaseHoldsForSecondsOrUntilATime() {
    OffsetDateTime arrival = OffsetDateTime.of(2026, 12, 6, 12, 0, 0, 0, ZoneOffset.UTC);
    FutureRelease holdFor = FutureRelease.parse("holdfor", "604800");
    assertThat(holdFor).isEqualTo(new FutureRelease.HoldFor(604_800));
    assertThat(holdFor.releaseAt(arrival)).isEqualTo(arrival.plusDays(7));
    FutureRelease until = FutureRelease.parse("HOLDUNTIL", "2026-12-08T15:30:00-05:00");
    assertThat(until.releaseAt(arrival)).isEqualTo(OffsetDateTime.of(2026, 12, 8, 20, 30, 0, 0, ZoneOffset.UTC)
        .withOffsetSameInstant(ZoneOffset.ofHours(-5)));
    assertThat(until.toParameter()).isEqualTo("HOLDUNTIL=2026-12-08T15:30:00-05:00");
    assertThat(FutureRelease.parse("HOLDUNTIL", "2026-12-08t15:30:00.25z")).isNotNull();
    for (String[] bad : new String[][] {{"HOLDFOR", ""}, {"HOLDFOR", "1234567890"}, {"HOLDFOR", "-1"},
        {"HOLDUNTIL", "2026-12-08"}, {"HOLDUNTIL", "2026-13-08T15:30:00Z"}, {"HOLDUNTIL", "tomorrow"},
        {"HOLD", "5"}}) {
      assertThat(FutureRelease.parse(bad[0], bad[1])).as(String.join("=", bad)).isNull();
    }
  }

  @Test
  void rrvsTakesATimeAndAnOptionalAction() {
    Rrvs plain = Rrvs.parse("2014-04-03T23:01:00Z");
    assertThat(plain.since()).isEqualTo(OffsetDateTime.of(2014, 4, 3, 23, 1, 0, 0, ZoneOffset.UTC));
    assertThat(plain.action()).isEmpty();
    assertThat(Rrvs.parse("2014-04-03T23:01:00Z;c").action()).contains(Rrvs.Action.CONTINUE);
    assertThat(Rrvs.parse("2014-04-03T23:01:00+02:00;R").toParameter()).isEqualTo("RRVS=2014-04-03T23:01:00+02:00;R");
    for (String bad : new String[] {"", "2014-04-03", "2014-04-03T23:01:00Z;", "2014-04-03T23:01:00Z;X",
        "2014-04-03T23:01:00Z;CR"}) {
      assertThat(Rrvs.parse(bad)).as(bad).isNull();
    }
    assertThat(new Rrvs(plain.since(), Optional.of(Rrvs.Action.CONTINUE)).toParameter())
        .isEqualTo("RRVS=2014-04-03T23:01:00Z;C");
  }

  @Test
  void limitsAreReadWrittenAndSplitRecipients() {
    TransactionLimits limits = TransactionLimits.parse("MAILMAX=1000 RCPTMAX=20 RCPTDOMAINMAX=1 FUTURE=7");
    assertThat(limits).isEqualTo(new TransactionLimits(OptionalInt.of(1000), OptionalInt.of(20), OptionalInt.of(1)));
    assertThat(limits.toParameters()).isEqualTo("RCPTMAX=20 MAILMAX=1000 RCPTDOMAINMAX=1");
    // RFC 9422 §3.7: a known limit with a bad value is ignored alone; a parameter breaking §3's syntax spoils all
    assertThat(TransactionLimits.parse("RCPTMAX=0 MAILMAX=5"))
        .isEqualTo(new TransactionLimits(OptionalInt.of(5), OptionalInt.empty(), OptionalInt.empty()));
    assertThat(TransactionLimits.parse("RCPTMAX=x")).isEqualTo(TransactionLimits.NONE);
    assertThat(TransactionLimits.parse("RCPTMAX=1000000 RCPTDOMAINMAX RCPTMAX=020"))
        .isEqualTo(TransactionLimits.NONE);
    assertThat(TransactionLimits.parse("RCPTMAX=20 FUTURE")).isEqualTo(new TransactionLimits(OptionalInt.empty(),
        OptionalInt.of(20), OptionalInt.empty()));
    for (String broken : List.of("RCPTMAX=5;", "=5", "RC$MAX=1 RCPTMAX=5", "RCPTMAX= MAILMAX=5")) {
      assertThat(TransactionLimits.parse(broken)).as(broken).isNull();
    }
    assertThat(TransactionLimits.parse("")).isEqualTo(TransactionLimits.NONE);
    List<Integer> recipients = List.of(1, 2, 3, 4, 5);
    assertThat(TransactionLimits.parse("RCPTMAX=2").split(recipients))
        .containsExactly(List.of(1, 2), List.of(3, 4), List.of(5));
    assertThat(TransactionLimits.NONE.split(recipients)).containsExactly(recipients);
  }

  /** RFC 9422: RCPTMAX and RCPTDOMAINMAX together; every recipient in exactly one transaction. */
  @Test
  void limitsGroupRecipientsByDomain() {
    List<String> to = List.of("a@x", "b@y", "c@x", "d@z", "e@y", "f@x");
    java.util.function.Function<String, String> domain = r -> r.substring(r.indexOf('@') + 1);
    assertThat(TransactionLimits.parse("RCPTDOMAINMAX=1").split(to, domain))
        .containsExactly(List.of("a@x", "c@x", "f@x"), List.of("b@y", "e@y"), List.of("d@z"));
    assertThat(TransactionLimits.parse("RCPTDOMAINMAX=2 RCPTMAX=4").split(to, domain))
        .containsExactly(List.of("a@x", "c@x", "f@x", "b@y"), List.of("e@y", "d@z"));
    assertThat(TransactionLimits.parse("RCPTMAX=2 RCPTDOMAINMAX=1").split(to, domain))
        .containsExactly(List.of("a@x", "c@x"), List.of("f@x"), List.of("b@y", "e@y"), List.of("d@z"));
    assertThat(TransactionLimits.NONE.split(to, domain)).containsExactly(to);
    assertThat(TransactionLimits.parse("RCPTMAX=4").split(to, domain))
        .containsExactly(List.of("a@x", "b@y", "c@x", "d@z"), List.of("e@y", "f@x"));
  }
}
