package dev.missive.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.message.address.AddrSpec;
import dev.missive.message.address.ReversePath;
import dev.missive.smtp.BodyType;
import dev.missive.smtp.DsnNotify;
import dev.missive.smtp.DsnReturn;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.MailParameters;
import dev.missive.smtp.OriginalRecipient;
import dev.missive.smtp.RcptParameters;
import dev.missive.smtp.Recipient;
import dev.missive.smtp.client.SmtpClientEvent.DataReady;
import dev.missive.smtp.client.SmtpClientEvent.Outcome;
import dev.missive.smtp.client.SmtpClientEvent.TransactionResult;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.TlsPolicy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ESMTP parameters and CHUNKING from the client's side: SIZE (RFC 1870), 8BITMIME (RFC 6152), SMTPUTF8 (RFC 6531),
 * DSN (RFC 3461), AUTH= (RFC 4954 §5), REQUIRETLS (RFC 8689), BDAT and BINARYMIME (RFC 3030).
 */
class ClientExtensionsTest {

  private static Wire ready(boolean pipelining, String... extensions) {
    Wire w = new Wire(SmtpClientConfig.builder().ehloName("client.example").tlsPolicy(TlsPolicy.NONE)
        .pipelining(pipelining).build());
    w.greet(extensions);
    w.output();
    w.events();
    return w;
  }

  private static Envelope envelope(MailParameters parameters) {
    return Envelope.of("a@example.org", "b@example.org").withParameters(parameters);
  }

  private static ByteBuffer ascii(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  // ---- refusals before anything is written ---------------------------------------------------------------------

  @Test
  void sizeOverTheAnnouncedMaximumIsNotSent() {
    Wire w = ready(true, "PIPELINING", "SIZE 1000");
    w.client.send(envelope(MailParameters.NONE.withSize(1001)));
    assertThat(w.outputBytes()).isEmpty();
    assertThat(w.events(TransactionResult.class)).singleElement().satisfies(t -> {
      assertThat(t.outcome()).isEqualTo(Outcome.NOT_SENT);
      assertThat(t.reason()).contains("SIZE 1000");
    });
    assertThat(w.client.state()).isEqualTo(SmtpClientState.READY);
  }

  @Test
  void eightBitBodyWithout8BitMimeIsNotSent() {
    Wire w = ready(true, "PIPELINING");
    w.client.send(envelope(MailParameters.NONE.withBody(BodyType.EIGHT_BIT_MIME)));
    assertThat(w.outputBytes()).isEmpty();
    assertThat(w.events(TransactionResult.class).get(0).outcome()).isEqualTo(Outcome.NOT_SENT);
  }

  @Test
  void utf8AddressWithoutSmtpUtf8IsNotSent() {
    Wire w = ready(true, "PIPELINING", "8BITMIME");
    w.client.send(Envelope.of("a@example.org", "用户@例子.广告"));
    assertThat(w.outputBytes()).isEmpty();
    assertThat(w.events(TransactionResult.class).get(0).reason()).contains("SMTPUTF8");
  }

  @Test
  void requireTlsWithoutTlsIsNotSent() {
    Wire w = ready(true, "PIPELINING", "REQUIRETLS");
    w.client.send(envelope(MailParameters.NONE.withRequireTls(true)));
    assertThat(w.outputBytes()).isEmpty();
    assertThat(w.events(TransactionResult.class).get(0).reason()).contains("REQUIRETLS");
  }

  @Test
  void binaryMimeWithoutChunkingIsNotSent() {
    Wire w = ready(true, "PIPELINING", "BINARYMIME", "8BITMIME");
    w.client.send(envelope(MailParameters.NONE.withBody(BodyType.BINARY_MIME)));
    assertThat(w.outputBytes()).isEmpty();
    assertThat(w.events(TransactionResult.class).get(0).outcome()).isEqualTo(Outcome.NOT_SENT);
  }

  @Test
  void eightBitContentInASevenBitBodyIsHostMisuse() {
    Wire w = ready(false);
    w.openData(envelope(MailParameters.NONE));
    ByteBuffer content = ascii("caf\u00e9\r\n");
    assertThatThrownBy(() -> w.client.writeContent(content)).isInstanceOf(IllegalArgumentException.class);
    assertThat(content.position()).isZero();
    assertThat(w.outputBytes()).isEmpty();
  }

  // ---- parameters sent when offered, left out when advisory ----------------------------------------------------

  @Test
  void everyParameterGoesOutWhenOffered() {
    Wire w = new Wire(SmtpClientConfig.builder().ehloName("client.example").tlsPolicy(TlsPolicy.NONE).build(),
        dev.missive.wire.ConnectionSecurity.IMPLICIT_TLS);
    w.greet("PIPELINING", "SIZE 100000", "8BITMIME", "DSN", "AUTH PLAIN", "REQUIRETLS", "SMTPUTF8");
    w.output();
    MailParameters mail = MailParameters.NONE.withSize(1234).withBody(BodyType.EIGHT_BIT_MIME).withRet(DsnReturn.HDRS)
        .withEnvelopeId("QQ314159").withAuth("e+x@example.org").withRequireTls(true);
    RcptParameters rcpt = RcptParameters.NONE.withNotify(EnumSet.of(DsnNotify.SUCCESS, DsnNotify.FAILURE))
        .withOriginalRecipient(new OriginalRecipient("rfc822", "b@example.org"));
    w.client.send(new Envelope(ReversePath.of(AddrSpec.parse("a@example.org")), mail,
        List.of(Recipient.of("b@example.org").withParameters(rcpt))));
    assertThat(w.output()).isEqualTo("MAIL FROM:<a@example.org> SIZE=1234 BODY=8BITMIME RET=HDRS ENVID=QQ314159 "
        + "AUTH=e+2Bx@example.org REQUIRETLS\r\n"
        + "RCPT TO:<b@example.org> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;b@example.org\r\n"
        + "DATA\r\n");
  }

  @Test
  void advisoryParametersAreLeftOutWhenNotOffered() {
    Wire w = ready(true, "PIPELINING");
    MailParameters mail = MailParameters.NONE.withSize(1234).withRet(DsnReturn.FULL).withEnvelopeId("X")
        .withAuth("<>").withBody(BodyType.SEVEN_BIT);
    RcptParameters rcpt = RcptParameters.NONE.withNotify(EnumSet.of(DsnNotify.NEVER));
    w.client.send(new Envelope(ReversePath.NULL, mail, List.of(Recipient.of("b@example.org").withParameters(rcpt))));
    assertThat(w.output()).isEqualTo("MAIL FROM:<>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n");
  }

  // ---- BDAT (RFC 3030) -----------------------------------------------------------------------------------------

  @Test
  void bdatWithoutPipeliningWaitsForEachChunkReply() {
    Wire w = ready(false, "CHUNKING", "8BITMIME");
    w.client.send(envelope(MailParameters.NONE));
    w.server("250 OK\r\n").server("250 OK\r\n");
    assertThat(w.output()).isEqualTo("MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\n");
    assertThat(w.events(DataReady.class)).containsExactly(new DataReady(true));
    w.client.writeContent(ascii("line one\nline two\r"));
    assertThat(w.client.canWriteContent()).isFalse();
    ByteBuffer second = ascii("\nend\r\n");
    assertThatThrownBy(() -> w.client.writeContent(second)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("canWriteContent");
    assertThat(second.position()).isZero(); // refused whole: nothing taken, nothing lost
    assertThat(w.output()).isEqualTo("BDAT 19\r\nline one\r\nline two\r");
    w.server("250 2.0.0 19 octets received\r\n");
    assertThat(w.client.canWriteContent()).isTrue();
    w.client.writeContent(second);
    w.client.endContent();
    assertThat(w.output()).isEqualTo("BDAT 6\r\n\nend\r\n");
    w.server("250 2.0.0 6 octets received\r\n");
    assertThat(w.output()).isEqualTo("BDAT 0 LAST\r\n");
    w.server("250 2.0.0 Message accepted\r\n");
    assertThat(w.events(TransactionResult.class)).singleElement()
        .satisfies(t -> assertThat(t.outcome()).isEqualTo(Outcome.ACCEPTED));
  }

  /**
   * Issue 13: a reply that lets the next chunk go ends the read, so the host writes it before the next reply is
   * read. Before, two replies in one read answered the first chunk and then counted as a reply nobody asked for,
   * while the same replies in two reads answered both chunks (SmtpClientFuzzTest's
   * {@code finding-chunk-reply-in-the-same-read}).
   */
  @Test
  void aChunkReplyEndsTheReadSoTheHostWritesTheNextChunkFirst() {
    Wire w = ready(false, "CHUNKING");
    w.client.send(envelope(MailParameters.NONE));
    w.server("250 OK\r\n").server("250 OK\r\n");
    w.output();
    w.client.writeContent(ascii("first\r\n"));
    assertThat(w.output()).isEqualTo("BDAT 7\r\nfirst\r\n");
    ByteBuffer replies = ascii("250 2.0.0 7 octets\r\n250 2.0.0 8 octets\r\n");
    w.client.receive(replies);
    assertThat(w.client.isClosed()).isFalse();
    assertThat(w.client.canWriteContent()).isTrue();
    assertThat(replies.remaining()).as("the second reply waits for the second chunk").isEqualTo(20);
    w.client.writeContent(ascii("second\r\n"));
    w.client.endContent();
    assertThat(w.output()).isEqualTo("BDAT 8\r\nsecond\r\n");
    w.client.receive(replies);
    assertThat(w.output()).isEqualTo("BDAT 0 LAST\r\n");
    w.server("250 2.0.0 Message accepted\r\n");
    assertThat(w.events(TransactionResult.class)).singleElement()
        .satisfies(t -> assertThat(t.outcome()).isEqualTo(Outcome.ACCEPTED));
  }

  @Test
  void binaryMimeGoesRawWithPipelinedBdat() {
    Wire w = ready(true, "PIPELINING", "CHUNKING", "BINARYMIME", "8BITMIME");
    w.client.send(envelope(MailParameters.NONE.withBody(BodyType.BINARY_MIME)));
    assertThat(w.output()).isEqualTo("MAIL FROM:<a@example.org> BODY=BINARYMIME\r\nRCPT TO:<b@example.org>\r\n");
    w.server("250 OK\r\n250 OK\r\n");
    byte[] binary = {0, '\n', '.', '\r', (byte) 0xFF};
    w.client.writeContent(ByteBuffer.wrap(binary));
    w.client.endContent();
    byte[] out = w.outputBytes();
    assertThat(new String(out, StandardCharsets.ISO_8859_1))
        .isEqualTo("BDAT 5\r\n\0\n.\r\u00ffBDAT 0 LAST\r\n");
    w.server("250 OK\r\n250 OK\r\n");
    assertThat(w.events(TransactionResult.class).get(0).outcome()).isEqualTo(Outcome.ACCEPTED);
  }

  @Test
  void refusedChunkStopsTheMessageWithoutLast() {
    Wire w = ready(false, "CHUNKING");
    w.client.send(envelope(MailParameters.NONE));
    w.server("250 OK\r\n").server("250 OK\r\n");
    w.output();
    w.client.writeContent(ascii("first\r\n"));
    w.server("552 5.3.4 Message too big\r\n");
    TransactionResult t = w.events(TransactionResult.class).get(0); // at once: the host need not end the content
    assertThat(w.client.canWriteContent()).isFalse();
    ByteBuffer rest = ascii("second\r\n");
    assertThatThrownBy(() -> w.client.writeContent(rest)).isInstanceOf(IllegalStateException.class);
    assertThat(rest.position()).isZero();
    assertThatThrownBy(w.client::endContent).isInstanceOf(IllegalStateException.class);
    assertThat(w.output()).isEqualTo("BDAT 7\r\nfirst\r\n");
    assertThat(t.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(t.reply().orElseThrow().status().orElseThrow()).hasToString("5.3.4");
    w.client.send(envelope(MailParameters.NONE));
    assertThat(w.output()).startsWith("RSET\r\n");
  }

  // ---- pipelined failures --------------------------------------------------------------------------------------

  @Test
  void pipelinedRefusedSenderConsumesEveryReply() {
    Wire w = ready(true, "PIPELINING");
    w.client.send(Envelope.of("a@example.org", "b@example.org", "c@example.org"));
    assertThat(w.output()).isEqualTo(
        "MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nRCPT TO:<c@example.org>\r\nDATA\r\n");
    w.server("550 5.7.1 Sender refused\r\n503 5.5.1 No sender\r\n503 5.5.1 No sender\r\n503 5.5.1 No sender\r\n");
    TransactionResult t = w.events(TransactionResult.class).get(0);
    assertThat(t.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(t.reply().orElseThrow().code()).isEqualTo(550);
    assertThat(w.client.state()).isEqualTo(SmtpClientState.READY);
    assertThat(w.output()).isEmpty();
  }

  @Test
  void dataAcceptedWithoutRecipientsSendsOnlyTheDot() {
    Wire w = ready(true, "PIPELINING");
    w.client.send(Envelope.of("a@example.org", "b@example.org"));
    w.output();
    w.server("250 OK\r\n550 5.1.1 No such user\r\n354 Go ahead\r\n");
    assertThat(w.output()).isEqualTo(".\r\n");
    w.server("554 5.5.1 No valid recipients\r\n");
    TransactionResult t = w.events(TransactionResult.class).get(0);
    assertThat(t.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(t.reason()).contains("no recipient");
  }

  @Test
  void serverShutdown421EndsEverythingAtOnce() {
    Wire w = ready(true, "PIPELINING");
    w.client.send(Envelope.of("a@example.org", "b@example.org"));
    w.output();
    w.server("421 4.3.2 System shutting down\r\n");
    List<SmtpClientEvent> events = w.events();
    assertThat(events).filteredOn(TransactionResult.class::isInstance).singleElement()
        .satisfies(e -> assertThat(((TransactionResult) e).reply().orElseThrow().code()).isEqualTo(421));
    assertThat(events.get(events.size() - 1)).isInstanceOf(SmtpClientEvent.Closed.class);
    assertThat(w.client.isClosed()).isTrue();
    assertThat(w.output()).isEmpty();
  }

  /**
   * The engine takes no input while an event is queued (the discipline of {@code ProtocolEngine}), yet an idle
   * session still notices a 421 the server sends on its own (RFC 5321 §3.8): once the host has taken the
   * {@code Ready} event, the same bytes end the session.
   */
  @Test
  void unsolicited421WhileIdleIsNoticedOnceTheQueuedEventsAreTaken() {
    Wire w = new Wire(SmtpClientConfig.builder().ehloName("client.example").tlsPolicy(TlsPolicy.NONE).build());
    w.client.receive(ByteBuffer.wrap("220 mx.example ESMTP\r\n".getBytes(StandardCharsets.US_ASCII)));
    w.events();
    w.output();
    w.client.receive(ByteBuffer.wrap("250 mx.example\r\n".getBytes(StandardCharsets.US_ASCII)));
    assertThat(w.client.status()).isEqualTo(ProtocolEngine.Status.HAS_EVENTS); // Ready is queued
    ByteBuffer closing = ByteBuffer.wrap("421 4.3.2 Shutting down\r\n".getBytes(StandardCharsets.US_ASCII));
    w.client.receive(closing);
    assertThat(closing.remaining()).isEqualTo(closing.limit());               // nothing taken meanwhile
    assertThat(w.events()).last().isInstanceOf(SmtpClientEvent.Ready.class);
    w.client.receive(closing);
    assertThat(closing.hasRemaining()).isFalse();
    assertThat(w.events(SmtpClientEvent.Failed.class)).singleElement()
        .satisfies(f -> assertThat(f.reply()).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(421)));
    assertThat(w.client.isClosed()).isTrue();
  }
}
