package dev.missive.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.smtp.Envelope;
import dev.missive.smtp.client.SmtpClientEvent.Outcome;
import dev.missive.smtp.client.SmtpClientEvent.TransactionResult;
import dev.missive.testkit.ChunkingCheck;
import dev.missive.testkit.Feeding;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.Side;
import dev.missive.testkit.ManualTime;
import dev.missive.testkit.Transcript;
import dev.missive.testkit.TranscriptRunner;
import dev.missive.wire.TlsPolicy;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The client engine plays RFC 5321 Appendix D and the project's source sessions from the client's side, each turn
 * fed whole, byte by byte and in random splits (docs/architecture.md, "Chunking independence").
 */
class ClientTranscriptTest {

  /** A client transcript under {@code transcripts/smtp/client/}. */
  static Transcript transcript(String name) {
    return Transcript.resource(ClientTranscriptTest.class::getResourceAsStream, "smtp/client/" + name);
  }

  static SmtpClientConfig plain(String ehloName) {
    return SmtpClientConfig.builder().ehloName(ehloName).tlsPolicy(TlsPolicy.NONE).build();
  }

  /** Plays {@code name} whole and checks chunking independence; returns the host of the whole run. */
  static SendingHost play(String name, SmtpClientConfig config, Supplier<SendingHost> hosts) {
    Transcript t = transcript(name);
    SendingHost host = hosts.get();
    TranscriptRunner.playClient(t, HostedEngine.of(new SmtpClient(config, new ManualTime().fixedEnvironment()), host));
    ChunkingCheck.of(t, Side.CLIENT,
        () -> HostedEngine.of(new SmtpClient(config, new ManualTime().fixedEnvironment()), hosts.get()))
        .assertIndependent(10);
    return host;
  }

  @Test
  void rfc5321AppendixD1() {
    SendingHost host = play("rfc5321-d1.txt", plain("bar.com"), () -> new SendingHost().message(
        Envelope.of("Smith@bar.com", "Jones@foo.com", "Green@foo.com", "Brown@foo.com"),
        "Blah blah blah...\r\n...etc. etc. etc.\r\n"));
    TransactionResult result = host.events(TransactionResult.class).get(0);
    assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(result.recipients()).extracting(r -> r.reply().code()).containsExactly(250, 550, 250);
    assertThat(result.deliveredTo()).extracting(Wire::mailbox).containsExactly("Jones@foo.com",
        "Brown@foo.com");
    assertThat(host.events(SmtpClientEvent.CapabilitiesKnown.class).get(0).capabilities().keywords())
        .containsOnlyKeys("8BITMIME", "SIZE", "DSN", "HELP");
  }

  @Test
  void sourceSessionOneRecipientRefused() {
    SendingHost host = play("ccm-two-recipients.txt", plain("client.example"), () -> new SendingHost()
        .message(Envelope.of("webmaster@commentcamarche.net", "meandus@meandus.net", "tittom@tittom.fr"),
            "Subject: Hello\n\nHello Meandus,\nHow are you?\n"));
    TransactionResult result = host.events(TransactionResult.class).get(0);
    assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(result.recipients().get(1).reply().lines()).containsExactly("No such user here");
    assertThat(result.deliveredTo()).extracting(Wire::mailbox).containsExactly("meandus@meandus.net");
  }

  @Test
  void rfc2034UsageExampleGivesEachRecipientItsEnhancedCode() {
    SendingHost host = play("rfc2034-example.txt", plain("ymir.claremont.edu"), () -> new SendingHost()
        .message(Envelope.of("ned@ymir.claremont.edu", "mrose@dbc.mtview.ca.us", "nosuchuser@dbc.mtview.ca.us",
            "remoteuser@isi.edu"), "Subject: enhanced status codes\r\n"));
    TransactionResult result = host.events(TransactionResult.class).get(0);
    assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(result.recipients()).extracting(r -> r.reply().code() + " " + r.reply().status().orElseThrow())
        .containsExactly("250 2.1.5", "550 5.1.1", "551 5.7.1");
    assertThat(result.recipients().get(2).reply().lines()).containsExactly("Forwarding to remote hosts disabled",
        "Select another host to act as your forwarder");
    assertThat(result.reply()).hasValueSatisfying(r -> assertThat(r.status().orElseThrow()).hasToString("2.6.0"));
    assertThat(result.deliveredTo()).extracting(Wire::mailbox).containsExactly("mrose@dbc.mtview.ca.us");
  }

  @Test
  void sourceSessionDotsAreStuffed() {
    play("dot-stuffing.txt", plain("client.example"), () -> new SendingHost().message(
        Envelope.of("a@example.org", "b@example.org"), "this message is a test of SMTP\r\n.\r\n.foo\r\n.\r\n"));
  }

  @Test
  void pipelinedGroupsEndAtData() {
    SendingHost host = play("pipelining.txt", plain("client.example"), () -> new SendingHost()
        .message(Envelope.of("a@example.org", "b@example.org", "c@example.org"), "one\r\n")
        .message(Envelope.of("a@example.org", "d@example.org"), "two"));
    assertThat(host.events(TransactionResult.class)).extracting(TransactionResult::outcome)
        .containsExactly(Outcome.ACCEPTED, Outcome.ACCEPTED);
    assertThat(host.events(TransactionResult.class).get(0).recipients().get(1).reply().status())
        .hasValueSatisfying(s -> assertThat(s).hasToString("5.1.1"));
  }

  @Test
  void heloFallbackOn500() {
    SendingHost host = play("helo-fallback.txt", plain("client.example"),
        () -> new SendingHost().message(Envelope.of("a@example.org", "b@example.org"), "hi\n"));
    assertThat(host.events(SmtpClientEvent.CapabilitiesKnown.class).get(0).capabilities().keywords()).isEmpty();
  }

  @Test
  void startTlsThenEhloAgain() {
    SendingHost host = play("starttls.txt", SmtpClientConfig.builder().ehloName("client.example")
            .tlsPolicy(TlsPolicy.REQUIRED).build(),
        () -> new SendingHost().message(Envelope.of("a@example.org", "b@example.org"), "secret\r\n"));
    assertThat(host.events(SmtpClientEvent.CapabilitiesKnown.class)).extracting(
        SmtpClientEvent.CapabilitiesKnown::tls).containsExactly(false, true);
    assertThat(host.events(SmtpClientEvent.CapabilitiesKnown.class).get(1).capabilities().has("STARTTLS"))
        .isFalse();
  }

  private static final String BOARD_MEETING = "Date: Thu, 21 May 1998 05:33:29 -0700\r\n"
      + "From: John Q. Public <JQP@bar.com>\r\n" + "Subject: The Next Meeting of the Board\r\n"
      + "To: Jones@xyz.com\r\n" + "\r\n" + "Bill:\r\n" + "The next meeting of the board of directors will be\r\n"
      + "on Tuesday.\r\n" + "John.\r\n";

  @Test
  void rfc5321AppendixD2AbortedTransaction() {
    SendingHost host = play("rfc5321-d2.txt", plain("bar.com"), () -> new SendingHost().message(
        Envelope.of("Smith@bar.com", "Jones@foo.com", "Green@foo.com"), RecipientPolicy.ALL,
        "never sent\r\n"));
    TransactionResult result = host.events(TransactionResult.class).get(0);
    assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(result.reply()).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(550));
    assertThat(result.deliveredTo()).isEmpty();
  }

  @Test
  void rfc5321AppendixD3RelayedMail() {
    play("rfc5321-d3-first.txt", plain("bar.com"),
        () -> new SendingHost().message(Envelope.of("JQP@bar.com", "Jones@XYZ.COM"), BOARD_MEETING));
    String relayed = "Received: from bar.com by foo.com ; Thu, 21 May 1998\r\n    05:33:29 -0700\r\n"
        + BOARD_MEETING.replace("Subject: The", "Subject:  The");
    SendingHost host = play("rfc5321-d3-relay.txt", plain("foo.com"),
        () -> new SendingHost().message(Envelope.of("JQP@bar.com", "Jones@XYZ.COM"), relayed));
    assertThat(host.events(SmtpClientEvent.CapabilitiesKnown.class).get(0).capabilities().domain())
        .isEqualTo("xyz.com");
  }

  @Test
  void rfc5321AppendixD4VerifyingAndSending() {
    SendingHost host = play("rfc5321-d4.txt", plain("bar.com"), () -> new SendingHost()
        .verifyFirst("Crispin")
        .message(Envelope.of("EAK@bar.com", "Admin.MRC@foo.com"), "Blah blah blah...\r\n...etc. etc. etc.\r\n"));
    assertThat(host.events(SmtpClientEvent.Verified.class)).singleElement().satisfies(v -> {
      assertThat(v.argument()).isEqualTo("Crispin");
      assertThat(v.reply().lines()).containsExactly("Mark Crispin <Admin.MRC@foo.com>");
    });
    assertThat(host.events(TransactionResult.class).get(0).outcome()).isEqualTo(Outcome.ACCEPTED);
  }

  @Test
  void rfc2033LmtpExampleGivesOneResultPerRecipient() {
    SendingHost host = play("rfc2033-example.txt", plain("foo.edu").toBuilder().lmtp(true).pipelining(false).build(),
        () -> new SendingHost().message(Envelope.of("chris@bar.com", "pat@foo.edu", "jones@foo.edu",
            "green@foo.edu"), "Blah blah blah...\r\n...etc. etc. etc.\r\n"));
    TransactionResult result = host.events(TransactionResult.class).get(0);
    assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(result.deliveries()).extracting(d -> Wire.mailbox(d.recipient()) + " " + d.reply().code())
        .containsExactly("pat@foo.edu 250", "green@foo.edu 452");
    assertThat(result.deliveredTo()).extracting(Wire::mailbox).containsExactly("pat@foo.edu");
  }

  private static final ChunkingCheck<SmtpClient> PIPELINED = ChunkingCheck.of(transcript("pipelining.txt"),
      Side.CLIENT, () -> HostedEngine.of(new SmtpClient(plain("client.example"), new ManualTime().fixedEnvironment()),
          new SendingHost().message(Envelope.of("a@example.org", "b@example.org", "c@example.org"), "one\r\n")
              .message(Envelope.of("a@example.org", "d@example.org"), "two")));

  @Property(tries = 100)
  void pipelinedSessionIsTheSameForAnySplit(@ForAll long seed) {
    PIPELINED.assertSameAsWhole(Feeding.random(seed));
  }
}
