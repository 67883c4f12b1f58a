package dev.missive.smtp.client;

import static dev.missive.smtp.client.ClientTranscriptTest.plain;
import static dev.missive.smtp.client.ClientTranscriptTest.play;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.sasl.SaslClientMechanisms;
import dev.missive.smtp.DeliverBy;
import dev.missive.smtp.DsnNotify;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.MailParameters;
import dev.missive.smtp.MtPriority;
import dev.missive.smtp.OriginalRecipient;
import dev.missive.smtp.Recipient;
import dev.missive.smtp.Rrvs;
import dev.missive.smtp.TransactionLimits;
import dev.missive.smtp.client.SmtpClientEvent.Outcome;
import dev.missive.smtp.client.SmtpClientEvent.TransactionResult;
import dev.missive.wire.TlsPolicy;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The example sessions of RFC 2852 §6 (DELIVERBY), RFC 6710 §8 (MT-PRIORITY), RFC 7293 §12.1 (RRVS) and RFC 9422
 * §5 (LIMITS), the client's side, each turn fed whole, byte by byte and in random splits. Each transcript's header
 * says which lines are the RFC's and where they differ. RFC 7293 §12.2 (the header field) has no client side of
 * its own: the client only carries the field in the message, and that example's client says HELO, which this
 * client does only when EHLO is refused.
 */
class ExtensionExamplesClientTest {

  private static final String BODY = "Subject: within two minutes\r\n\r\nhello\r\n";

  private static Envelope by(String from, String to, int seconds) {
    Envelope e = Envelope.of(from, to);
    return e.withParameters(MailParameters.NONE.withDeliverBy(new DeliverBy(seconds, DeliverBy.Mode.RETURN, false)));
  }

  @Test
  void rfc2852FirstDialogWritesTheDeliverBy() {
    SendingHost host = play("rfc2852-example.txt", plain("bigbiz.com"),
        () -> new SendingHost().message(by("eljefe@bigbiz.com", "topbanana@other.com", 120), BODY));
    assertThat(host.events(TransactionResult.class).get(0).outcome()).isEqualTo(Outcome.ACCEPTED);
  }

  /** RFC 2852 §4.1.4.1: with less time left than the next hop's min-by-time, nothing is sent. */
  @Test
  void rfc2852SecondDialogSendsNothingBelowTheMinimum() {
    SendingHost host = play("rfc2852-minimum.txt", plain("acme.net"),
        () -> new SendingHost().message(by("eljefe@bigbiz.com", "topbanana@other.com", 120), BODY));
    assertThat(host.events(TransactionResult.class).get(0).outcome()).isEqualTo(Outcome.NOT_SENT);
    assertThat(host.events(SmtpClientEvent.CapabilitiesKnown.class).get(0).capabilities().minDeliverBy())
        .hasValue(240);
  }

  @Test
  void rfc2852ThirdDialogPassesTheTimeLeftOn() {
    SendingHost host = play("rfc2852-relayed.txt", plain("acme.net"),
        () -> new SendingHost().message(by("eljefe@bigbiz.com", "topbanana@other.com", 98), BODY));
    assertThat(host.events(TransactionResult.class).get(0).outcome()).isEqualTo(Outcome.ACCEPTED);
  }

  /** RFC 6710 §8's envelope: BY=, ENVID=, the priority if any, and Dana's NOTIFY= and ORCPT=. */
  private static Envelope rfc6710(int byTime, Optional<MtPriority> priority) {
    MailParameters p = MailParameters.NONE.withDeliverBy(new DeliverBy(byTime, DeliverBy.Mode.RETURN, false))
        .withEnvelopeId("QQ314159");
    Recipient dana = Recipient.of("Dana@Ivory.example.net");
    dana = dana.withParameters(dana.parameters().withNotify(Set.of(DsnNotify.SUCCESS, DsnNotify.FAILURE))
        .withOriginalRecipient(new OriginalRecipient("rfc822", "Dana@Ivory.example.net")));
    Envelope e = Envelope.of("eljefe@example.com", "topbanana@example.net")
        .withParameters(priority.map(p::withPriority).orElse(p));
    return e.withRecipient(dana);
  }

  private static SmtpClientConfig submitting() {
    return SmtpClientConfig.builder().ehloName("mua.example.com").tlsPolicy(TlsPolicy.NONE)
        .authentication(() -> SaslClientMechanisms.plain("test", "test", "1234")).plaintextAuthAllowed(true).build();
  }

  @Test
  void rfc6710FirstExampleAsksForPriorityThree() {
    SendingHost host = play("rfc6710-submission.txt", submitting(), () -> new SendingHost()
        .message(rfc6710(125, Optional.of(new MtPriority(3))), " (message goes here)\r\n"));
    assertThat(host.events(TransactionResult.class).get(0).outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(host.events(SmtpClientEvent.CapabilitiesKnown.class).get(0).capabilities().priorityPolicy())
        .contains(MtPriority.Policy.MIXER);
  }

  @Test
  void rfc6710SecondExampleHearsTheAssignedPriority() {
    SendingHost host = play("rfc6710-assigned.txt", submitting(), () -> new SendingHost()
        .message(rfc6710(125, Optional.empty()), " (message goes here)\r\n"));
    TransactionResult result = host.events(TransactionResult.class).get(0);
    assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(result.reply()).hasValueSatisfying(r -> assertThat(r.lines())
        .containsExactly("X.3.6 3 is the new priority assigned to the message"));
  }

  @Test
  void rfc6710ThirdExamplePassesThePriorityOn() {
    SendingHost host = play("rfc6710-relay.txt", plain("example.com"), () -> new SendingHost()
        .message(rfc6710(120, Optional.of(new MtPriority(3))), " (message goes here)\r\n"));
    assertThat(host.events(TransactionResult.class).get(0).outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(host.events(SmtpClientEvent.CapabilitiesKnown.class).get(0).capabilities().priorityPolicy())
        .contains(MtPriority.Policy.STANAG4406);
  }

  @Test
  void rfc7293ExampleLearnsTheMailboxChangedOwner() {
    Recipient receiver = Recipient.of("receiver@example.com");
    receiver = receiver.withParameters(receiver.parameters().withValidSince(
        new Rrvs(OffsetDateTime.parse("2014-04-03T23:01:00Z"), Optional.empty())));
    Envelope e = new Envelope(Envelope.of("sender@example.net", "receiver@example.com").reversePath(),
        MailParameters.NONE, List.of(receiver));
    SendingHost host = play("rfc7293-example.txt", plain("client.example.net"),
        () -> new SendingHost().message(e, BODY));
    TransactionResult result = host.events(TransactionResult.class).get(0);
    assertThat(result.recipients()).extracting(r -> r.reply().code()).containsExactly(550);
    assertThat(result.deliveredTo()).isEmpty();
  }

  @Test
  void rfc9422ExampleReadsTheLimits() {
    SendingHost host = play("rfc9422-example.txt", plain("example.org"), () -> new SendingHost()
        .message(Envelope.of("a@example.org", "b@example.com", "c@example.com"), "hello\r\n"));
    assertThat(host.events(TransactionResult.class).get(0).outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(host.events(SmtpClientEvent.CapabilitiesKnown.class).get(0).capabilities().limits())
        .isEqualTo(new TransactionLimits(OptionalInt.of(5), OptionalInt.of(20), OptionalInt.empty()));
  }
}
