package dev.missive.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.message.address.EnvelopeSyntax;
import dev.missive.message.address.ForwardPath;
import dev.missive.message.address.PathResult;
import dev.missive.message.address.ReversePath;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.MailParameters;
import dev.missive.smtp.Recipient;
import dev.missive.wire.TlsPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The typed envelope the client sends (RFC 5321 §4.1.2), as a relay hands on what it received. */
class EnvelopeTest {

  private static ReversePath sender(String wire) {
    return ((PathResult.Parsed<ReversePath>) EnvelopeSyntax.SMTPUTF8.parseReversePath(wire)).path();
  }

  private static ForwardPath recipient(String wire) {
    return ((PathResult.Parsed<ForwardPath>) EnvelopeSyntax.SMTPUTF8.parseForwardPath(wire)).path();
  }

  @Test
  void pathsGoOnTheWireExactlyAsTheyWereParsed() {
    Envelope e = Envelope.of(sender("<\"john doe\"@example.org>"),
        List.of(recipient("<b@example.org>"), ForwardPath.POSTMASTER));
    assertThat(e.reversePath().toWireForm()).isEqualTo("<\"john doe\"@example.org>");
    assertThat(e.recipients()).extracting(Wire::mailbox).containsExactly("b@example.org", "Postmaster");
    assertThat(e.requiresUtf8()).isFalse();

    Wire w = new Wire(SmtpClientConfig.builder().ehloName("client.example").tlsPolicy(TlsPolicy.NONE)
        .pipelining(false).build());
    w.greet();
    w.output();
    w.client.send(e);
    assertThat(w.output()).isEqualTo("MAIL FROM:<\"john doe\"@example.org>\r\n");
    w.server("250 OK\r\n");
    assertThat(w.output()).isEqualTo("RCPT TO:<b@example.org>\r\n");
    w.server("250 OK\r\n");
    assertThat(w.output()).isEqualTo("RCPT TO:<Postmaster>\r\n");
  }

  @Test
  void stringsAreParsedStrictlyAndPostmasterIsTheDomainLessPath() {
    Envelope e = Envelope.of("", "postmaster", "jos\u00e9@exampl\u00e9.org");
    assertThat(e.reversePath()).isEqualTo(ReversePath.NULL);
    assertThat(e.recipients().get(0).forwardPath()).isEqualTo(ForwardPath.POSTMASTER);
    assertThat(e.recipients().get(1).forwardPath().toWireForm()).isEqualTo("<jos\u00e9@exampl\u00e9.org>");
    assertThat(e.requiresUtf8()).isTrue();
    assertThat(e.parameters()).isEqualTo(MailParameters.NONE);
  }

  @Test
  void nullReversePathAndUtf8Mailboxes() {
    Envelope e = Envelope.of(ReversePath.NULL, List.of(recipient("<jos\u00e9@exampl\u00e9.org>")));
    assertThat(e.reversePath().isNull()).isTrue();
    assertThat(Wire.mailbox(e.recipients().get(0))).isEqualTo("jos\u00e9@exampl\u00e9.org");
    assertThat(e.requiresUtf8()).isTrue();
  }

  @Test
  void withRecipientAppendsInOrderAndKeepsDuplicates() {
    Envelope e = new Envelope(ReversePath.NULL, MailParameters.NONE, List.of())
        .withRecipient(Recipient.of("a@example.org")).withRecipient(Recipient.of("a@example.org"));
    assertThat(e.recipients()).extracting(Wire::mailbox).containsExactly("a@example.org", "a@example.org");
  }

  @Test
  void noRecipientsIsHostMisuseWhenSending() {
    assertThatThrownBy(() -> Envelope.of("a@example.org")).isInstanceOf(IllegalArgumentException.class);
    Envelope empty = Envelope.of(ReversePath.NULL, List.of());
    Wire w = new Wire(SmtpClientConfig.builder().ehloName("client.example").tlsPolicy(TlsPolicy.NONE).build());
    assertThatThrownBy(() -> w.client.send(empty)).isInstanceOf(IllegalArgumentException.class);
  }
}
