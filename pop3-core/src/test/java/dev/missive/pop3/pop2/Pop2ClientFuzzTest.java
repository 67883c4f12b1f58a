package dev.missive.pop3.pop2;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.missive.pop3.Password;
import dev.missive.testkit.EventLog;
import dev.missive.testkit.Feeding;
import dev.missive.testkit.FuzzHostLoop;
import dev.missive.testkit.ManualTime;
import dev.missive.testkit.PeerBytes;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.PeerInfo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The raw {@link Pop2Client} fed a hostile POP2 server (RFC 937) under fuzzing (FUZZING.md, "Adding an engine
 * target"), in testkit's {@link FuzzHostLoop}: the reply line limit, the host's answers to each event (READ, READ n,
 * RETR, ACKS, ACKD, NACK, FOLD, QUIT, chosen by the input; a command the client's state refuses is the documented
 * {@link IllegalStateException}) and the chunking drawn from the input, then grammar-aware server replies (greetings,
 * {@code #} counts, {@code =} lengths, message data, {@code -}, huge and malformed numbers, bare CR/LF, NUL, long
 * lines) and raw octets; a silent server now and then. POP2 has no TLS.
 */
class Pop2ClientFuzzTest {

  /** Output octets allowed per input octet: every reply may release one command. */
  static final int OUTPUT_PER_INPUT_OCTET = 64;
  /** Output octets allowed besides: HELO and the first command. */
  static final int OUTPUT_BASE = 4096;

  private static final String[] REPLIES = {
      "+ POP2 USC-ISIF.ARPA Server", "+ POP2 ISI-VAXA.ARPA server here", "+ POP2 Server Ready", "+ OK", "+", "-",
      "- no such user", "#0 messages", "#2 messages in your mailbox", "#35", "#99999999999999999999", "#-1", "#x",
      "=0 no more messages", "=537 characters in message 1", "=5", "=1", "=99999999999999999999", "=-3", "=",
      "Subject: x", "", ".", "..", "\u0000", "(long)", "(data)",
  };
  private static final String[] ENDINGS = {"\r\n", "\r\n", "\r\n", "\r\n", "\n", "\r", ""};

  /**
   * Whatever the server sends: no unchecked exception from {@code receive}, {@code receiveEnd} or
   * {@code onTimeout}; the same output octets and events (message data summed per message) whole and in random
   * chunks; progress on every host-loop turn; output at most 64 × input + 4 KiB; one {@code Closed}, the last event;
   * never more data handed over for a message than its announced length.
   */
  @FuzzTest(maxDuration = "30s")
  void hostileRepliesNeverBreakTheClient(FuzzedDataProvider data) {
    int maxLine = data.consumeBoolean() ? 64 : Pop2ClientConfig.DEFAULT_MAX_REPLY_LINE_LENGTH;
    int[] answers = new int[data.consumeInt(0, 16)];
    for (int i = 0; i < answers.length; i++) {
      answers[i] = data.consumeInt(0, 8);
    }
    long envSeed = data.consumeLong();
    long chunkSeed = data.consumeLong();
    byte[] in = serverBytes(data);
    Run whole = new Run(maxLine, answers, envSeed, in).play(Feeding.whole());
    Run chunked = new Run(maxLine, answers, envSeed, in).play(Feeding.random(chunkSeed));
    assertThat(chunked.loop.output()).isEqualTo(whole.loop.output());
    assertThat(chunked.log.entries()).isEqualTo(whole.log.entries());
  }

  private static byte[] serverBytes(FuzzedDataProvider data) {
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    int replies = data.consumeInt(0, 40);
    for (int i = 0; i < replies && data.remainingBytes() > 0; i++) {
      String r = data.pickValue(REPLIES);
      if (r.equals("(long)")) {
        r = "=" + "7".repeat(data.consumeInt(60, 1200));
      } else if (r.equals("(data)")) {
        r = data.consumeString(40);
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

  /** One session through the engine and a host answering each event from {@code answers}. */
  private static final class Run implements FuzzHostLoop.Target {
    private final int[] answers;
    private final ManualTime time = new ManualTime();
    private final Pop2Client c;
    private final PeerBytes in;
    private final FuzzHostLoop loop;
    private final EventLog log = new EventLog();
    private int logged;
    private int nextAnswer;
    private long contentOctets;
    private long announced = -1;
    private boolean closedSeen;

    Run(int maxLine, int[] answers, long envSeed, byte[] bytes) {
      this.answers = answers;
      this.c = new Pop2Client(new Pop2ClientConfig("alice", Password.of("secret"), maxLine, Duration.ofMinutes(2)),
          time.environment(envSeed), new PeerInfo("pop2.example", "fuzz", ConnectionSecurity.TRUSTED));
      this.in = new PeerBytes(bytes);
      this.loop = new FuzzHostLoop(c, in, time);
    }

    Run play(Feeding feeding) {
      loop.play(feeding, this);
      assertThat(closedSeen).as("a closed session says so").isTrue();
      return this;
    }

    @Override
    public long outputBound() {
      return (long) OUTPUT_PER_INPUT_OCTET * in.length() + OUTPUT_BASE;
    }

    @Override
    public int logged() {
      return logged;
    }

    @Override
    public void streamChange(boolean handshakeSucceeds) {
      throw new AssertionError("a POP2 client asked for a stream change");
    }

    @Override
    public void takeEvents() {
      for (Pop2ClientEvent e; (e = c.nextEvent()) != null; ) {
        assertThat(closedSeen).as("nothing after Closed: %s", e).isFalse();
        if (e instanceof Pop2ClientEvent.MessageChunk m) {
          contentOctets += m.content().remaining();
          assertThat(contentOctets).as("never more data than announced").isLessThanOrEqualTo(announced);
          continue; // chunks depend on the feeding; their sum does not
        }
        if (e instanceof Pop2ClientEvent.MessageLength l) {
          announced = l.size();
          contentOctets = 0;
        } else if (e instanceof Pop2ClientEvent.MessageEnd end) {
          assertThat(end.size()).isEqualTo(contentOctets);
        } else if (e instanceof Pop2ClientEvent.Closed) {
          closedSeen = true;
        }
        note(e);
        if (e instanceof Pop2ClientEvent.FolderSelected || e instanceof Pop2ClientEvent.MessageLength
            || e instanceof Pop2ClientEvent.MessageEnd) {
          answer();
        }
      }
    }

    /** The host's next command; one the client's state refuses is documented host misuse, logged as such. */
    private void answer() {
      int a = nextAnswer < answers.length ? answers[nextAnswer++] : 8;
      try {
        switch (a) {
          case 0 -> c.read();
          case 1 -> c.read(13);
          case 2 -> c.retrieve();
          case 3 -> c.keep();
          case 4 -> c.delete();
          case 5 -> c.again();
          case 6 -> c.fold("/usr/spool/mail/alice");
          case 7 -> c.read(2);
          default -> c.quit();
        }
        note("answer " + a);
      } catch (IllegalStateException misuse) {
        note("refused " + a);
      }
    }

    private void note(Object entry) {
      log.add(entry);
      logged++;
    }
  }
}
