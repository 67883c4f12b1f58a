package dev.missive.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.smtp.BodyType;
import dev.missive.smtp.DsnNotify;
import dev.missive.smtp.DsnReturn;
import dev.missive.smtp.MailParameters;
import dev.missive.smtp.OriginalRecipient;
import dev.missive.smtp.Recipient;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.TraceProtocol;
import dev.missive.wire.BareLineEndingPolicy;
import dev.missive.wire.TlsInfo;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** BDAT/BINARYMIME (RFC 3030), LMTP (RFC 2033), DSN (RFC 3461), SMTPUTF8, REQUIRETLS, 8BITMIME and deferred decisions. */
class ExtensionsTest {

  private static ServerFixtures.Driver transaction(SmtpServerConfig config, String mail) {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(config);
    d.exchange("EHLO c.example\r\n");
    assertThat(d.exchange(mail + "\r\n")).startsWith("250");
    assertThat(d.exchange("RCPT TO:<b@example.org>\r\n")).startsWith("250");
    return d;
  }

  private static SmtpServerConfig defaults() {
    return SmtpServerConfig.defaults("mx.example.org");
  }

  @Test
  void bdatChunksAreCountedNotDotUnstuffed() {
    ServerFixtures.Driver d = transaction(defaults(), "MAIL FROM:<a@example.org>");
    assertThat(d.exchange("BDAT 9\r\n.\r\nline\r\n")).isEqualTo("250 2.0.0 9 octets received\r\n");
    assertThat(d.exchange("BDAT 7 LAST\r\n..x\r\n\r\n")).isEqualTo("250 2.0.0 OK\r\n");
    assertThat(d.content.toString(StandardCharsets.US_ASCII)).isEqualTo(".\r\nline\r\n..x\r\n\r\n");
    assertThat(d.eventNames()).containsSubsequence("DataStart", "DataEnd");
    assertThat(d.exchange("BDAT 0 LAST\r\n")).startsWith("503 5.5.1"); // after LAST: no transaction
  }

  @Test
  void bdatZeroLastEndsAnEmptyMessageAndDataCannotFollowBdat() {
    ServerFixtures.Driver d = transaction(defaults(), "MAIL FROM:<a@example.org>");
    assertThat(d.exchange("BDAT 3\r\nabc")).startsWith("250");
    assertThat(d.exchange("DATA\r\n")).startsWith("503 5.5.1");
    assertThat(d.exchange("BDAT 0 LAST\r\n")).isEqualTo("250 2.0.0 OK\r\n");
    assertThat(d.content.toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
  }

  @Test
  void binaryMimeNeedsBdatAndSkipsLineRules() {
    ServerFixtures.Driver d = transaction(defaults(), "MAIL FROM:<a@example.org> BODY=BINARYMIME");
    assertThat(d.exchange("DATA\r\n")).startsWith("503 5.5.1");
    String binary = "\u0000\r\r\n\n" + "z".repeat(2000);
    assertThat(d.exchange("BDAT " + binary.length() + " LAST\r\n" + binary)).isEqualTo("250 2.0.0 OK\r\n");
    SmtpServerEvent.DataEnd end = (SmtpServerEvent.DataEnd) d.events.stream()
        .filter(e -> e instanceof SmtpServerEvent.DataEnd).findFirst().orElseThrow();
    assertThat(end.info().chunked()).isTrue();
    assertThat(end.info().size()).isEqualTo(binary.length());
  }

  @Test
  void bdatWithBareLineFeedOutsideBinaryMimeIsRefusedAtLast() {
    ServerFixtures.Driver d = transaction(defaults(), "MAIL FROM:<a@example.org> BODY=8BITMIME");
    assertThat(d.exchange("BDAT 4 LAST\r\na\nb\n")).startsWith("550 5.5.2");
    assertThat(d.eventNames()).contains("DataAborted").doesNotContain("DataEnd");
  }

  @Test
  void rejectedFirstChunkIsReadAndDiscarded() {
    ServerFixtures.Driver d = transaction(defaults(), "MAIL FROM:<a@example.org>");
    d.send("BDAT 12 LAST\r\nRSET\r\nQUIT\r\n");
    SmtpServerEvent e = d.smtp.nextEvent();
    assertThat(e).isInstanceOf(SmtpServerEvent.DataStart.class);
    d.smtp.reject(Reply.of(452, "4.3.1", "Insufficient system storage"));
    d.pump();
    assertThat(d.drain()).isEqualTo("452 4.3.1 Insufficient system storage\r\n");
    assertThat(d.smtp.isClosed()).isFalse(); // "QUIT" was chunk content
    assertThat(d.content.size()).isZero();
  }

  @Test
  void lmtpGivesOneReplyPerAcceptedRecipientInOrder() {
    SmtpServerConfig lmtp = SmtpServerConfig.builder().hostname("lmtp.example.org").lmtp(true).build();
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(lmtp);
    d.exchange("LHLO c.example\r\nMAIL FROM:<a@example.org>\r\n");
    d.exchange("RCPT TO:<x@example.org>\r\nRCPT TO:<y@example.org>\r\nRCPT TO:<x@example.org>\r\n");
    d.exchange("DATA\r\n");
    d.send("hi\r\n.\r\n");
    SmtpServerEvent e;
    while (!((e = d.smtp.nextEvent()) instanceof SmtpServerEvent.DataEnd)) {
      if (e == null) {
        assertThat(d.feed()).as("the engine takes the rest of the message").isTrue();
      }
    }
    assertThat(((SmtpServerEvent.DataEnd) e).info().acceptedRecipients()).isEqualTo(3);
    assertThatThrownBy(() -> d.smtp.complete(List.of(Reply.ok()))).isInstanceOf(IllegalArgumentException.class);
    d.smtp.complete(List.of(Reply.ok(), Reply.of(452, "4.2.2", "Mailbox full"), Reply.ok()));
    assertThat(d.drain()).isEqualTo("250 2.0.0 OK\r\n452 4.2.2 Mailbox full\r\n250 2.0.0 OK\r\n");
    assertThat(d.smtp.receivedField().protocol()).isEqualTo(TraceProtocol.LMTP);
  }

  @Test
  void dsnParametersAreParsedAndHandedToTheHost() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(defaults());
    d.exchange("EHLO c.example\r\n");
    d.exchange("MAIL FROM:<a@example.org> RET=HDRS ENVID=QQ314159+2B1 SIZE=100 BODY=8BITMIME\r\n");
    MailParameters p = d.smtp.envelope().orElseThrow().parameters();
    assertThat(p.ret()).contains(DsnReturn.HDRS);
    assertThat(p.envelopeId()).contains("QQ314159+1");
    assertThat(p.body()).contains(BodyType.EIGHT_BIT_MIME);
    assertThat(p.size()).hasValue(100);
    assertThat(d.exchange("RCPT TO:<b@example.org> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;b+40example.org\r\n"))
        .startsWith("250");
    Recipient r = d.smtp.envelope().orElseThrow().recipients().get(0);
    assertThat(r.parameters().notifications()).isEqualTo(Set.of(DsnNotify.SUCCESS, DsnNotify.FAILURE));
    assertThat(r.parameters().originalRecipient()).contains(new OriginalRecipient("rfc822", "b@example.org"));
    assertThat(d.exchange("RCPT TO:<c@example.org> NOTIFY=NEVER,DELAY\r\n")).startsWith("501 5.5.4");
    assertThat(d.exchange("RCPT TO:<c@example.org> FOO=BAR\r\n")).startsWith("555 5.5.4");
    assertThat(d.exchange("RCPT TO:<c@example.org> ORCPT=rfc822;a+ZZb\r\n")).startsWith("501 5.5.4");
  }

  @Test
  void parametersOfExtensionsNotOfferedGet555() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.builder().hostname("mx.example.org")
        .extensions(SmtpExtension.PIPELINING).build());
    d.exchange("EHLO c.example\r\n");
    for (String p : List.of("SIZE=10", "BODY=8BITMIME", "SMTPUTF8", "RET=FULL", "REQUIRETLS", "AUTH=<>", "X=Y")) {
      assertThat(d.exchange("MAIL FROM:<a@example.org> " + p + "\r\n")).as(p).startsWith("555 5.5.4");
    }
    assertThat(d.exchange("MAIL FROM:<a@example.org> SIZE=1 SIZE=1\r\n")).startsWith("5");
  }

  @Test
  void heloSessionsHaveNoExtensions() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(defaults());
    assertThat(d.exchange("HELO c.example\r\n")).isEqualTo("250 mx.example.org\r\n");
    assertThat(d.exchange("MAIL FROM:<a@example.org> SIZE=10\r\n")).startsWith("555");
    assertThat(d.exchange("MAIL FROM:<a@example.org>\r\n")).startsWith("250");
    assertThat(d.smtp.receivedField().protocol()).isEqualTo(TraceProtocol.SMTP);
  }

  @Test
  void smtpUtf8AddressesNeedTheParameter() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(defaults());
    d.exchange("EHLO c.example\r\n");
    String utf8 = new String("MAIL FROM:<jos\u00e9@exampl\u00e9.org>\r\n".getBytes(StandardCharsets.UTF_8),
        StandardCharsets.ISO_8859_1);
    assertThat(d.exchange(utf8)).startsWith("553 5.6.7");
    assertThat(d.exchange(utf8.replace("\r\n", " SMTPUTF8\r\n"))).startsWith("250");
    assertThat(d.smtp.envelope().orElseThrow().reversePath().toWireForm()).isEqualTo("<jos\u00e9@exampl\u00e9.org>");
  }

  @Test
  void utf8RecipientNeedsSmtpUtf8OnTheTransactionsMailNotOnlyInTheEhloReply() {
    // RFC 6531 §3.4: the advertised keyword is not enough, the MAIL command must carry the parameter
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(defaults());
    assertThat(d.exchange("EHLO c.example\r\n")).contains("SMTPUTF8");
    String rcpt = new String("RCPT TO:<jos\u00e9@exampl\u00e9.org>\r\n".getBytes(StandardCharsets.UTF_8),
        StandardCharsets.ISO_8859_1);
    assertThat(d.exchange("MAIL FROM:<a@example.org>\r\n")).startsWith("250");
    assertThat(d.exchange(rcpt)).startsWith("553 5.6.7");
    assertThat(d.exchange("RSET\r\nMAIL FROM:<a@example.org> SMTPUTF8\r\n")).endsWith("250 2.1.0 OK\r\n");
    assertThat(d.exchange(rcpt)).isEqualTo("250 2.1.5 OK\r\n");
  }

  @Test
  void requireTlsIsOnlyOfferedAndAcceptedUnderTls() {
    SmtpServerConfig tls = SmtpServerConfig.builder().hostname("mx.example.org").tlsAvailable(true).build();
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(tls);
    assertThat(d.exchange("EHLO c.example\r\n")).doesNotContain("REQUIRETLS");
    assertThat(d.exchange("MAIL FROM:<a@example.org> REQUIRETLS\r\n")).startsWith("555");
    d.exchange("STARTTLS\r\n");
    d.smtp.streamChanged(TlsInfo.unknown());
    assertThat(d.exchange("EHLO c.example\r\n")).contains("250-REQUIRETLS");
    assertThat(d.exchange("MAIL FROM:<a@example.org> REQUIRETLS\r\n")).startsWith("250");
    assertThat(d.smtp.envelope().orElseThrow().parameters().requireTls()).isTrue();
    assertThat(d.smtp.receivedField().protocol()).isEqualTo(TraceProtocol.ESMTPS);
  }

  @Test
  void eightBitContentIsReportedNotRefused() {
    ServerFixtures.Driver d = transaction(defaults(), "MAIL FROM:<a@example.org>");
    d.exchange("DATA\r\n");
    assertThat(d.exchange("caf\u00e9\r\n.\r\n")).startsWith("250");
    SmtpServerEvent.DataEnd end = (SmtpServerEvent.DataEnd) d.events.stream()
        .filter(e -> e instanceof SmtpServerEvent.DataEnd).findFirst().orElseThrow();
    assertThat(end.info().eightBit()).isTrue();
    assertThat(d.events).filteredOn(e -> e instanceof SmtpServerEvent.DataChunk)
        .allMatch(e -> ((SmtpServerEvent.DataChunk) e).eightBit());
  }

  @Test
  void normalizePolicyDeliversBareLineFeedsAsCrlf() {
    SmtpServerConfig normalize = SmtpServerConfig.builder().hostname("mx.example.org")
        .bareLineEndings(BareLineEndingPolicy.NORMALIZE).build();
    ServerFixtures.Driver d = transaction(normalize, "MAIL FROM:<a@example.org>");
    d.exchange("DATA\r\n");
    assertThat(d.exchange("a\nb\n.\nc\r\n.\r\n")).startsWith("250");
    assertThat(d.content.toString(StandardCharsets.US_ASCII)).isEqualTo("a\r\nb\r\n\r\nc\r\n");
  }

  @Test
  void pipelinedInputWaitsInOrderWhileADecisionIsPending() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(defaults());
    d.exchange("EHLO c.example\r\n");
    d.send("MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nNOOP\r\n");
    assertThat(d.smtp.nextEvent()).isInstanceOf(SmtpServerEvent.MailFrom.class);
    assertThat(d.smtp.nextEvent()).isNull();
    assertThat(d.smtp.wantsInput()).isFalse();
    assertThat(d.smtp.pendingDecision().isPresent()).isTrue();
    assertThat(d.smtp.nextDeadline()).isEmpty();
    assertThat(d.drain()).isEmpty();
    assertThat(d.unfed()).as("the rest stays in the host's buffer").isEqualTo("RCPT TO:<b@example.org>\r\nNOOP\r\n".length());
    d.smtp.accept(); // later, from the host's own context
    d.feed(); // the host offers the rest again once the engine wants input
    assertThat(d.smtp.nextEvent()).isInstanceOf(SmtpServerEvent.RcptTo.class);
    d.smtp.reject(Reply.of(550, "5.1.1", "No such user here"));
    d.feed();
    assertThat(d.smtp.nextEvent()).isNull();
    assertThat(d.drain()).isEqualTo("250 2.1.0 OK\r\n550 5.1.1 No such user here\r\n250 2.0.0 OK\r\n");
    assertThat(d.smtp.wantsInput()).isTrue();
  }

  @Test
  void hostMisuseThrowsIllegalState() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(defaults());
    assertThatThrownBy(() -> d.smtp.accept()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> d.smtp.streamChanged(TlsInfo.unknown())).isInstanceOf(IllegalStateException.class);
    d.exchange("QUIT\r\n");
    assertThatThrownBy(() -> d.send("NOOP\r\n")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void receivedFieldNamesClientServerProtocolAndRecipient() {
    ServerFixtures.Driver d = transaction(defaults(), "MAIL FROM:<a@example.org>");
    String field = d.smtp.receivedField().toString();
    assertThat(field).startsWith("Received: from c.example ([192.0.2.1])\r\n\tby mx.example.org with ESMTP id s1.0")
        .contains("\tfor <b@example.org>;\r\n\t").endsWith("2026 00:00:00 +0000\r\n");
  }

  @Test
  void shutdownSends421() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(defaults());
    d.smtp.shutdown();
    assertThat(d.drain()).isEqualTo("421 4.3.2 mx.example.org Service not available, closing transmission channel\r\n");
    assertThat(d.smtp.isClosed()).isTrue();
  }
}
