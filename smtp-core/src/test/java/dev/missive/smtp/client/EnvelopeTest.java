package dev.missive.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.message.address.EnvelopeSyntax;
import dev.missive.message.address.ForwardPath;
import dev.missive.message.address.PathResult;
import dev.missive.message.address.ReversePath;
import dev.missive.wire.TlsPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client's envelope built from message-format's paths (RFC 5321 §4.1.2), as a relay hands on what it received. */
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
    assertThat(e.reversePath()).isEqualTo("\"john doe\"@example.org");
    assertThat(e.recipients()).extracting(Recipient::forwardPath).containsExactly("b@example.org", "Postmaster");
    assertThat(e.needsSmtpUtf8()).isFalse();

    Wire w = new Wire(SmtpClientConfig.defaults("client.example").withTlsPolicy(TlsPolicy.NONE)
        .withPipelining(false));
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
  void nullReversePathAndUtf8Mailboxes() {
    Envelope e = Envelope.of(ReversePath.NULL, List.of(recipient("<jos\u00e9@exampl\u00e9.org>")));
    assertThat(e.reversePath()).isEmpty();
    assertThat(e.recipients().get(0).forwardPath()).isEqualTo("jos\u00e9@exampl\u00e9.org");
    assertThat(e.needsSmtpUtf8()).isTrue();
  }

  @Test
  void noRecipientsIsHostMisuse() {
    assertThatThrownBy(() -> Envelope.of(ReversePath.NULL, List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
