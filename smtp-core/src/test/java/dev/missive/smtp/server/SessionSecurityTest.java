package dev.missive.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.smtp.SmtpExtension;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.TlsInfo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** docs/security.md, "Talking too early", "Pipelined commands", "Commands injected before the handshake",
 * "Nothing survives the handshake", "STARTTLS twice", "Logins before TLS" on the server side. */
class SessionSecurityTest {

  private static SmtpServerConfig tlsConfig() {
    return SmtpServerConfig.builder().hostname("mx.example.org").tlsAvailable(true).build();
  }

  @Test
  void item5TalkingBeforeTheGreetingWasDrainedIsASyncError() {
    ServerFixtures.Driver d = new ServerFixtures.Driver(SmtpServerConfig.defaults("mx.example.org"));
    d.send("EHLO early.example\r\n");
    d.pump();
    assertThat(d.drain()).endsWith("554 5.5.0 Error: SMTP protocol synchronization\r\n");
    assertThat(d.smtp.isClosed()).isTrue();
    assertThat(d.eventNames()).containsExactly("ProtocolViolation").doesNotContain("Hello");
  }

  @Test
  void item5MessageDataBeforeThe354IsASyncErrorNotAMessage() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.defaults("mx.example.org"));
    d.exchange("EHLO c.example\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\n");
    String out = d.exchange("DATA\r\nSubject: x\r\n\r\nhi\r\n.\r\n");
    assertThat(out).isEqualTo("354 Start mail input; end with <CRLF>.<CRLF>\r\n"
        + "554 5.5.0 Error: SMTP protocol synchronization\r\n");
    assertThat(d.eventNames()).doesNotContain("DataEnd").contains("ProtocolViolation");
    assertThat(d.smtp.isClosed()).isTrue();
  }

  @Test
  void item5DataAfterThe354WasQueuedButNotDrainedIsASyncError() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.defaults("mx.example.org"));
    d.exchange("EHLO c.example\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\n");
    d.send("DATA\r\n");
    d.pump();
    d.send("hi\r\n.\r\n"); // the 354 is still in the engine's output
    d.pump();
    assertThat(d.drain()).endsWith("554 5.5.0 Error: SMTP protocol synchronization\r\n");
    assertThat(d.eventNames()).doesNotContain("DataEnd");
  }

  @Test
  void item5TheCheckCanBeSwitchedOff() {
    ServerFixtures.Driver d = new ServerFixtures.Driver(
        SmtpServerConfig.builder().hostname("mx.example.org").synchronizationCheck(false).build());
    String out = d.exchange("EHLO c.example\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\n"
        + "DATA\r\nhi\r\n.\r\nQUIT\r\n");
    assertThat(out).contains("354 ").contains("221 2.0.0");
    assertThat(d.eventNames()).contains("DataEnd");
  }

  @Test
  void item6PipelinedCommandsGetOneReplyEachInOrder() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.defaults("mx.example.org"));
    d.exchange("EHLO c.example\r\n");
    String out = d.exchange("RSET\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nRCPT TO:<bad>\r\n"
        + "RSET\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<c@example.org>\r\nNOOP\r\n");
    assertThat(out.split("\r\n")).extracting(l -> l.substring(0, 3))
        .containsExactly("250", "250", "250", "501", "250", "250", "250", "250");
  }

  @Test
  void item7BytesAfterStartTlsInTheSameSegmentAreDiscarded() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(tlsConfig());
    d.exchange("EHLO c.example\r\n");
    assertThat(d.exchange("STARTTLS\r\nMAIL FROM:<x@evil.example>\r\n"))
        .isEqualTo("220 2.0.0 Ready to start TLS\r\n");
    assertThat(d.smtp.pendingStreamChange().isPresent()).isTrue();
    assertThat(d.smtp.wantsInput()).isFalse();
    ByteBuffer late = ByteBuffer.wrap("RCPT TO:<y@evil.example>\r\n".getBytes(StandardCharsets.US_ASCII));
    d.smtp.receive(late); // a later receive before the handshake: consumed and discarded too
    assertThat(late.hasRemaining()).isFalse();
    d.smtp.streamChanged(TlsInfo.unknown());
    assertThat(d.exchange("")).isEmpty();
    assertThat(d.eventNames()).doesNotContain("MailFrom", "RcptTo");
    // nothing ran: MAIL needs a new EHLO
    assertThat(d.exchange("MAIL FROM:<a@example.org>\r\n")).startsWith("503 5.5.1");
  }

  @Test
  void item8AfterTlsEveryPreTlsStateIsGone() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(tlsConfig());
    String before = d.exchange("EHLO c.example\r\n");
    assertThat(before).contains("250-STARTTLS");
    d.exchange("STARTTLS\r\n");
    d.smtp.streamChanged(new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256"));
    assertThat(d.smtp.clientName()).isEmpty();
    assertThat(d.smtp.state()).isEqualTo(ServerState.CONNECTED);
    assertThat(d.smtp.extensions()).isEmpty();
    assertThat(d.exchange("MAIL FROM:<a@example.org>\r\n")).startsWith("503 5.5.1");
    String after = d.exchange("EHLO c.example\r\n");
    assertThat(after).doesNotContain("STARTTLS").contains("REQUIRETLS");
    assertThat(d.smtp.isTls()).isTrue();
  }

  @Test
  void item9StartTlsTwiceIsRefused() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(tlsConfig());
    d.exchange("EHLO c.example\r\nSTARTTLS\r\n");
    d.smtp.streamChanged(TlsInfo.unknown());
    d.exchange("EHLO c.example\r\n");
    assertThat(d.exchange("STARTTLS\r\n")).isEqualTo("554 5.5.1 TLS already active\r\n");
    ServerFixtures.Driver implicit = ServerFixtures.Driver.greeted(tlsConfig(), ConnectionSecurity.IMPLICIT_TLS);
    assertThat(implicit.exchange("EHLO c.example\r\n")).doesNotContain("STARTTLS");
    assertThat(implicit.exchange("STARTTLS\r\n")).startsWith("554 5.5.1");
  }

  @Test
  void item10TlsRequiredRefusesMailBeforeStartTls() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(tlsConfig().toBuilder().tlsRequired(true).build());
    d.exchange("EHLO c.example\r\n");
    assertThat(d.exchange("MAIL FROM:<a@example.org>\r\n"))
        .isEqualTo("530 5.7.0 Must issue a STARTTLS command first\r\n");
    assertThat(d.exchange("NOOP\r\n")).startsWith("250");
    d.exchange("STARTTLS\r\n");
    d.smtp.streamChanged(TlsInfo.unknown());
    d.exchange("EHLO c.example\r\n");
    assertThat(d.exchange("MAIL FROM:<a@example.org>\r\n")).startsWith("250");
  }

  @Test
  void item18IdleTimeoutEndsTheSessionWith421() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.defaults("mx.example.org"));
    d.exchange("EHLO c.example\r\n");
    long deadline = d.smtp.nextDeadline().orElseThrow();
    d.time.advance(Duration.ofMinutes(4));
    d.smtp.onTimeout(); // early: nothing happens
    assertThat(d.smtp.isClosed()).isFalse();
    assertThat(d.smtp.nextDeadline()).hasValue(deadline);
    d.time.advanceTo(deadline);
    d.smtp.onTimeout();
    assertThat(d.drain()).isEqualTo("421 4.4.2 mx.example.org Error: timeout exceeded\r\n");
    assertThat(d.smtp.isClosed()).isTrue();
  }

  @Test
  void item18TimeoutInsideDataAbortsTheMessage() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.defaults("mx.example.org"));
    d.exchange("EHLO c.example\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\n");
    d.exchange("DATA\r\n");
    d.exchange("Subject: x\r\n");
    d.time.advanceTo(d.smtp.nextDeadline().orElseThrow());
    d.smtp.onTimeout();
    d.pump();
    assertThat(d.eventNames()).contains("DataAborted").doesNotContain("DataEnd");
    assertThat(d.drain()).startsWith("421 4.4.2");
  }

  @Test
  void item18aPipelinedNoopsStopConsumingPastTheOutputLimitAndLoseNothing() {
    SmtpServerConfig config = SmtpServerConfig.builder().hostname("mx.example.org")
        .limits(SmtpLimits.builder().maxJunkCommands(1_000_000).build()).build();
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(config);
    int count = 100_000;
    ByteBuffer in = ByteBuffer.wrap("NOOP\r\n".repeat(count).getBytes(StandardCharsets.US_ASCII));
    d.smtp.receive(in);
    assertThat(in.hasRemaining()).as("stops consuming").isTrue();
    assertThat(d.smtp.wantsInput()).isFalse();
    int replies = 0;
    int maxPending = 0;
    ByteBuffer out = ByteBuffer.allocate(8192);
    for (int rounds = 0; replies < count && rounds < 100_000; rounds++) {
      maxPending = Math.max(maxPending, d.smtp.queuedOutput());
      out.clear();
      d.smtp.drainOutput(out);
      out.flip();
      while (out.hasRemaining()) {
        replies += out.get() == '\n' ? 1 : 0;
      }
      if (in.hasRemaining() && d.smtp.wantsInput()) {
        d.smtp.receive(in);
      }
      d.pump();
    }
    assertThat(replies).isEqualTo(count);
    assertThat(maxPending).isLessThan(SmtpLimits.DEFAULT.outputLimit() + 1024);
    assertThat(d.smtp.hasOutput()).isFalse();
  }

  @Test
  void lmtpGreetsWithLhloAndRefusesHeloAndEhlo() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(
        SmtpServerConfig.builder().hostname("lmtp.example.org").lmtp(true)
            .extensions(SmtpExtension.PIPELINING, SmtpExtension.ENHANCED_STATUS_CODES).build());
    assertThat(d.exchange("EHLO c.example\r\n")).startsWith("500 5.5.2");
    assertThat(d.exchange("HELO c.example\r\n")).startsWith("500 5.5.2");
    assertThat(d.exchange("LHLO c.example\r\n")).startsWith("250-lmtp.example.org greets c.example");
  }
}
