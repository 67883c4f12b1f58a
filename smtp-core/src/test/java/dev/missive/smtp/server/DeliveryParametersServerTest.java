package dev.missive.smtp.server;

import static dev.missive.smtp.server.ServerFixtures.playEveryWay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.smtp.SmtpExtension;
import dev.missive.testkit.Outcome;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The server side of DELIVERBY (RFC 2852), MT-PRIORITY (RFC 6710), RRVS (RFC 7293), LIMITS (RFC 9422) and
 * FUTURERELEASE (RFC 4865).
 */
class DeliveryParametersServerTest {

  @Test
  void offeredParametersAreReadInEveryChunking() {
    SmtpServerConfig config = SmtpServerConfig.builder().hostname("mx.example.com").greeting("ESMTP ready")
        .extensions(SmtpExtension.PIPELINING, SmtpExtension.DELIVERBY, SmtpExtension.MT_PRIORITY, SmtpExtension.RRVS,
            SmtpExtension.LIMITS, SmtpExtension.ENHANCED_STATUS_CODES).build();
    Outcome o = playEveryWay("issue23-parameters.txt", config, ScriptedHost::new);
    assertThat(o.events()).anyMatch(e -> e.startsWith("MailFrom") && e.contains("deliverBy=Optional[DeliverBy["
        + "byTime=120, mode=RETURN, trace=false]]") && e.contains("priority=Optional[MtPriority[value=0]]")
        && e.contains("requestedPriority=Optional[MtPriority[value=3]]"));
    assertThat(o.events()).anyMatch(e -> e.startsWith("RcptTo") && e.contains("validSince=Optional[Rrvs["));
  }

  /**
   * RFC 6710 §4.1 item 1: a value outside §7's syntax, or MT-PRIORITY twice in one MAIL FROM, is an error (501,
   * "for example").
   */
  @Test
  void mtPriorityOnceAndInTheRfcsSyntax() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.builder().hostname("mx.example.com")
        .extensions(SmtpExtension.MT_PRIORITY, SmtpExtension.ENHANCED_STATUS_CODES).build());
    assertThat(d.exchange("EHLO c.example\r\n")).contains("MT-PRIORITY");
    assertThat(d.exchange("MAIL FROM:<a@b.example> MT-PRIORITY=-1 MT-PRIORITY=-1\r\n"))
        .isEqualTo("501 5.5.4 Duplicate parameter\r\n");
    assertThat(d.exchange("MAIL FROM:<a@b.example> MT-PRIORITY=+1\r\n")).startsWith("501 5.5.4 ");
    assertThat(d.exchange("MAIL FROM:<a@b.example> MT-PRIORITY=-0\r\n")).startsWith("501 5.5.4 ");
    assertThat(d.exchange("MAIL FROM:<a@b.example> MT-PRIORITY=-1\r\n")).startsWith("250 ");
  }

  @Test
  void notOfferedIsUnsupported() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.defaults("mx.example.com"));
    assertThat(d.exchange("EHLO c.example\r\n")).doesNotContain("DELIVERBY").doesNotContain("LIMITS")
        .doesNotContain("MT-PRIORITY").doesNotContain("RRVS");
    assertThat(d.exchange("MAIL FROM:<a@b.example> BY=120;R\r\n")).startsWith("555 5.5.4");
    assertThat(d.exchange("MAIL FROM:<a@b.example> MT-PRIORITY=1\r\n")).startsWith("555 5.5.4");
    assertThat(d.exchange("MAIL FROM:<a@b.example>\r\n")).startsWith("250 ");
    assertThat(d.exchange("RCPT TO:<c@d.example> RRVS=2014-04-03T23:01:00Z\r\n")).startsWith("555 5.5.4");
  }

  /** RFC 4865 §3: the offer from configuration and the clock, every refusal, the hold handed to the host. */
  @Test
  void futureReleaseIsOfferedFromConfigurationAndJudgedByTheClock() {
    SmtpServerConfig config = SmtpServerConfig.builder().hostname("mx.example.com").greeting("ESMTP ready")
        .extensions(SmtpExtension.PIPELINING, SmtpExtension.FUTURERELEASE, SmtpExtension.ENHANCED_STATUS_CODES)
        .limits(SmtpLimits.builder().maxFutureRelease(Duration.ofDays(1)).build()).build();
    Outcome o = playEveryWay("rfc4865-futurerelease.txt", config, ScriptedHost::new);
    assertThat(o.events().stream().filter(e -> e.startsWith("MailFrom")))
        .hasSize(2)
        .anyMatch(e -> e.contains("release=Optional[HoldUntil[time=2026-01-01T12:00+01:00]]"))
        .anyMatch(e -> e.contains("release=Optional[HoldFor[seconds=86400]]"));
  }

  @Test
  void futureReleaseNotOfferedIsUnsupported() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.defaults("mx.example.com"));
    assertThat(d.exchange("EHLO c.example\r\n")).doesNotContain("FUTURERELEASE");
    assertThat(d.exchange("MAIL FROM:<a@b.example> HOLDFOR=60\r\n")).startsWith("555 5.5.4");
    assertThat(d.exchange("MAIL FROM:<a@b.example> HOLDUNTIL=2026-01-01T12:00:00Z\r\n")).startsWith("555 5.5.4");
  }

  @Test
  void theLongestHoldIsWholeSecondsOfNineDigits() {
    assertThatThrownBy(() -> SmtpLimits.builder().maxFutureRelease(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SmtpLimits.builder().maxFutureRelease(Duration.ofMillis(1500)).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SmtpLimits.builder().maxFutureRelease(Duration.ofSeconds(1_000_000_000L)).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** RFC 9422: MAILMAX announced from {@link SmtpLimits#maxTransactions()} and enforced with 451 4.5.3. */
  @Test
  void mailMaxIsAnnouncedAndEnforced() {
    SmtpServerConfig config = SmtpServerConfig.builder().hostname("mx.example.com")
        .extensions(SmtpExtension.LIMITS, SmtpExtension.ENHANCED_STATUS_CODES)
        .limits(SmtpLimits.builder().maxTransactions(2).maxRecipients(20).build()).build();
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(config);
    assertThat(d.exchange("EHLO c.example\r\n")).contains("250-LIMITS RCPTMAX=20 MAILMAX=2\r\n");
    assertThat(d.exchange("MAIL FROM:<a@b.example>\r\n")).startsWith("250 ");
    assertThat(d.exchange("RSET\r\n")).startsWith("250 ");
    assertThat(d.exchange("RSET\r\n")).startsWith("250 ");
    assertThat(d.exchange("MAIL FROM:<a@b.example>\r\n")).startsWith("250 ");
    assertThat(d.exchange("RSET\r\n")).startsWith("250 ");
    assertThat(d.exchange("MAIL FROM:<a@b.example>\r\n"))
        .isEqualTo("451 4.5.3 No more transactions allowed in this session\r\n");
    ServerFixtures.Driver unlimited = ServerFixtures.Driver.greeted(SmtpServerConfig.builder()
        .hostname("mx.example.com").extensions(SmtpExtension.LIMITS).build());
    assertThat(unlimited.exchange("EHLO c.example\r\n")).contains("250-LIMITS RCPTMAX=100\r\n");
  }

  /**
   * RFC 9422 §4.3: RCPTDOMAINMAX announced from {@link SmtpLimits#maxRecipientDomains()} and enforced over the whole
   * session (a further domain gets 452 4.5.3, a domain already in the session, in any case, does not).
   */
  @Test
  void rcptDomainMaxIsAnnouncedAndEnforcedForTheSession() {
    SmtpServerConfig config = SmtpServerConfig.builder().hostname("mx.example.com")
        .extensions(SmtpExtension.LIMITS, SmtpExtension.ENHANCED_STATUS_CODES)
        .limits(SmtpLimits.builder().maxRecipientDomains(2).build()).build();
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(config);
    assertThat(d.exchange("EHLO c.example\r\n")).contains("250-LIMITS RCPTMAX=100 RCPTDOMAINMAX=2\r\n");
    assertThat(d.exchange("MAIL FROM:<a@b.example>\r\n")).startsWith("250 ");
    assertThat(d.exchange("RCPT TO:<one@x.example>\r\n")).startsWith("250 ");
    assertThat(d.exchange("RCPT TO:<two@y.example>\r\n")).startsWith("250 ");
    assertThat(d.exchange("RCPT TO:<three@z.example>\r\n"))
        .isEqualTo("452 4.5.3 Too many recipient domains in this session\r\n");
    assertThat(d.exchange("RCPT TO:<four@X.Example>\r\n")).startsWith("250 ");
    assertThat(d.exchange("RSET\r\n")).startsWith("250 ");
    assertThat(d.exchange("MAIL FROM:<a@b.example>\r\n")).startsWith("250 ");
    assertThat(d.exchange("RCPT TO:<five@z.example>\r\n")).startsWith("452 4.5.3 ");
    assertThat(d.exchange("RCPT TO:<six@y.example>\r\n")).startsWith("250 ");
  }

  /** RFC 9422 §4.3 with one domain allowed: the session's first domain, in any case, is the only one accepted. */
  @Test
  void rcptDomainMaxOfOneKeepsTheFirstDomain() {
    SmtpServerConfig config = SmtpServerConfig.builder().hostname("mx.example.com")
        .extensions(SmtpExtension.LIMITS, SmtpExtension.ENHANCED_STATUS_CODES)
        .limits(SmtpLimits.builder().maxRecipientDomains(1).build()).build();
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(config);
    d.exchange("EHLO c.example\r\n");
    assertThat(d.exchange("MAIL FROM:<a@b.example>\r\n")).startsWith("250 ");
    assertThat(d.exchange("RCPT TO:<one@x.example>\r\n")).startsWith("250 ");
    assertThat(d.exchange("RCPT TO:<two@X.EXAMPLE>\r\n")).startsWith("250 ");
    assertThat(d.exchange("RCPT TO:<three@y.example>\r\n")).startsWith("452 4.5.3 ");
    assertThat(d.exchange("RCPT TO:<four@x.example>\r\n")).startsWith("250 ");
  }

  /** RFC 9422 §4: a limit is at most six digits when written; a larger one is not announced (§3.7). */
  @Test
  void limitsPastSixDigitsAreNotAnnounced() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.builder().hostname("mx.example.com")
        .extensions(SmtpExtension.LIMITS).limits(SmtpLimits.builder().maxRecipients(1_000_000).maxTransactions(5)
            .maxRecipientDomains(999_999).build()).build());
    assertThat(d.exchange("EHLO c.example\r\n")).contains("250-LIMITS MAILMAX=5 RCPTDOMAINMAX=999999\r\n");
    ServerFixtures.Driver none = ServerFixtures.Driver.greeted(SmtpServerConfig.builder().hostname("mx.example.com")
        .extensions(SmtpExtension.LIMITS).limits(SmtpLimits.builder().maxRecipients(Integer.MAX_VALUE).build())
        .build());
    assertThat(none.exchange("EHLO c.example\r\n")).doesNotContain("LIMITS");
  }

  /**
   * RFC 2852 §2: DELIVERBY announces the min-by-time; §3: a by-time below it with {@code R} is refused with a
   * permanent 55z reply (555 5.5.4, §4's reply for a valid by-time the server cannot accept), §4: a by-time of zero
   * or less with {@code R} is a syntax error (501 5.5.4), and {@code N} takes any by-time (zero or negative: the
   * "delayed" DSN is due at once), handed to the host.
   */
  @Test
  void deliverByMinimumIsAnnouncedAndBindsReturnOnly() {
    SmtpServerConfig config = SmtpServerConfig.builder().hostname("mx.example.com")
        .extensions(SmtpExtension.DELIVERBY, SmtpExtension.ENHANCED_STATUS_CODES)
        .limits(SmtpLimits.builder().minDeliverBy(Duration.ofSeconds(60)).build()).build();
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(config);
    assertThat(d.exchange("EHLO c.example\r\n")).contains("250-DELIVERBY 60\r\n");
    assertThat(d.exchange("MAIL FROM:<a@b.example> BY=59;R\r\n"))
        .isEqualTo("555 5.5.4 BY time is below the minimum of 60 seconds\r\n");
    assertThat(d.exchange("MAIL FROM:<a@b.example> BY=0;R\r\n")).isEqualTo("501 5.5.4 Invalid BY parameter\r\n");
    assertThat(d.exchange("MAIL FROM:<a@b.example> BY=60;RT\r\n")).startsWith("250 ");
    assertThat(d.exchange("RSET\r\n")).startsWith("250 ");
    assertThat(d.exchange("MAIL FROM:<a@b.example> BY=-30;N\r\n")).startsWith("250 ");
    ServerFixtures.Driver plain = ServerFixtures.Driver.greeted(SmtpServerConfig.builder().hostname("mx.example.com")
        .extensions(SmtpExtension.DELIVERBY).build());
    assertThat(plain.exchange("EHLO c.example\r\n")).contains("250-DELIVERBY\r\n");
    assertThat(plain.exchange("MAIL FROM:<a@b.example> BY=1;R\r\n")).startsWith("250 ");
  }
}
