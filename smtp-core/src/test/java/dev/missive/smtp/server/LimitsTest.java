package dev.missive.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** docs/security.md, "Long command lines and paths", "Long message lines", "Too many recipients",
 * "Oversized messages", "Error and junk floods": RFC 5321 §4.5.3 limits, error and junk-command limits. */
class LimitsTest {

  private static ServerFixtures.Driver greeted() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.defaults("mx.example.org"));
    d.exchange("EHLO c.example\r\n");
    return d;
  }

  @Test
  void item13CommandLineOverTheLimitIs500AndFramingHolds() {
    ServerFixtures.Driver d = greeted();
    String huge = "NOOP " + "x".repeat(20_000) + "\r\n";
    assertThat(d.exchange(huge + "NOOP\r\n")).isEqualTo("500 5.5.2 Line too long\r\n250 2.0.0 OK\r\n");
    // a NOOP longer than the base 512 but within the AUTH-free, extension-grown limit is refused as too long
    String over = "NOOP " + "x".repeat(2_000) + "\r\n";
    assertThat(d.exchange(over)).isEqualTo("500 5.5.2 Line too long\r\n");
  }

  @Test
  void item13PathLimitsGive501() {
    ServerFixtures.Driver d = greeted();
    assertThat(d.exchange("MAIL FROM:<" + "a".repeat(65) + "@example.org>\r\n")).startsWith("501 5.1.7");
    assertThat(d.exchange("MAIL FROM:<a@" + "b".repeat(250) + ".example>\r\n")).startsWith("501 5.1.7");
    String longPath = "a".repeat(60) + "@" + ("d".repeat(60) + ".").repeat(4) + "example"; // domain 251, path 314
    assertThat(d.exchange("MAIL FROM:<" + longPath + ">\r\n")).startsWith("501 5.1.7");
    assertThat(d.exchange("MAIL FROM:<a@example.org>\r\n")).startsWith("250");
    assertThat(d.exchange("RCPT TO:<" + "a".repeat(65) + "@example.org>\r\n")).startsWith("501 5.1.3");
  }

  @Test
  void item14DataLineOver1000OctetsRefusedAfterTheRealEnd() {
    ServerFixtures.Driver d = greeted();
    d.exchange("MAIL FROM:<a@example.org>\r\n");
    d.exchange("RCPT TO:<b@example.org>\r\n");
    d.exchange("DATA\r\n");
    assertThat(d.exchange("x".repeat(999) + "\r\n")).isEmpty();
    assertThat(d.exchange("ok\r\n.\r\n")).isEqualTo("500 5.5.2 Message refused: line longer than 1000 octets\r\n");
    assertThat(d.eventNames()).contains("DataAborted").doesNotContain("DataEnd");
    assertThat(d.exchange("NOOP\r\n")).startsWith("250");
  }

  @Test
  void item14A998OctetLineIsFine() {
    ServerFixtures.Driver d = greeted();
    d.exchange("MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\n");
    d.exchange("DATA\r\n");
    assertThat(d.exchange("x".repeat(998) + "\r\n.\r\n")).isEqualTo("250 2.0.0 OK\r\n");
  }

  @Test
  void item15RecipientsPastTheLimitGet452AndEarlierOnesStay() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.builder().hostname("mx.example.org")
        .limits(SmtpLimits.builder().maxRecipients(100).build()).build());
    d.exchange("EHLO c.example\r\nMAIL FROM:<a@example.org>\r\n");
    for (int i = 0; i < 100; i++) {
      assertThat(d.exchange("RCPT TO:<r" + i + "@example.org>\r\n")).startsWith("250");
    }
    assertThat(d.exchange("RCPT TO:<r100@example.org>\r\nRCPT TO:<r101@example.org>\r\n"))
        .isEqualTo("452 4.5.3 Too many recipients\r\n452 4.5.3 Too many recipients\r\n");
    assertThat(d.smtp.envelope().orElseThrow().recipients()).hasSize(100);
    assertThat(d.exchange("DATA\r\n")).startsWith("354");
  }

  @Test
  void item16DeclaredSizeOverTheLimitIs552AtMail() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.builder().hostname("mx.example.org")
        .limits(SmtpLimits.builder().maxMessageSize(1000).build()).build());
    assertThat(d.exchange("EHLO c.example\r\n")).contains("250-SIZE 1000");
    assertThat(d.exchange("MAIL FROM:<a@example.org> SIZE=1001\r\n"))
        .isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size\r\n");
    assertThat(d.exchange("MAIL FROM:<a@example.org> SIZE=1000\r\n")).startsWith("250");
  }

  @Test
  void item16StreamOverTheLimitIs552AfterTheEndAndNothingKept() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.builder().hostname("mx.example.org")
        .limits(SmtpLimits.builder().maxMessageSize(1000).build()).build());
    d.exchange("EHLO c.example\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\n");
    d.exchange("DATA\r\n");
    String body = ("y".repeat(98) + "\r\n").repeat(20);
    assertThat(d.exchange(body)).isEmpty();
    assertThat(d.exchange(".\r\n")).isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size\r\n");
    assertThat(d.eventNames()).contains("DataAborted").doesNotContain("DataEnd");
    assertThat(d.content.size()).isLessThanOrEqualTo(1000 + 100);
  }

  @Test
  void item17TooManyErrorsEndTheSession() {
    ServerFixtures.Driver d = greeted();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 10 && !d.smtp.isClosed(); i++) {
      out.append(d.exchange("XYZZY\r\n"));
    }
    assertThat(out.toString()).endsWith("500 5.5.2 Command unrecognized\r\n421 4.7.0 mx.example.org Error: too many errors\r\n");
    assertThat(out.toString().split("\r\n")).hasSize(11);
    assertThat(d.smtp.isClosed()).isTrue();
  }

  @Test
  void item17NoopLoopsAreCounted() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.builder().hostname("mx.example.org")
        .limits(SmtpLimits.builder().maxJunkCommands(20).build()).build());
    String out = d.exchange("NOOP\r\nRSET\r\nVRFY x\r\n".repeat(7));
    assertThat(out.split("\r\n")).hasSize(21);
    assertThat(out).endsWith("421 4.7.0 mx.example.org Error: too many commands\r\n");
    assertThat(d.smtp.isClosed()).isTrue();
  }

  @Test
  void limitsValidateAgainstRfcMinimums() {
    assertThatThrownBy(() -> SmtpLimits.builder().maxRecipients(0).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SmtpLimits(100, 998, 12_288, 100, 1, 1, 1, 1024, Duration.ofMinutes(5),
        Duration.ofMinutes(5), 3, Duration.ZERO, Duration.ofDays(1), 10,
        Duration.ZERO, Integer.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SmtpLimits.builder().maxRecipientDomains(0).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SmtpLimits.builder().maxAuthFailures(0).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SmtpLimits.builder().authFailureDelay(Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SmtpLimits.builder().commandTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(SmtpLimits.STRICT.maxErrors()).isLessThan(SmtpLimits.DEFAULT.maxErrors());
  }

  @Test
  void theBuilderStartsFromAPresetAndChangesOnlyWhatItIsTold() {
    assertThat(SmtpLimits.STRICT.toBuilder().build()).isEqualTo(SmtpLimits.STRICT);
    assertThat(SmtpLimits.builder().build()).isEqualTo(SmtpLimits.DEFAULT);
    SmtpLimits changed = SmtpLimits.PERMISSIVE.toBuilder().maxMessageSize(1000).dataTimeout(Duration.ofMinutes(7))
        .build();
    assertThat(changed.maxMessageSize()).isEqualTo(1000);
    assertThat(changed.dataTimeout()).isEqualTo(Duration.ofMinutes(7));
    assertThat(changed.toBuilder().maxMessageSize(SmtpLimits.PERMISSIVE.maxMessageSize())
        .dataTimeout(SmtpLimits.PERMISSIVE.dataTimeout()).build()).isEqualTo(SmtpLimits.PERMISSIVE);
  }
}
