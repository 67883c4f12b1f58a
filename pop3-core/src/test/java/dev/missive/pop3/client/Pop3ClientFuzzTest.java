package dev.missive.pop3.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.missive.sasl.SaslClientMechanisms;
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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * The raw {@link Pop3Client} engine fed hostile server replies (FUZZING.md, "Adding an engine target"): the fuzzer
 * plays the server, grammar-aware replies then raw octets, against a client whose configuration and queued commands
 * come from the input, fed whole and in the input's chunking.
 *
 * <p>The provider is read in this order, so one input file replays a session exactly: the login (USER/PASS, APOP,
 * SASL PLAIN), the TLS policy, CAPA, PIPELINING, UTF8, strict limits, implicit TLS; the queued commands; the
 * environment's seed; the chunking seed; the server's replies; the rest as raw octets. An octet 0x16 marks where the
 * server's TLS handshake begins, with testkit's {@link PeerBytes} rules: no read spans it, and plaintext the server
 * sent after its {@code +OK} to STLS in a later read than the {@code +OK} breaks the handshake (the host then shuts
 * the engine down), while in the same read the engine ends the session itself (RFC 2595 §4; docs/security.md,
 * "Replies injected before the client's handshake"). Which of the two happens depends on the chunking, so runs that
 * took different paths there are compared up to the client's TLS decision (the events before {@code TlsRequested}
 * or the failure that replaces it, the octets written before the handshake); runs that took the same path are
 * compared whole.
 */
class Pop3ClientFuzzTest {

  /** Output octets allowed per input octet: every reply may release one queued command. */
  static final int OUTPUT_PER_INPUT_OCTET = 64;
  /** Output octets allowed besides: the login and the first commands. */
  static final int OUTPUT_BASE = 4096;

  private static final String[] REPLIES = {
      "+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>", "+OK POP3 ready", "+OK <bad stamp", "+OK", "-ERR",
      "-ERR [AUTH] invalid", "-ERR [IN-USE] locked", "-ERR [SYS/TEMP] later", "+OK 2 320", "+OK 2 messages",
      "+OK 99999999999999999999 1", "1 120", "2 200", "1 whqtswO00WBw418f9t5JxYwZ", "1 \u0001bad", ".", "..x", ". x",
      "+ ", "+ PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+", "+ !!!", "+OK Capability list follows",
      "STLS", "USER", "SASL PLAIN CRAM-MD5", "PIPELINING", "UIDL", "TOP", "UTF8", "RESP-CODES", "From: a@b.example",
      "Subject: x", "", "+OK Begin TLS negotiation", "+OK maildrop locked and ready", "+OK bye", "\u0000", "(long)",
      "\u0016",
  };
  private static final String[] ENDINGS = {"\r\n", "\r\n", "\r\n", "\r\n", "\n", "\r", ""};

  /**
   * Whatever the server sends: no unchecked exception from {@code receive}, {@code receiveEnd} or
   * {@code onTimeout}; the same output octets and events whole and in random chunks (up to a TLS request); progress
   * on every host-loop turn; output at most 64 × input + 4 KiB; at most one {@code Closed}, the last event, and one
   * for every session that closed; no PASS, APOP or AUTH PLAIN on the wire before TLS under
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
        r = "+OK " + "x".repeat(data.consumeInt(500, 1500));
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
  private record Setup(Pop3ClientConfig config, boolean implicitTls, List<Consumer<Pop3Client>> commands,
                       long envSeed, long chunkSeed) {

    static Setup from(FuzzedDataProvider data) {
      int login = data.consumeInt(0, 2);
      Pop3Login l = login == 0 ? Pop3Login.userPass("mrose", "tanstaaf") : login == 1
          ? Pop3Login.apop("mrose", "tanstaaf")
          : Pop3Login.sasl("PLAIN", () -> SaslClientMechanisms.plain("", "mrose", "tanstaaf"));
      Pop3ClientConfig.Builder b = Pop3ClientConfig.builder().login(l).tlsPolicy(data.pickValue(TlsPolicy.values()))
          .askCapabilities(data.consumeBoolean()).pipelining(data.consumeBoolean()).utf8(data.consumeBoolean());
      if (data.consumeBoolean()) {
        b.limits(Pop3ClientLimits.builder().maxLineLength(510).maxListingLines(4).maxUndrainedOutput(1024)
            .maxPipelinedCommands(2).maxContentLineLength(64).build());
      }
      boolean implicitTls = data.consumeBoolean();
      List<Consumer<Pop3Client>> commands = new java.util.ArrayList<>();
      for (int i = data.consumeInt(0, 8); i > 0; i--) {
        int n = data.consumeInt(1, 3);
        commands.add(switch (data.consumeInt(0, 10)) {
          case 0 -> Pop3Client::stat;
          case 1 -> Pop3Client::list;
          case 2 -> c -> c.list(n);
          case 3 -> Pop3Client::uidl;
          case 4 -> c -> c.uidl(n);
          case 5 -> c -> c.retrieve(n);
          case 6 -> c -> c.top(n, 0);
          case 7 -> c -> c.delete(n);
          case 8 -> Pop3Client::reset;
          case 9 -> Pop3Client::noop;
          default -> Pop3Client::quit;
        });
      }
      return new Setup(b.build(), implicitTls, commands, data.consumeLong(), data.consumeLong());
    }

    Pop3Client engine(ManualTime time) {
      Pop3Client c = new Pop3Client(config, time.environment(envSeed), new PeerInfo("mail.example.org",
          "fuzz", implicitTls ? ConnectionSecurity.IMPLICIT_TLS : ConnectionSecurity.PLAINTEXT));
      for (Consumer<Pop3Client> command : commands) {
        try {
          command.accept(c);
        } catch (IllegalStateException afterQuit) {
          break; // nothing may be queued after QUIT: documented host misuse
        }
      }
      return c;
    }
  }

  /** One session through the engine and a host that takes every event. */
  private static final class Run implements FuzzHostLoop.Target {
    private final PeerBytes in;
    private final ManualTime time = new ManualTime();
    private final Pop3Client c;
    private final Setup setup;
    private final EventLog log = new EventLog();
    private final FuzzHostLoop loop;
    private final ByteArrayOutputStream content = new ByteArrayOutputStream();
    private int logged;
    private int tlsAtOutput = Integer.MAX_VALUE;
    private int tlsAtLog = Integer.MAX_VALUE;
    private boolean closedSeen;
    private boolean tls;
    private boolean tlsRequested;

    Run(Setup setup, byte[] in) {
      this.setup = setup;
      this.in = new PeerBytes(in);
      this.c = setup.engine(time);
      this.loop = new FuzzHostLoop(c, this.in, time);
      this.tls = setup.implicitTls;
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
      for (Pop3ClientEvent e; (e = c.nextEvent()) != null; ) {
        assertThat(closedSeen).as("nothing after Closed: %s", e).isFalse();
        if (e instanceof Pop3ClientEvent.MessageChunk m) {
          byte[] b = new byte[m.content().remaining()];
          m.content().duplicate().get(b);
          content.writeBytes(b);
          continue;
        }
        if (e instanceof Pop3ClientEvent.MessageEnd m) {
          note(m + " content=" + content.toString(StandardCharsets.ISO_8859_1));
          content.reset();
          continue;
        }
        if (e instanceof Pop3ClientEvent.Closed) {
          closedSeen = true;
        } else if (e instanceof Pop3ClientEvent.TlsRequested) {
          tlsAtLog = Math.min(tlsAtLog, logged);
          tlsRequested = true;
        }
        note(e);
      }
    }

    private void note(Object entry) {
      log.add(entry);
      logged++;
    }

    @Override
    public void sent(String octets) {
      if (setup.config.tlsPolicy() == TlsPolicy.REQUIRED && !tls) {
        assertThat(octets).as("no password before TLS under REQUIRED").doesNotContain("tanstaaf")
            .doesNotContain("PASS ").doesNotContain("APOP ").doesNotContain("AUTH PLAIN");
      }
    }

    String output() {
      return loop.output();
    }
  }
}
