package dev.missive.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.smtp.BodyType;
import dev.missive.smtp.MailParameters;
import dev.missive.smtp.SmtpExtension;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A MAIL or RCPT parameter given twice (RFC 5321 §4.1.2 {@code esmtp-param}): RFC 3461 §4 forbids repeating the DSN
 * parameters (501); the others may repeat when they mean the same thing, as Python's smtplib sends them.
 */
class RepeatedParametersTest {

  private static ServerFixtures.Driver greeted() {
    EnumSet<SmtpExtension> extensions = EnumSet.copyOf(SmtpServerConfig.DEFAULT_EXTENSIONS);
    extensions.add(SmtpExtension.AUTH);
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.builder().hostname("mx.example.org")
        .extensions(extensions.toArray(new SmtpExtension[0])).plaintextAuthAllowed(true)
        .authMechanisms(SaslServerMechanisms.builder().plain((u, p) -> true).build()).build());
    d.exchange("EHLO c.example\r\n");
    return d;
  }

  /** What {@code smtplib.send_message(msg, mail_options=["SMTPUTF8", "BODY=8BITMIME"])} sends for jürgen. */
  @Test
  void smtplibSendMessageWithUtf8SenderRepeatsSmtpUtf8AndBody() {
    ServerFixtures.Driver d = greeted();
    String mail = new String("MAIL FROM:<j\u00fcrgen@ex.example> SMTPUTF8 BODY=8BITMIME SMTPUTF8 BODY=8BITMIME\r\n"
        .getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    assertThat(d.exchange(mail)).isEqualTo("250 2.1.0 OK\r\n");
    MailParameters p = d.smtp.envelope().orElseThrow().parameters();
    assertThat(p.smtpUtf8()).isTrue();
    assertThat(p.body()).contains(BodyType.EIGHT_BIT_MIME);
  }

  @ParameterizedTest
  @ValueSource(strings = {"SIZE=100 SIZE=100", "BODY=8BITMIME body=8bitmime", "SMTPUTF8 SMTPUTF8",
      "AUTH=a+2Bb@example.org AUTH=a+2Bb@example.org", "AUTH=<> AUTH=<>"})
  void aRepeatWithTheSameMeaningIsAccepted(String parameters) {
    ServerFixtures.Driver d = greeted();
    d.exchange("AUTH PLAIN AGEAcw==\r\n");
    assertThat(d.exchange("MAIL FROM:<a@example.org> " + parameters + "\r\n")).isEqualTo("250 2.1.0 OK\r\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"SIZE=100 SIZE=200", "BODY=8BITMIME BODY=7BIT", "AUTH=a@example.org AUTH=b@example.org",
      "AUTH=<> AUTH=a@example.org"})
  void aRepeatThatContradictsTheFirstIs501(String parameters) {
    ServerFixtures.Driver d = greeted();
    d.exchange("AUTH PLAIN AGEAcw==\r\n");
    assertThat(d.exchange("MAIL FROM:<a@example.org> " + parameters + "\r\n"))
        .isEqualTo("501 5.5.4 Parameter repeated with a different value\r\n");
    assertThat(d.smtp.envelope()).isEmpty();
  }

  @Test
  void aBadValueInTheRepeatIsStillABadValue() {
    ServerFixtures.Driver d = greeted();
    assertThat(d.exchange("MAIL FROM:<a@example.org> BODY=8BITMIME BODY=9BIT\r\n"))
        .isEqualTo("501 5.5.4 Invalid BODY parameter\r\n");
    assertThat(d.exchange("MAIL FROM:<a@example.org> SMTPUTF8 SMTPUTF8=yes\r\n"))
        .isEqualTo("501 5.5.4 SMTPUTF8 takes no value\r\n");
  }

  /** Items separated by runs of spaces (RFC 5321 §4.1.2 allows one; deployed clients send more), a repeat far apart. */
  @ParameterizedTest
  @ValueSource(strings = {"SIZE=100   BODY=8BITMIME  SIZE=200|501 5.5.4 Parameter repeated with a different value",
      "RET=FULL  ENVID=x   RET=FULL|501 5.5.4 Duplicate parameter", "SIZE=100    BODY=8BITMIME   SIZE=100|250 2.1.0 OK",
      "SIZE=100 |250 2.1.0 OK"})
  void itemsAreSplitAtRunsOfSpacesAndRepeatsFoundAcrossThem(String parametersAndReply) {
    String[] pr = parametersAndReply.split("\\|");
    ServerFixtures.Driver d = greeted();
    assertThat(d.exchange("MAIL FROM:<a@example.org> " + pr[0] + "\r\n")).isEqualTo(pr[1] + "\r\n");
  }

  /** RFC 3461 §4: ENVID, RET, NOTIFY and ORCPT at most once each, else 501 — even with the same value. */
  @ParameterizedTest
  @ValueSource(strings = {"RET=FULL RET=FULL", "ENVID=x ENVID=x", "RET=HDRS ret=FULL"})
  void repeatedDsnParametersOfMailAre501(String parameters) {
    ServerFixtures.Driver d = greeted();
    assertThat(d.exchange("MAIL FROM:<a@example.org> " + parameters + "\r\n"))
        .isEqualTo("501 5.5.4 Duplicate parameter\r\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"NOTIFY=NEVER NOTIFY=NEVER", "ORCPT=rfc822;b@example.org ORCPT=rfc822;b@example.org"})
  void repeatedDsnParametersOfRcptAre501(String parameters) {
    ServerFixtures.Driver d = greeted();
    assertThat(d.exchange("MAIL FROM:<a@example.org>\r\n")).startsWith("250");
    assertThat(d.exchange("RCPT TO:<b@example.org> " + parameters + "\r\n"))
        .isEqualTo("501 5.5.4 Duplicate parameter\r\n");
  }
}
