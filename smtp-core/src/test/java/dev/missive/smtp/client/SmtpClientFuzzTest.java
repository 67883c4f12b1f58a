package dev.missive.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.missive.sasl.SaslClientMechanisms;
import dev.missive.smtp.Envelope;
import dev.missive.testkit.EventLog;
import dev.missive.testkit.FuzzHostLoop;
import dev.missive.testkit.Feeding;
import dev.missive.testkit.ManualTime;
import dev.missive.testkit.PeerBytes;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.TlsInfo;
import dev.missive.wire.TlsPolicy;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The raw {@link SmtpClient} engine fed hostile server replies (FUZZING.md, "Adding an engine target"): the fuzzer
 * plays the server, grammar-aware replies (the reply sequences of issue 12 item 2 among them: multi-line replies cut
 * short, replies nobody asked for, codes out of place) then raw octets, against a client whose configuration and
 * messages come from the input, fed whole and in the input's chunking.
 *
 * <p>The provider is read in this order, so one input file replays a session exactly: the TLS policy, PIPELINING,
 * CHUNKING, LMTP, AUTH PLAIN and whether it may go in the clear, implicit TLS; the number of messages and their
 * recipients; the environment's seed; the chunking seed; the server's replies; the rest as raw octets. An octet 0x16
 * marks where the server's TLS handshake begins, with testkit's {@link PeerBytes} rules: no read spans it, and
 * plaintext the server sent after its {@code 220} to STARTTLS in a later read than the {@code 220} breaks the
 * handshake (the host then shuts the engine down), while in the same read the engine ends the session itself
 * (RFC 3207 §5; docs/security.md, "Replies injected before the client's handshake"). Which of the two happens depends
 * on the chunking, so runs that took different paths there are compared up to the client's TLS decision (the events
 * before {@code TlsRequested} or the failure that replaces it, the octets written before the handshake); runs that
 * took the same path are compared whole.
 */
class SmtpClientFuzzTest {

  /** Output octets allowed per input octet: every reply may release the next command. */
  static final int OUTPUT_PER_INPUT_OCTET = 64;
  /** Output octets allowed per content octet the host writes: dot stuffing and CRLF canonicalisation. */
  static final int OUTPUT_PER_CONTENT_OCTET = 3;
  /** Output octets allowed besides: EHLO, AUTH and the first envelope. */
  static final int OUTPUT_BASE = 4096;

  private static final String CONTENT = "Subject: fuzz\r\n\r\n.leading dot\r\nbare\nlf\r\n.\r\nend";

  private static final String[] REPLIES = {
      "220 mx.example.org ESMTP", "220-mx.example.org", "220 ", "554 no service", "421 4.3.2 shutting down",
      "250-mx.example.org", "250-PIPELINING", "250-CHUNKING", "250-SIZE 100", "250-SIZE 99999999999999999999",
      "250-8BITMIME", "250-SMTPUTF8", "250-STARTTLS", "250-AUTH PLAIN LOGIN", "250-ENHANCEDSTATUSCODES",
      "250-DSN", "250 HELP", "250 OK", "250 2.1.0 ok", "250 2.1.5 ok", "250 2.0.0 queued", "251 forwarded",
      "354 go ahead", "550 5.1.1 no such user", "452 4.5.3 too many", "552 5.3.4 too big", "503 5.5.1 sequence",
      "500 what", "334 ", "334 VXNlcm5hbWU6", "334 !!!", "235 2.7.0 ok", "535 5.7.8 no", "221 2.0.0 bye",
      "220 2.0.0 Ready to start TLS", "454 4.7.0 no TLS", "250", "25", "2500 x", "999 x", "250-", "", "\u0000",
      "(long)", "\u0016",
  };
  private static final String[] ENDINGS = {"\r\n", "\r\n", "\r\n", "\r\n", "\n", "\r", ""};

  /**
   * Whatever the server sends: no unchecked exception from {@code receive}, {@code receiveEnd} or
   * {@code onTimeout}; the same output octets and events whole and in random chunks (up to a TLS request); progress
   * on every host-loop turn; output at most 64 × input + 3 × content written + 4 KiB; a message reported accepted
   * only when the host ended its content; no more results than messages submitted; at most one {@code Closed}, the
   * last event, and one for every session that closed; no AUTH on the wire before TLS under
   * {@link TlsPolicy#REQUIRED}.
   */
  @FuzzTest(maxDuration = "30s")
  void hostileRepliesNeverBreakTheClient(FuzzedDataProvider data) {
    Setup setup = Setup.from(data);
    byte[] in = serverBytes(data);
    Run whole = new Run(setup, in).play(Feeding.whole());
    Run chunked = new Run(setup, in).play(Feeding.random(setup.chunkSeed));
    boolean sameTlsPath = whole.tlsRequested == chunked.tlsRequested && whole.tls == chunked.tls;
    int outputs = sameTlsPath ? Integer.MAX_VALUE : Math.min(whole.tlsAtOutput, chunked.tlsAtOutput);
    int events = sameTlsPath ? Integer.MAX_VALUE : Math.min(whole.tlsAtLog, chunked.tlsAtLog);
    assertThat(chunked.output().substring(0, Math.min(outputs, chunked.output().length())))
        .isEqualTo(whole.output().substring(0, Math.min(outputs, whole.output().length())));
    List<String> chunkedLog = chunked.log.entries();
    List<String> wholeLog = whole.log.entries();
    assertThat(chunkedLog.subList(0, Math.min(events, chunkedLog.size())))
        .isEqualTo(wholeLog.subList(0, Math.min(events, wholeLog.size())));
  }

  private static byte[] serverBytes(FuzzedDataProvider data) {
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    int replies = data.consumeInt(0, 40);
    for (int i = 0; i < replies && data.remainingBytes() > 0; i++) {
      String r = data.pickValue(REPLIES);
      if (r.equals("(long)")) {
        r = "250 " + "x".repeat(data.consumeInt(500, 1500));
      }
      if (data.consumeBoolean()) {
        r = r + data.consumeString(16);
      }
      input.writeBytes(r.getBytes(StandardCharsets.UTF_8));
      input.writeBytes(data.pickValue(ENDINGS).getBytes(StandardCharsets.US_ASCII));
    }
    input.writeBytes(data.consumeRemainingAsBytes());
    return input.toByteArray();
  }

  /** Everything the provider decides before the server's bytes. */
  private record Setup(SmtpClientConfig config, boolean implicitTls, List<Envelope> messages, long envSeed,
                       long chunkSeed) {

    static Setup from(FuzzedDataProvider data) {
      SmtpClientConfig.Builder builder = SmtpClientConfig.builder().ehloName("client.example")
          .tlsPolicy(data.pickValue(TlsPolicy.values())).pipelining(data.consumeBoolean())
          .chunking(data.consumeBoolean()).lmtp(data.consumeBoolean());
      if (data.consumeBoolean()) {
        builder.authentication(() -> SaslClientMechanisms.plain("", "test", "1234"))
            .plaintextAuthAllowed(data.consumeBoolean());
      }
      SmtpClientConfig config = builder.build();
      boolean implicitTls = data.consumeBoolean();
      List<Envelope> messages = new java.util.ArrayList<>();
      for (int i = data.consumeInt(0, 3); i > 0; i--) {
        messages.add(data.consumeBoolean() ? Envelope.of("a@b.example", "c@d.example")
            : Envelope.of("", "c@d.example", "e@d.example", "f@g.example"));
      }
      return new Setup(config, implicitTls, List.copyOf(messages), data.consumeLong(), data.consumeLong());
    }

    SmtpClient engine(ManualTime time) {
      return new SmtpClient(config, time.environment(envSeed), new PeerInfo("mx.example.org:25", "fuzz",
          implicitTls ? ConnectionSecurity.IMPLICIT_TLS : ConnectionSecurity.PLAINTEXT));
    }
  }

  /** One session through the engine and a host that sends the messages one after the other, then quits. */
  private static final class Run implements FuzzHostLoop.Target {
    private final Setup setup;
    private final PeerBytes in;
    private final ManualTime time = new ManualTime();
    private final SmtpClient c;
    private final EventLog log = new EventLog();
    private final FuzzHostLoop loop;
    private int logged;
    private int submitted;
    private int results;
    private int written = -1;
    private boolean ended;
    private long contentOctets;
    private boolean closedSeen;
    private boolean tls;
    private boolean tlsRequested;
    private int tlsAtOutput = Integer.MAX_VALUE;
    private int tlsAtLog = Integer.MAX_VALUE;

    Run(Setup setup, byte[] in) {
      this.setup = setup;
      this.in = new PeerBytes(in);
      this.c = setup.engine(time);
      this.loop = new FuzzHostLoop(c, this.in, time);
      this.tls = setup.implicitTls;
      next();
    }

    /** Submits the next message, or QUIT once all were sent. */
    private void next() {
      if (submitted < setup.messages.size()) {
        c.send(setup.messages.get(submitted++));
        ended = false;
      } else {
        c.quit();
      }
    }

    Run play(Feeding feeding) {
      loop.play(feeding, this);
      assertThat(closedSeen).as("a closed session says so").isTrue();
      return this;
    }

    @Override
    public long outputBound() {
      return (long) OUTPUT_PER_INPUT_OCTET * in.length() + (long) OUTPUT_PER_CONTENT_OCTET * contentOctets
          + OUTPUT_BASE;
    }

    @Override
    public int logged() {
      return logged;
    }

    @Override
    public void beforeFeed() {
      writeContent();
    }

    /** Streams the message in 7-octet pieces while the engine takes them, then ends it. */
    private void writeContent() {
      while (written >= 0 && c.state() == SmtpClientState.CONTENT && c.canWriteContent()) {
        if (written == CONTENT.length()) {
          c.endContent();
          ended = true;
          written = -1;
          return;
        }
        int n = Math.min(7, CONTENT.length() - written);
        c.writeContent(ByteBuffer.wrap(CONTENT.substring(written, written + n).getBytes(StandardCharsets.US_ASCII)));
        written += n;
        contentOctets += n;
      }
    }

    @Override
    public void streamChange(boolean handshakeSucceeds) {
      tlsAtOutput = Math.min(tlsAtOutput, loop.outputSize());
      if (handshakeSucceeds) {
        c.streamChanged(TlsInfo.unknown());
        tls = true;
        note("-- tls --");
      } else {
        note("-- handshake failed on plaintext --");
        c.shutdown();
      }
    }

    @Override
    public void takeEvents() {
      for (SmtpClientEvent e; (e = c.nextEvent()) != null; ) {
        assertThat(closedSeen).as("nothing after Closed: %s", e).isFalse();
        if (e instanceof SmtpClientEvent.TlsRequested) {
          tlsAtLog = Math.min(tlsAtLog, logged);
          tlsRequested = true;
        }
        note(e);
        if (e instanceof SmtpClientEvent.DataReady) {
          written = 0;
        } else if (e instanceof SmtpClientEvent.TransactionResult t) {
          results++;
          assertThat(results).as("a result per submitted message").isLessThanOrEqualTo(submitted);
          if (t.outcome() == SmtpClientEvent.Outcome.ACCEPTED) {
            assertThat(ended).as("accepted only after the host ended its content").isTrue();
          }
          written = -1;
          if (!c.isClosed() && c.state() == SmtpClientState.READY) {
            next();
          }
        } else if (e instanceof SmtpClientEvent.Closed) {
          closedSeen = true;
        }
      }
    }

    private void note(Object entry) {
      log.add(entry);
      logged++;
    }

    @Override
    public void sent(String octets) {
      if (setup.config.tlsPolicy() == TlsPolicy.REQUIRED && !tls) {
        assertThat(octets).as("no AUTH before TLS under REQUIRED").doesNotContain("AUTH ");
      }
    }

    String output() {
      return loop.output();
    }
  }
}
