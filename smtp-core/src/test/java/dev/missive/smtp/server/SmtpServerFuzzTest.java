package dev.missive.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.testkit.EventLog;
import dev.missive.testkit.Feeding;
import dev.missive.testkit.FuzzHostLoop;
import dev.missive.testkit.ManualTime;
import dev.missive.testkit.PeerBytes;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.TlsInfo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The raw {@link SmtpServer} engine under fuzzing (FUZZING.md, "Adding an engine target"): a whole session of
 * grammar-aware commands then raw octets, answered by a host whose every decision comes from the input, fed whole
 * and in the input's chunking.
 *
 * <p>The provider is read in this order, so one input file replays a session exactly: the configuration (STARTTLS
 * offered, AUTH PLAIN/LOGIN/CRAM-MD5 with the RFC 4954 and RFC 2195 credentials and whether it needs TLS, LMTP, a
 * subset of the other extensions, small limits, the connection's security); the environment's seed; the host's
 * answers; the chunking seed; the peer's commands; the rest as raw octets. The synchronisation check is off: it
 * depends on what arrived before a reply was drained, which is the one thing the chunking changes
 * (docs/architecture.md, "The synchronisation check"). An octet 0x16 (a TLS record's first octet) in the input marks
 * where the TLS handshake begins: no read spans it; after {@code 220} to STARTTLS the host drops every plaintext
 * octet up to and including it and feeds the rest as the decrypted stream (RFC 3207 §4.2), or drops all when there is
 * none.
 */
class SmtpServerFuzzTest {

  /** Output octets allowed per input octet (the longest answer to the shortest line: EHLO's list, HELP). */
  static final int OUTPUT_PER_INPUT_OCTET = 64;
  /** Output octets allowed besides: the greeting and the replies to the host's answers. */
  static final int OUTPUT_BASE = 4096;

  private static final SmtpExtension[] OPTIONAL = {SmtpExtension.PIPELINING, SmtpExtension.SIZE,
      SmtpExtension.EIGHT_BIT_MIME, SmtpExtension.ENHANCED_STATUS_CODES, SmtpExtension.CHUNKING,
      SmtpExtension.BINARY_MIME, SmtpExtension.SMTPUTF8, SmtpExtension.DSN, SmtpExtension.HELP, SmtpExtension.VRFY,
      SmtpExtension.EXPN, SmtpExtension.REQUIRETLS};

  private static final String[] COMMANDS = {
      "EHLO client.example", "HELO client.example", "LHLO client.example", "EHLO", "EHLO [192.0.2.1]",
      "MAIL FROM:<a@b.example>", "MAIL FROM:<>", "MAIL FROM:<a@b.example> SIZE=100",
      "MAIL FROM:<a@b.example> SIZE=99999999999", "MAIL FROM:<a@b.example> BODY=8BITMIME",
      "MAIL FROM:<a@b.example> BODY=BINARYMIME", "MAIL FROM:<\u00fc@b.example> SMTPUTF8",
      "MAIL FROM:<a@b.example> REQUIRETLS", "MAIL FROM:<a@b.example> AUTH=<>", "MAIL FROM:a@b.example",
      "MAIL FROM:<a@b",
      "RCPT TO:<c@d.example>", "RCPT TO:<e@d.example> NOTIFY=SUCCESS,FAILURE", "RCPT TO:<postmaster>",
      "RCPT TO:<c@d.example> NOTIFY=NEVER ORCPT=rfc822;c@d.example", "RCPT TO:<\"q x\"@d.example>", "RCPT TO:<>",
      "DATA", "(body)", ".", "..", ".x", "(bdat)", "BDAT 0 LAST", "BDAT 99999999999999999999", "BDAT x", "RSET",
      "NOOP", "VRFY c", "EXPN list", "HELP", "HELP DATA", "QUIT", "STARTTLS", "AUTH PLAIN AHRlc3QAMTIzNA==",
      "AUTH PLAIN", "AHRlc3QAMTIzNA==", "AUTH PLAIN =", "AUTH LOGIN", "dGVzdA==", "MTIzNA==", "AUTH CRAM-MD5",
      "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw", "*", "AUTH XOAUTH2", "", "\0", "(long)", "\u0016",
  };
  private static final String[] ENDINGS = {"\r\n", "\r\n", "\r\n", "\r\n", "\n", "\r", ""};

  /**
   * Whole and chunked feeding give the same octets and events; the engine makes progress, stays within its output
   * bound, throws nothing, and keeps RFC 5321's rules: a recipient only in a transaction the host let start, data
   * only for accepted recipients, never more completed messages than end-of-data lines after a 354 plus
   * {@code BDAT … LAST} commands (RFC 3030), message content never more than the input, AUTH succeeding only with
   * the right credentials (RFC 4954), and nothing pipelined after STARTTLS acted on (RFC 3207 §4.2).
   */
  @FuzzTest(maxDuration = "30s")
  void sessionsKeepSmtpRulesInEveryChunking(FuzzedDataProvider data) {
    Setup setup = Setup.from(data);
    if (setup == null) {
      return; // a configuration the builder refuses (documented host misuse), not a session
    }
    byte[] in = peerBytes(data);
    Run whole = new Run(setup, in).play(Feeding.whole());
    Run chunked = new Run(setup, in).play(Feeding.random(setup.chunkSeed));
    assertThat(chunked.output()).isEqualTo(whole.output());
    assertThat(chunked.log.entries()).isEqualTo(whole.log.entries());
  }

  private static byte[] peerBytes(FuzzedDataProvider data) {
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    int commands = data.consumeInt(0, 40);
    for (int i = 0; i < commands && data.remainingBytes() > 0; i++) {
      String c = data.pickValue(COMMANDS);
      if (c.equals("(long)")) {
        c = "NOOP " + "x".repeat(data.consumeInt(400, 1200));
      } else if (c.equals("(body)")) {
        c = "Subject: " + data.consumeString(12) + "\r\n\r\n" + data.consumeString(40) + "\r\n.";
      } else if (c.equals("(bdat)")) {
        byte[] chunk = data.consumeBytes(data.consumeInt(0, 64));
        input.writeBytes(("BDAT " + chunk.length + (data.consumeBoolean() ? " LAST" : "") + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        input.writeBytes(chunk);
        continue;
      }
      if (data.consumeBoolean()) {
        c = c + data.consumeString(16);
      }
      input.writeBytes(c.getBytes(StandardCharsets.UTF_8));
      input.writeBytes(data.pickValue(ENDINGS).getBytes(StandardCharsets.US_ASCII));
    }
    input.writeBytes(data.consumeRemainingAsBytes());
    return input.toByteArray();
  }

  /** Everything the provider decides before the peer's bytes. */
  private record Setup(SmtpServerConfig config, ConnectionSecurity security, long envSeed, int[] answers,
                       long chunkSeed) {

    static Setup from(FuzzedDataProvider data) {
      boolean tls = data.consumeBoolean();
      boolean auth = data.consumeBoolean();
      List<SmtpExtension> extensions = new ArrayList<>();
      for (SmtpExtension e : OPTIONAL) {
        if (data.consumeBoolean()) {
          extensions.add(e);
        }
      }
      if (tls) {
        extensions.add(SmtpExtension.STARTTLS);
      }
      if (auth) {
        extensions.add(SmtpExtension.AUTH);
      }
      SmtpServerConfig.Builder b = SmtpServerConfig.builder().hostname("mx.example.org").tlsAvailable(tls)
          .lmtp(data.consumeBoolean()).synchronizationCheck(false)
          .extensions(extensions.toArray(SmtpExtension[]::new));
      if (auth) {
        b.authMechanisms(SaslServerMechanisms.builder()
            .plain((user, password) -> user.equals("test") && new String(password).equals("1234"))
            .login((user, password) -> user.equals("test") && new String(password).equals("1234"))
            .cramMd5(user -> user.equals("tim")
                ? Optional.of("tanstaaftanstaaf".getBytes(StandardCharsets.US_ASCII)) : Optional.empty())
            .cramMd5Challenges(() -> "<1896.697170952@postoffice.reston.mci.net>")
            .build()).authRequiresTls(data.consumeBoolean()).authRequired(data.consumeBoolean());
      }
      SmtpLimits limits = SmtpLimits.builder().maxAuthFailures(3).authFailureDelay(Duration.ZERO).build();
      if (data.consumeBoolean()) {
        limits = limits.toBuilder().maxMessageSize(data.consumeInt(1, 200)).maxErrors(data.consumeInt(1, 5))
            .maxJunkCommands(data.consumeInt(1, 5)).outputLimit(1024).maxAuthFailures(data.consumeInt(1, 3))
            .authFailureDelay(data.consumeBoolean() ? Duration.ofSeconds(5) : Duration.ZERO).build();
      }
      b.limits(limits);
      ConnectionSecurity security = data.pickValue(ConnectionSecurity.values());
      long envSeed = data.consumeLong();
      int[] answers = new int[data.consumeInt(0, 16)];
      for (int i = 0; i < answers.length; i++) {
        answers[i] = data.consumeInt(0, 3);
      }
      long chunkSeed = data.consumeLong();
      try {
        return new Setup(b.build(), security, envSeed, answers, chunkSeed);
      } catch (IllegalArgumentException | IllegalStateException e) {
        return null;
      }
    }

    SmtpServer engine(ManualTime time) {
      return new SmtpServer(config, time.environment(envSeed),
          new PeerInfo("[192.0.2.1]", "fuzz", security));
    }
  }

  /** One session through the engine and a host answering from {@link Setup#answers}, in testkit's host loop. */
  private static final class Run implements FuzzHostLoop.Target {
    private final Setup setup;
    private final byte[] in;
    private final PeerBytes peer;
    private final ManualTime time = new ManualTime();
    private final SmtpServer s;
    private final FuzzHostLoop loop;
    private final EventLog log = new EventLog();
    private int logged;
    private int nextAnswer;
    private long contentOctets;
    private int messages;
    private boolean mailAccepted;
    private int acceptedRecipients;

    Run(Setup setup, byte[] in) {
      this.setup = setup;
      this.in = in;
      this.peer = new PeerBytes(in);
      this.s = setup.engine(time);
      this.loop = FuzzHostLoop.server(s, peer, time);
    }

    Run play(Feeding feeding) {
      loop.play(feeding, this);
      return this;
    }

    @Override
    public long outputBound() {
      return (long) OUTPUT_PER_INPUT_OCTET * in.length + OUTPUT_BASE;
    }

    @Override
    public int logged() {
      return logged;
    }

    /**
     * RFC 3207 §4.2: the engine paused with 220 last and acts on nothing the peer sent before its handshake (what
     * came in the same read it discarded itself; the rest of the turn {@link PeerBytes#startTls()} dropped). The
     * session goes on under TLS even where that plaintext would break a real handshake: the engine's behaviour after
     * TLS is what this target reaches that way.
     */
    @Override
    public void streamChange(boolean handshakeSucceeds) {
      String text = output();
      String last = text.substring(text.lastIndexOf('\n', text.length() - 2) + 1);
      assertThat(last).as("220 announces TLS").startsWith("220");
      s.streamChanged(TlsInfo.unknown());
      note("-- tls --");
      mailAccepted = false; // RFC 3207 §4.2: the session starts again
      acceptedRecipients = 0;
    }

    @Override
    public void takeEvents() {
      handle();
    }

    private void handle() {
      for (SmtpServerEvent e; (e = s.nextEvent()) != null; ) {
        check(e);
      }
      Optional<SmtpServerEvent.DecisionRequired> pending = s.pendingDecision();
      if (pending.isEmpty() || s.isClosed()) {
        return;
      }
      int answer = nextAnswer < setup.answers.length ? setup.answers[nextAnswer++] : 0;
      if (answer == 3) {
        note("-- timeout --");
        s.nextDeadline().ifPresent(time::advanceTo);
        s.onTimeout();
        if (s.pendingDecision().isEmpty() || s.isClosed()) {
          return;
        }
        answer = 0;
      }
      note("answer " + answer);
      SmtpServerEvent.DecisionRequired e = pending.get();
      if (e instanceof SmtpServerEvent.DataEnd end && setup.config.lmtp() && answer == 2) {
        List<Reply> replies = new ArrayList<>();
        for (int i = 0; i < end.info().acceptedRecipients(); i++) {
          replies.add(i % 2 == 0 ? Reply.of(250, "2.0.0", "delivered") : Reply.of(452, "4.2.2", "mailbox full"));
        }
        s.complete(replies);
      } else if (answer == 1 || answer == 2) {
        s.reject(answer == 1 ? Reply.of(550, "5.7.1", "refused") : Reply.of(451, "4.3.0", "try later"));
      } else {
        s.accept();
        if (e instanceof SmtpServerEvent.MailFrom) {
          mailAccepted = true;
          acceptedRecipients = 0;
        } else if (e instanceof SmtpServerEvent.RcptTo) {
          acceptedRecipients++;
        }
      }
    }

    /** The rules every event must keep, checked as the host sees it. */
    private void check(SmtpServerEvent e) {
      if (e instanceof SmtpServerEvent.DataChunk c) {
        contentOctets += c.bytes().remaining();
        assertThat(contentOctets).as("content never more than the input").isLessThanOrEqualTo(peer.position());
        return; // chunks depend on the feeding; their sum does not
      }
      note(e);
      if (e instanceof SmtpServerEvent.RcptTo) {
        assertThat(mailAccepted).as("RCPT only in a transaction the host let start").isTrue();
      } else if (e instanceof SmtpServerEvent.DataStart) {
        assertThat(mailAccepted).as("data only in a transaction").isTrue();
        assertThat(acceptedRecipients).as("data only for accepted recipients").isPositive();
      } else if (e instanceof SmtpServerEvent.MailFrom) {
        mailAccepted = false; // until the host accepts it
      } else if (e instanceof SmtpServerEvent.DataEnd) {
        messages++;
        assertThat(messages).as("completed messages within end-of-data lines after a 354 plus BDAT LAST")
            .isLessThanOrEqualTo(Math.min(count(output(), "354 ") + bdatLast(), dotLines() + bdatLast()));
      } else if (e instanceof SmtpServerEvent.AuthSucceeded a) {
        assertThat(a.authenticationId()).as("AUTH only with the right credentials").isIn("test", "tim");
      } else if (e instanceof SmtpServerEvent.Reset || e instanceof SmtpServerEvent.Hello
          || e instanceof SmtpServerEvent.DataAborted) {
        mailAccepted = false;
        acceptedRecipients = 0;
      }
      if (e instanceof SmtpServerEvent.DataEnd || e instanceof SmtpServerEvent.DataAborted) {
        mailAccepted = false; // the transaction ends with its data (RFC 5321 §4.1.1.4)
        acceptedRecipients = 0;
      }
    }

    private void note(Object entry) {
      log.add(entry);
      logged++;
    }

    private static int count(String text, String lineStart) {
      int n = 0;
      for (String line : text.split("\r\n")) {
        n += line.startsWith(lineStart) ? 1 : 0;
      }
      return n;
    }

    /** Lines that are a lone dot, ended by CRLF, among the octets consumed so far. */
    private int dotLines() {
      String consumed = "\r\n" + new String(in, 0, peer.position(), StandardCharsets.ISO_8859_1);
      int n = 0;
      for (int i = consumed.indexOf("\r\n.\r\n"); i >= 0; i = consumed.indexOf("\r\n.\r\n", i + 3)) {
        n++;
      }
      return n;
    }

    /** BDAT commands with LAST among the octets consumed so far (an upper bound: chunk data may hold the words). */
    private int bdatLast() {
      String consumed = new String(in, 0, peer.position(), StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
      int n = 0;
      for (int i = consumed.indexOf("BDAT"); i >= 0; i = consumed.indexOf("BDAT", i + 4)) {
        int end = consumed.indexOf('\n', i);
        n += consumed.substring(i, end < 0 ? consumed.length() : end).contains("LAST") ? 1 : 0;
      }
      return n;
    }

    String output() {
      return loop.output();
    }
  }
}
