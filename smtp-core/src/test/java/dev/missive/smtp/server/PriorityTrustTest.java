package dev.missive.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.message.address.ReversePath;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.MailParameters;
import dev.missive.smtp.MtPriority;
import dev.missive.smtp.ReceivedField;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.TraceProtocol;
import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.PeerInfo;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * RFC 6710 §4.1: no raised priority from an untrusted source, anyone may lower its own, the server may change a
 * priority by its policy and says so with X.3.6 and the new priority; the host is handed the priority assigned and
 * the one asked for.
 */
class PriorityTrustTest {

  private static SmtpServerConfig.Builder offering() {
    return SmtpServerConfig.builder().hostname("mx.example.com")
        .extensions(SmtpExtension.AUTH, SmtpExtension.MT_PRIORITY, SmtpExtension.ENHANCED_STATUS_CODES)
        .plaintextAuthAllowed(true).authMechanisms(SaslServerMechanisms.builder()
            .plain((user, password) -> user.equals("test") && new String(password).equals("1234")).build());
  }

  private static ServerFixtures.Driver greeted(SmtpServerConfig config) {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(config);
    assertThat(d.exchange("EHLO client.example\r\n")).contains("MT-PRIORITY");
    return d;
  }

  private static SmtpServerEvent.MailFrom lastMail(ServerFixtures.Driver d) {
    return d.events.stream().filter(SmtpServerEvent.MailFrom.class::isInstance)
        .map(SmtpServerEvent.MailFrom.class::cast).reduce((a, b) -> b).orElseThrow();
  }

  @Test
  void byDefaultAnUnauthenticatedClientCannotRaiseItsPriority() {
    ServerFixtures.Driver d = greeted(offering().build());
    assertThat(d.exchange("MAIL FROM:<a@example.net> MT-PRIORITY=5\r\n"))
        .isEqualTo("250 2.3.6 0 is the new priority assigned to the message\r\n");
    SmtpServerEvent.MailFrom m = lastMail(d);
    assertThat(m.parameters().priority()).contains(MtPriority.NORMAL);
    assertThat(m.requestedPriority()).contains(new MtPriority(5));
    assertThat(m.priorityChanged()).isTrue();
  }

  @Test
  void anyoneMayLowerItsOwnPriority() {
    ServerFixtures.Driver d = greeted(offering().build());
    assertThat(d.exchange("MAIL FROM:<a@example.net> MT-PRIORITY=-3\r\n")).isEqualTo("250 2.1.0 OK\r\n");
    assertThat(lastMail(d).parameters().priority()).contains(new MtPriority(-3));
    assertThat(d.exchange("RSET\r\n")).startsWith("250 ");
    assertThat(d.exchange("MAIL FROM:<a@example.net> MT-PRIORITY=0\r\n")).isEqualTo("250 2.1.0 OK\r\n");
    assertThat(d.exchange("RSET\r\n")).startsWith("250 ");
    assertThat(d.exchange("MAIL FROM:<a@example.net>\r\n")).isEqualTo("250 2.1.0 OK\r\n");
    assertThat(lastMail(d).parameters().priority()).isEmpty();
    assertThat(lastMail(d).priorityChanged()).isFalse();
  }

  @Test
  void byDefaultAnAuthenticatedClientKeepsItsPriority() {
    ServerFixtures.Driver d = greeted(offering().build());
    assertThat(d.exchange("AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=\r\n")).startsWith("235 ");
    assertThat(d.exchange("MAIL FROM:<a@example.net> MT-PRIORITY=9\r\n")).isEqualTo("250 2.1.0 OK\r\n");
    assertThat(lastMail(d).parameters().priority()).contains(new MtPriority(9));
    assertThat(lastMail(d).priorityChanged()).isFalse();
  }

  /** A rule of the host's: priorities above 2 only from one peer (by agreement between two domains, §4.1). */
  @Test
  void aHostRuleLowersToItsLevelAndTrustsWhomItNames() {
    PriorityTrust partner = PriorityTrust.above(2, s -> s.peer().remoteAddress().equals("[192.0.2.7]"));
    ServerFixtures.Driver d = greeted(offering().priorityTrust(partner).build());
    assertThat(d.exchange("AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=\r\n")).startsWith("235 ");
    assertThat(d.exchange("MAIL FROM:<a@example.net> MT-PRIORITY=7\r\n"))
        .isEqualTo("250 2.3.6 2 is the new priority assigned to the message\r\n");
    assertThat(d.exchange("RSET\r\n")).startsWith("250 ");
    assertThat(d.exchange("MAIL FROM:<a@example.net> MT-PRIORITY=2\r\n")).isEqualTo("250 2.1.0 OK\r\n");
    assertThat(partner.assign(Optional.of(new MtPriority(7)), sessionFrom("[192.0.2.7]")))
        .isEqualTo(new MtPriority(7));
  }

  /** A negative level lowers messages without a priority too (they count as 0). */
  @Test
  void aNegativeLevelLowersMessagesWithoutAPriority() {
    PriorityTrust bulk = PriorityTrust.above(-2, s -> false);
    assertThat(bulk.assign(Optional.empty(), sessionFrom("[192.0.2.1]"))).isEqualTo(new MtPriority(-2));
    assertThat(bulk.assign(Optional.of(new MtPriority(-5)), sessionFrom("[192.0.2.1]")))
        .isEqualTo(new MtPriority(-5));
    assertThatThrownBy(() -> PriorityTrust.above(10, s -> true)).isInstanceOf(IllegalArgumentException.class);
  }

  /** §4.1 item 5 and §8's second example: the server assigns a priority where the client named none. */
  @Test
  void aPolicyMayAssignAPriorityWhereNoneWasAsked() {
    PriorityTrust msa = (requested, session) -> requested.orElse(new MtPriority(3));
    ServerFixtures.Driver d = greeted(offering().priorityTrust(msa).build());
    assertThat(d.exchange("MAIL FROM:<eljefe@example.com>\r\n"))
        .isEqualTo("250 2.3.6 3 is the new priority assigned to the message\r\n");
    assertThat(lastMail(d).parameters().priority()).contains(new MtPriority(3));
    assertThat(lastMail(d).requestedPriority()).isEmpty();
  }

  @Test
  void withoutMtPriorityOfferedThePolicyIsNotAsked() {
    PriorityTrust msa = (requested, session) -> new MtPriority(3);
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.builder().hostname("mx.example.com")
        .priorityTrust(msa).build());
    assertThat(d.exchange("EHLO client.example\r\n")).doesNotContain("MT-PRIORITY");
    assertThat(d.exchange("MAIL FROM:<a@example.net>\r\n")).isEqualTo("250 2.1.0 OK\r\n");
    assertThat(lastMail(d).parameters().priority()).isEmpty();
  }

  /**
   * RFC 6710 §4.1 item 2: the Received field the server writes carries §7's {@code PRIORITY} clause (an RFC 5321 §4.4
   * {@code Additional-Registered-Clauses}, after {@code for}, before the {@code ;}): the priority assigned and, in a
   * comment, the one asked for when the server changed it; none when the message has no priority.
   */
  @Test
  void theReceivedFieldCarriesThePriorityClause() {
    ServerFixtures.Driver d = greeted(offering().build());
    d.exchange("MAIL FROM:<a@example.net> MT-PRIORITY=5\r\n");
    d.exchange("RCPT TO:<b@example.com>\r\n");
    assertThat(d.smtp.receivedField().priority())
        .contains(new ReceivedField.Priority(MtPriority.NORMAL, Optional.of(new MtPriority(5))));
    assertThat(d.smtp.receivedField().toString())
        .contains("\tfor <b@example.com> PRIORITY 0 (changed from 5);\r\n");
    d.exchange("RSET\r\n");
    d.exchange("MAIL FROM:<a@example.net> MT-PRIORITY=-3\r\n");
    d.exchange("RCPT TO:<b@example.com>\r\n");
    assertThat(d.smtp.receivedField().toString()).contains("\tfor <b@example.com> PRIORITY -3;\r\n");
    d.exchange("RSET\r\n");
    d.exchange("MAIL FROM:<a@example.net>\r\n");
    d.exchange("RCPT TO:<b@example.com>\r\n");
    assertThat(d.smtp.receivedField().priority()).isEmpty();
    assertThat(d.smtp.receivedField().toString()).doesNotContain("PRIORITY");

    ServerFixtures.Driver msa = greeted(offering().priorityTrust((requested, s) -> new MtPriority(3)).build());
    msa.exchange("MAIL FROM:<eljefe@example.com>\r\n");
    assertThat(msa.smtp.receivedField().toString()).contains("\tPRIORITY 3 (changed from none);\r\n");
  }

  /** The clause without a {@code for} (several recipients) goes on its own folded line. */
  @Test
  void thePriorityClauseInTheFieldsText() {
    ReceivedField f = new ReceivedField("bar.com", Optional.of("[192.0.2.1]"), "foo.com", TraceProtocol.ESMTPA,
        Optional.of("a1b2"), Optional.empty(), Optional.of(new ReceivedField.Priority(new MtPriority(3),
            Optional.of(new MtPriority(3)))), ZonedDateTime.of(2026, 11, 23, 11, 41, 24, 0, ZoneOffset.UTC));
    assertThat(f.toString()).isEqualTo("Received: from bar.com ([192.0.2.1])\r\n\tby foo.com with ESMTPA id a1b2"
        + "\r\n\tPRIORITY 3;\r\n\tMon, 23 Nov 2026 11:41:24 +0000\r\n");
    assertThat(f.priority().orElseThrow().changed()).isFalse();
  }

  /**
   * The blocking handler sees the priority asked for beside the one assigned (RFC 6710 §4.1 item 3: worth logging),
   * and may refuse by priority with X.7.15.
   */
  @Test
  void theBlockingHandlerSeesTheRequestedAndTheAssignedPriority() {
    List<String> seen = new ArrayList<>();
    SmtpHandlerServer engine = new SmtpHandlerServer(offering().build(), new ManualTime().environment(),
        new PeerInfo("[192.0.2.1]", "s1", ConnectionSecurity.PLAINTEXT), session -> new SmtpHandler() {
          @Override
          public SmtpDecision mailFrom(ReversePath from, MailParameters parameters, Optional<MtPriority> asked) {
            seen.add(asked.map(MtPriority::value) + " -> " + parameters.priority().map(MtPriority::value));
            return asked.filter(p -> p.value() < -5).isPresent() ? SmtpDecision.reject(MtPriority.TOO_LOW)
                : SmtpDecision.accept();
          }

          @Override
          public MessageSink data(Envelope envelope, ReceivedField trace) {
            return MessageSink.collecting((info, bytes) -> SmtpDecision.accept());
          }
        });
    HandlerServerTest.exchange(engine, "");
    String out = HandlerServerTest.exchange(engine, "EHLO c.example\r\nMAIL FROM:<a@example.net> MT-PRIORITY=5\r\n"
        + "RSET\r\nMAIL FROM:<a@example.net> MT-PRIORITY=-7\r\nMAIL FROM:<a@example.net>\r\n");
    assertThat(out).contains("250 2.3.6 0 is the new priority assigned to the message\r\n250 2.0.0 ")
        .endsWith("550 5.7.15 Priority Level is too low\r\n250 2.1.0 OK\r\n");
    assertThat(seen).containsExactly("Optional[5] -> Optional[0]", "Optional[-7] -> Optional[-7]",
        "Optional.empty -> Optional.empty");
  }

  /** RFC 6710 §4.1 and §10: the refusals a host gives by priority, and the reply of a changed priority. */
  @Test
  void theRegisteredCodes() {
    assertThat(MtPriority.TOO_LOW).isEqualTo(Reply.of(550, "5.7.15", "Priority Level is too low"));
    assertThat(MtPriority.TOO_LOW_FOR_NOW).isEqualTo(Reply.of(450, "4.7.15", "Priority Level is too low"));
    assertThat(MtPriority.TOO_BIG)
        .isEqualTo(Reply.of(552, "5.7.16", "Message is too big for the specified priority"));
    assertThat(new MtPriority(-4).changedReply())
        .isEqualTo(Reply.of(250, "2.3.6", "-4 is the new priority assigned to the message"));
  }

  private static SmtpSession sessionFrom(String address) {
    return new SmtpServer(SmtpServerConfig.defaults("mx.example.com"), new dev.missive.testkit.ManualTime().fixedEnvironment(),
        new dev.missive.wire.PeerInfo(address, "s1", dev.missive.wire.ConnectionSecurity.PLAINTEXT)).session();
  }
}
