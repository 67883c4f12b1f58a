package dev.missive.smtp.server;

import static dev.missive.smtp.server.ServerFixtures.playEveryWay;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.smtp.SmtpExtension;
import dev.missive.testkit.Outcome;
import org.junit.jupiter.api.Test;

/** The server side of DELIVERBY (RFC 2852), MT-PRIORITY (RFC 6710), RRVS (RFC 7293) and LIMITS (RFC 9422). */
class DeliveryParametersServerTest {

  @Test
  void offeredParametersAreReadInEveryChunking() {
    SmtpServerConfig config = SmtpServerConfig.builder().hostname("mx.example.com").greeting("ESMTP ready")
        .extensions(SmtpExtension.PIPELINING, SmtpExtension.DELIVERBY, SmtpExtension.MT_PRIORITY, SmtpExtension.RRVS,
            SmtpExtension.LIMITS, SmtpExtension.ENHANCED_STATUS_CODES).build();
    Outcome o = playEveryWay("issue23-parameters.txt", config, ScriptedHost::new);
    assertThat(o.events()).anyMatch(e -> e.startsWith("MailFrom") && e.contains("deliverBy=Optional[DeliverBy["
        + "byTime=120, mode=RETURN, trace=false]]") && e.contains("priority=Optional[MtPriority[value=3]]"));
    assertThat(o.events()).anyMatch(e -> e.startsWith("RcptTo") && e.contains("validSince=Optional[Rrvs["));
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

  @Test
  void futureReleaseIsNotOfferedByTheServerYet() {
    SmtpServerConfig config = SmtpServerConfig.builder().hostname("mx.example.com")
        .extensions(SmtpExtension.FUTURERELEASE).build();
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(config);
    assertThat(d.exchange("EHLO c.example\r\n")).doesNotContain("FUTURERELEASE");
    assertThat(d.exchange("MAIL FROM:<a@b.example> HOLDFOR=60\r\n")).startsWith("555 5.5.4");
  }
}
