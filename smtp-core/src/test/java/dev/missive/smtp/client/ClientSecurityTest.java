package dev.missive.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.message.address.AddrSpec;
import dev.missive.message.address.ForwardPath;
import dev.missive.message.address.ReversePath;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.MailParameters;
import dev.missive.smtp.OriginalRecipient;
import dev.missive.smtp.Recipient;
import dev.missive.smtp.client.SmtpClientEvent.Closed;
import dev.missive.smtp.client.SmtpClientEvent.Failed;
import dev.missive.smtp.client.SmtpClientEvent.Outcome;
import dev.missive.smtp.client.SmtpClientEvent.TransactionResult;
import dev.missive.wire.TlsInfo;
import dev.missive.wire.TlsPolicy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/security.md items 11, 12, 19, 20 and 21, client side: "Replies injected before the client's handshake",
 * "A client that requires TLS", "Hostile server replies", "Line breaks hidden in addresses", "Outbound smuggling".
 */
class ClientSecurityTest {

  private static SmtpClientConfig config(TlsPolicy policy) {
    return SmtpClientConfig.builder().ehloName("client.example").tlsPolicy(policy).build();
  }

  // ---- item 11: nothing after the 220 to STARTTLS; capabilities forgotten ----------------------------------

  @Test
  void item11BytesAfterStartTls220InTheSameSegmentAbort() {
    Wire w = new Wire(config(TlsPolicy.REQUIRED));
    w.greet("STARTTLS", "AUTH PLAIN");
    assertThat(w.output()).isEqualTo("STARTTLS\r\n");
    w.server("220 Ready\r\n250 injected\r\n");
    assertThat(w.client.isClosed()).isTrue();
    assertThat(w.client.pendingStreamChange().isPresent()).isFalse();
    assertThat(w.output()).isEmpty();
    assertThat(w.events()).anySatisfy(e -> assertThat(e).isInstanceOf(Failed.class))
        .last().isInstanceOf(Closed.class);
  }

  @Test
  void item11BytesAfterStartTls220InALaterReceiveAbort() {
    Wire w = new Wire(config(TlsPolicy.REQUIRED));
    w.greet("STARTTLS");
    w.output();
    w.server("220 Ready\r\n");
    assertThat(w.client.pendingStreamChange().isPresent()).isTrue();
    assertThat(w.client.wantsInput()).isFalse();
    w.server("2");
    assertThat(w.client.isClosed()).isTrue();
    assertThat(w.output()).isEmpty();
  }

  @Test
  void item11CapabilitiesForgottenAndEhloSentAgainAfterTheHandshake() {
    Wire w = new Wire(config(TlsPolicy.REQUIRED));
    w.greet("STARTTLS", "AUTH PLAIN", "SIZE 100");
    w.output();
    w.server("220 2.0.0 Ready to start TLS\r\n");
    w.client.streamChanged(TlsInfo.unknown());
    assertThat(w.client.capabilities()).isEmpty();
    assertThat(w.output()).isEqualTo("EHLO client.example\r\n");
    w.server("250-mx.example\r\n250 8BITMIME\r\n");
    assertThat(w.client.capabilities()).hasValueSatisfying(c -> {
      assertThat(c.has("AUTH")).isFalse();
      assertThat(c.maxSize()).isEmpty();
      assertThat(c.has("8BITMIME")).isTrue();
    });
    assertThat(w.client.state()).isEqualTo(SmtpClientState.READY);
  }

  @Test
  void streamChangedWithoutARequestIsHostMisuse() {
    Wire w = new Wire(config(TlsPolicy.REQUIRED));
    assertThatThrownBy(() -> w.client.streamChanged(TlsInfo.unknown()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("GREETING");
  }

  // ---- item 12: TLS required, STARTTLS missing or refused → QUIT --------------------------------------------

  @Test
  void item12TlsRequiredAndStartTlsMissingQuits() {
    Wire w = new Wire(config(TlsPolicy.REQUIRED)
        .toBuilder().authentication(() -> dev.missive.sasl.SaslClientMechanisms.plain(null, "u", "p")).build());
    w.client.send(Envelope.of("a@example.org", "b@example.org"));
    w.greet("AUTH PLAIN", "8BITMIME");
    assertThat(w.output()).isEqualTo("QUIT\r\n");
    assertThat(w.events(TransactionResult.class)).singleElement()
        .satisfies(t -> assertThat(t.outcome()).isEqualTo(Outcome.NOT_SENT));
    w.server("221 Bye\r\n");
    assertThat(w.client.isClosed()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"454 4.7.0 TLS not available due to temporary reason", "502 5.5.1 Not implemented"})
  void item12TlsRequiredAndStartTlsRefusedQuits(String refusal) {
    Wire w = new Wire(config(TlsPolicy.REQUIRED));
    w.client.send(Envelope.of("a@example.org", "b@example.org"));
    w.greet("STARTTLS", "AUTH PLAIN");
    assertThat(w.output()).isEqualTo("STARTTLS\r\n");
    w.server(refusal + "\r\n");
    assertThat(w.output()).isEqualTo("QUIT\r\n");
    assertThat(w.events(Failed.class)).singleElement()
        .satisfies(f -> assertThat(f.reply()).hasValueSatisfying(r -> assertThat(r.code())
            .isEqualTo(Integer.parseInt(refusal.substring(0, 3)))));
  }

  @Test
  void opportunisticTlsRefusedContinuesInPlaintext() {
    Wire w = new Wire(config(TlsPolicy.OPPORTUNISTIC).toBuilder().pipelining(false).build());
    w.client.send(Envelope.of("a@example.org", "b@example.org"));
    w.greet("STARTTLS");
    w.output();
    w.server("454 4.7.0 TLS not available\r\n");
    assertThat(w.output()).isEqualTo("MAIL FROM:<a@example.org>\r\n");
  }

  // ---- item 19: hostile replies end in a protocol error, in bounded memory ----------------------------------

  @ParameterizedTest
  @ValueSource(strings = {
      "250-first\r\n251 second\r\n",   // mismatched codes
      "2x0 hello\r\n",                 // non-digit code
      "25\r\n",                        // short code
      "250+x\r\n",                     // neither space nor hyphen
      "150 preliminary\r\n",           // no 1yz replies in SMTP (RFC 5321 §4.2.1)
      "260 out of range\r\n",          // second digit over 5
      "220 ok\nfoo\r\n"})              // bare LF
  void item19MalformedGreetingIsAProtocolError(String greeting) {
    Wire w = new Wire(config(TlsPolicy.NONE));
    w.server(greeting);
    assertThat(w.client.isClosed()).isTrue();
    assertThat(w.events(Failed.class)).singleElement()
        .satisfies(f -> assertThat(f.reason()).startsWith("protocol error"));
    assertThat(w.output()).isEmpty();
  }

  @Test
  void item19OverlongReplyLineIsAProtocolError() {
    Wire w = new Wire(config(TlsPolicy.NONE));
    w.server("220 " + "x".repeat(507) + "\r\n"); // 3 + 1 + 507 + 2 = 513 octets
    assertThat(w.client.isClosed()).isTrue();
    Wire ok = new Wire(config(TlsPolicy.NONE));
    ok.server("220 " + "x".repeat(506) + "\r\n"); // exactly 512
    assertThat(ok.client.isClosed()).isFalse();
    assertThat(ok.output()).isEqualTo("EHLO client.example\r\n");
  }

  @Test
  void item19EndlessContinuationLinesStopAtTheLimit() {
    Wire w = new Wire(config(TlsPolicy.NONE));
    w.server("220 mx.example\r\n");
    w.output();
    byte[] line = "250-X-KEYWORD with some parameters\r\n".getBytes(StandardCharsets.US_ASCII);
    int fed = 0;
    while (!w.client.isClosed() && fed < 1_000_000) {
      w.client.receive(ByteBuffer.wrap(line));
      fed++;
    }
    assertThat(fed).isEqualTo(SmtpClientLimits.DEFAULT.maxReplyLines() + 1);
    assertThat(w.events(Failed.class)).singleElement()
        .satisfies(f -> assertThat(f.reason()).contains("lines"));
  }

  @Test
  void item19EndlessLineWithoutEndIsBounded() {
    Wire w = new Wire(config(TlsPolicy.NONE));
    byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
    w.server("220-");
    for (int i = 0; i < 1000; i++) { // 8 MB without a line ending: discarded, never buffered
      w.client.receive(ByteBuffer.wrap(chunk));
    }
    assertThat(w.client.isClosed()).isFalse();
    w.server("\r\n");
    assertThat(w.client.isClosed()).isTrue();
  }

  // ---- item 20: CR, LF, NUL and narrowing ---------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"a\r@example.org", "a\n@example.org", "a\0@example.org", "a@example.org>\r\nRCPT TO:<x",
      "a>@example.org", "<a@example.org>", "a@example.org> NOTIFY=NEVER", "a\uD800@example.org",
      "a\uDC00b@example.org", "a@example.org\uD83D", "\u0085a@example.org"})
  void item20ControlCharactersBracketsAndLoneSurrogatesInPathsAreRefusedAtConstruction(String path) {
    assertThatThrownBy(() -> Envelope.of(path, "b@example.org")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Envelope.of("a@example.org", path)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Recipient.of(path)).isInstanceOf(IllegalArgumentException.class);
  }

  /** A mailbox of exactly {@code octets} UTF-8 octets: a 64-octet local part and a domain of labels. */
  private static String mailboxOf(int octets) {
    String domain = ("d".repeat(60) + ".").repeat(3);
    return "l".repeat(64) + "@" + domain + "x".repeat(octets - 64 - 1 - domain.length() - 4) + ".org";
  }

  @Test
  void item20PathsOver254OctetsAreRefusedAtConstruction() {
    assertThat(mailboxOf(254)).hasSize(254);
    assertThat(Envelope.of(mailboxOf(254), mailboxOf(254)).recipients()).hasSize(1);
    assertThatThrownBy(() -> Envelope.of(mailboxOf(255), "b@example.org"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Recipient.of(mailboxOf(255))).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {255, 300})
  void item20TypedPathsOverTheLimitsAreNotSentAndNothingIsWritten(int octets) {
    String mailbox = mailboxOf(octets);
    AddrSpec tooLong = AddrSpec.of(mailbox.substring(0, 64), mailbox.substring(65)); // bypasses AddrSpec.parse
    AddrSpec longLocalPart = AddrSpec.of("l".repeat(65), "example.org");
    for (Envelope e : List.of(
        new Envelope(ReversePath.of(tooLong), MailParameters.NONE, List.of(Recipient.of("b@example.org"))),
        new Envelope(ReversePath.NULL, MailParameters.NONE, List.of(Recipient.of(ForwardPath.of(tooLong)))),
        new Envelope(ReversePath.NULL, MailParameters.NONE, List.of(Recipient.of(ForwardPath.of(longLocalPart)))))) {
      Wire w = new Wire(config(TlsPolicy.NONE));
      w.greet("PIPELINING", "8BITMIME", "SMTPUTF8");
      w.output();
      w.client.send(e);
      assertThat(w.outputBytes()).isEmpty();
      assertThat(w.events(TransactionResult.class)).singleElement().satisfies(t -> {
        assertThat(t.outcome()).isEqualTo(Outcome.NOT_SENT);
        assertThat(t.reason()).contains("cannot be sent");
      });
    }
  }

  @Test
  void item20ALocalPartWithBracketsIsQuotedOnTheWireNeverBreakingThePath() {
    Wire w = new Wire(config(TlsPolicy.NONE).toBuilder().pipelining(false).build());
    w.greet();
    w.output();
    w.client.send(new Envelope(ReversePath.of(AddrSpec.of("a>b<c", "example.org")), MailParameters.NONE,
        List.of(Recipient.of("b@example.org"))));
    assertThat(w.output()).isEqualTo("MAIL FROM:<\"a>b<c\"@example.org>\r\n");
  }

  @Test
  void item20ControlCharactersInParametersAreRefusedAtConstruction() {
    assertThatThrownBy(() -> MailParameters.NONE.withEnvelopeId("id\r\nRCPT TO:<x>"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MailParameters.NONE.withAuth("a\u010A@example.org"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OriginalRecipient("rfc822", "b@example.org\u760D"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"evil\u010A@example.org", "evil\u760D@example.org"})
  void item20NarrowingCharactersWithoutSmtpUtf8AreRefusedBeforeAnythingIsWritten(String path) {
    Wire w = new Wire(config(TlsPolicy.NONE));
    w.greet("PIPELINING", "8BITMIME");
    w.output();
    w.client.send(Envelope.of("a@example.org", path));
    assertThat(w.outputBytes()).isEmpty();
    assertThat(w.events(TransactionResult.class)).singleElement()
        .satisfies(t -> assertThat(t.outcome()).isEqualTo(Outcome.NOT_SENT));
  }

  @Test
  void item20WithSmtpUtf8TheCharacterIsEncodedNeverNarrowed() {
    Wire w = new Wire(config(TlsPolicy.NONE).toBuilder().pipelining(false).build());
    w.greet("8BITMIME", "SMTPUTF8");
    w.output();
    w.client.send(Envelope.of("a@example.org", "\u010Aevil@example.org"));
    w.server("250 OK\r\n");
    byte[] rcpt = w.outputBytes();
    assertThat(new String(rcpt, StandardCharsets.UTF_8))
        .isEqualTo("MAIL FROM:<a@example.org> SMTPUTF8\r\nRCPT TO:<\u010Aevil@example.org>\r\n");
    assertThat(rcpt).containsSubsequence((byte) 0xC4, (byte) 0x8A);
    int lineFeeds = 0;
    for (byte b : rcpt) {
      lineFeeds += b == '\n' ? 1 : 0;
    }
    assertThat(lineFeeds).isEqualTo(2);
  }

  // ---- item 21: outbound smuggling ------------------------------------------------------------------------------

  @Test
  void item21BareLineEndingsAreCanonicalisedAndDotsStuffed() {
    Wire w = new Wire(config(TlsPolicy.NONE).toBuilder().pipelining(false).build());
    w.greet();
    assertThat(w.openData(Envelope.of("a@example.org", "b@example.org")))
        .isEqualTo("MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n");
    String[] pieces = {"x\n.\nMAIL FROM:<e@x>\n", "y\r.\r", "\nz\r\n.", "\r\n"};
    for (String p : pieces) {
      w.client.writeContent(ByteBuffer.wrap(p.getBytes(StandardCharsets.US_ASCII)));
    }
    w.client.endContent();
    assertThat(w.output()).isEqualTo(
        "x\r\n..\r\nMAIL FROM:<e@x>\r\ny\r\n..\r\nz\r\n..\r\n.\r\n"); // "\r" then "\n" across calls is one CRLF
  }

  @Test
  void item21ContentWithoutFinalLineEndingIsCompleted() {
    Wire w = new Wire(config(TlsPolicy.NONE).toBuilder().pipelining(false).build());
    w.greet();
    w.openData(Envelope.of("a@example.org", "b@example.org"));
    w.client.writeContent(ByteBuffer.wrap("last line\r".getBytes(StandardCharsets.US_ASCII)));
    w.client.endContent();
    assertThat(w.output()).isEqualTo("last line\r\n.\r\n");
  }
}
