package dev.missive.pop3.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.missive.pop3.MaildropEntry;
import dev.missive.pop3.Password;
import dev.missive.pop3.Pop3Response;
import dev.missive.pop3.ResponseCode;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.testkit.EventLog;
import dev.missive.testkit.Feeding;
import dev.missive.testkit.FuzzHostLoop;
import dev.missive.testkit.ManualTime;
import dev.missive.testkit.PeerBytes;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine.Status;
import dev.missive.wire.TlsInfo;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The raw {@link Pop3Server} engine under fuzzing (FUZZING.md, "Adding an engine target"): a whole session of
 * grammar-aware commands then raw octets, answered by a host whose every decision comes from the input, fed whole
 * and in the input's chunking.
 *
 * <p>The provider is read in this order, so one input file replays a session exactly: the configuration (STLS
 * offered, AUTH PLAIN/CRAM-MD5 with the RFC 5034 §6 and RFC 2195 §2 credentials, APOP, UTF8, small limits, the
 * connection's security); the maildrop (up to four of {@link #MESSAGES}); the environment's seed; the host's answers;
 * the chunking seed; the peer's commands; the rest as raw octets. An octet 0x16 (a TLS record's first octet) in the
 * input marks where the TLS handshake begins: after {@code +OK Begin TLS negotiation} the host drops every plaintext
 * octet up to and including it and feeds the rest as the decrypted stream (RFC 2595 §4), or drops all when there is
 * none.
 */
class Pop3ServerFuzzTest {

  /** Output octets allowed per input octet (the longest answer to the shortest line: CAPA, or a bare LF's -ERR). */
  static final int OUTPUT_PER_INPUT_OCTET = 64;
  /** Output octets allowed per content octet the host hands over: dot stuffing and CRLF for bare CR or LF. */
  static final int OUTPUT_PER_CONTENT_OCTET = 3;
  /** Output octets allowed besides: the greeting, a sign-off, the replies to the host's answers. */
  static final int OUTPUT_BASE = 1024;

  private static final String[] MESSAGES = {
      "Subject: a\r\n\r\nhello\r\n", ".\r\n..\r\n.x\r\n", "H: v\n\n.\r.x\n", "", "From: b\r\n\r\n1\r\n2\r\n3\r\n.",
  };

  private static final String[] COMMANDS = {
      "USER mrose", "USER test", "PASS mrosepass", "PASS test", "PASS wrong", "APOP mrose (digest)",
      "APOP mrose c4c9334bac560ecc979e58001b3e22fb", "APOP", "AUTH", "AUTH PLAIN", "AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=",
      "dGVzdAB0ZXN0AHRlc3Q=", "AUTH PLAIN =", "AUTH CRAM-MD5", "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw",
      "AUTH LOGIN", "AUTH PLAIN AHRlc3QAd3Jvbmc=", "*", "=", "STAT", "LIST", "LIST 1", "LIST 0", "LIST 99999999999",
      "UIDL", "UIDL 2", "RETR 1", "RETR 2", "RETR 4", "TOP 1 0", "TOP 2 1", "TOP 3 99999999999", "DELE 1", "DELE 2",
      "DELE 5", "RSET", "NOOP", "CAPA", "STLS", "UTF8", "LANG", "QUIT", "", "\0", "(long)", "\u0016",
  };
  private static final String[] ENDINGS = {"\r\n", "\r\n", "\r\n", "\n", "\r", ""};

  /**
   * Whole and chunked feeding give the same octets and events; the engine makes progress, stays within its output
   * bound, throws nothing, and keeps RFC 1939's rules: nothing is opened or retrieved before a successful login
   * (§7, RFC 5034), messages are numbered within the maildrop, DELE'd messages are removed only by the one UPDATE
   * after QUIT in TRANSACTION (§6), and nothing pipelined after STLS is acted on (RFC 2595 §4).
   */
  @FuzzTest(maxDuration = "30s")
  void sessionsKeepPop3RulesInEveryChunking(FuzzedDataProvider data) {
    Setup setup = Setup.from(data);
    byte[] in = peerBytes(data, setup.apopCommand());
    Run whole = new Run(setup, in).play(Feeding.whole());
    Run chunked = new Run(setup, in).play(Feeding.random(setup.chunkSeed));
    assertThat(chunked.output()).isEqualTo(whole.output());
    assertThat(chunked.log.entries()).isEqualTo(whole.log.entries());
  }

  private static byte[] peerBytes(FuzzedDataProvider data, String apop) {
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    int commands = data.consumeInt(0, 40);
    for (int i = 0; i < commands && data.remainingBytes() > 0; i++) {
      String c = data.pickValue(COMMANDS);
      if (c.equals("APOP mrose (digest)")) {
        c = apop;
      } else if (c.equals("(long)")) {
        c = "NOOP " + "x".repeat(data.consumeInt(50, 400));
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
  private record Setup(Pop3ServerConfig config, ConnectionSecurity security, boolean sasl, List<String> maildrop,
                       long envSeed, int[] answers, long chunkSeed) {

    static Setup from(FuzzedDataProvider data) {
      Pop3ServerConfig.Builder b = Pop3ServerConfig.builder().hostname("dewey").stlsAvailable(data.consumeBoolean());
      boolean sasl = data.consumeBoolean();
      if (sasl) {
        b.sasl(SaslServerMechanisms.builder()
            .plain((user, password) -> user.equals("test") && new String(password).equals("test"))
            .cramMd5(user -> user.equals("tim")
                ? Optional.of("tanstaaftanstaaf".getBytes(StandardCharsets.US_ASCII)) : Optional.empty())
            .cramMd5Challenges(() -> "<1896.697170952@postoffice.reston.mci.net>")
            .build());
      }
      b.apopTimestamps(data.consumeBoolean() ? Pop3ServerConfig.standardApopTimestamps("dewey") : null);
      b.utf8(data.consumeBoolean());
      Pop3Limits.Builder limits = Pop3Limits.builder().failedLoginDelay(Duration.ZERO).maxBadCommands(1000);
      if (data.consumeBoolean()) {
        limits.maxCommandLineLength(64).maxAuthResponseLength(64).outputSoftLimit(1024)
            .maxBadCommands(data.consumeInt(1, 5)).maxFailedLogins(data.consumeInt(1, 3))
            .maxMessages(data.consumeInt(0, 4))
            .failedLoginDelay(data.consumeBoolean() ? Duration.ofSeconds(5) : Duration.ZERO);
      }
      b.limits(limits.build());
      ConnectionSecurity security = data.pickValue(ConnectionSecurity.values());
      List<String> maildrop = new ArrayList<>();
      for (int i = data.consumeInt(0, 4); i > 0; i--) {
        maildrop.add(data.pickValue(MESSAGES));
      }
      long envSeed = data.consumeLong();
      int[] answers = new int[data.consumeInt(0, 16)];
      for (int i = 0; i < answers.length; i++) {
        answers[i] = data.consumeInt(0, 4);
      }
      return new Setup(b.build(), security, sasl, List.copyOf(maildrop), envSeed, answers, data.consumeLong());
    }

    /** A fresh engine of this session; the same every time (the environment's seed makes the APOP timestamp). */
    Pop3Server engine(ManualTime time) {
      EngineEnvironment env = time.environment(envSeed);
      return new Pop3Server(config, env, new PeerInfo("[192.0.2.1]", "fuzz", security));
    }

    /** APOP with the right digest for mrose's secret "mrosepass" (RFC 1939 §7), or a plain APOP without APOP. */
    String apopCommand() {
      String timestamp = engine(new ManualTime()).apopTimestamp();
      if (timestamp == null) {
        return "APOP mrose 00000000000000000000000000000000";
      }
      try {
        byte[] digest = MessageDigest.getInstance("MD5")
            .digest((timestamp + "mrosepass").getBytes(StandardCharsets.US_ASCII));
        return "APOP mrose " + HexFormat.of().formatHex(digest);
      } catch (NoSuchAlgorithmException e) {
        throw new AssertionError(e);
      }
    }
  }

  /** One session through the engine and a host answering from {@link Setup#answers}, in testkit's host loop. */
  private static final class Run implements FuzzHostLoop.Target {
    private final Setup setup;
    private final byte[] in;
    private final PeerBytes peer;
    private final ManualTime time = new ManualTime();
    private final Pop3Server s;
    private final FuzzHostLoop loop;
    private final EventLog log = new EventLog();
    private int logged;
    private int nextAnswer;
    private long contentOctets;
    private String mayOpen;
    private List<MaildropEntry> listing;
    private boolean updateAsked;
    private boolean updated;

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
      return (long) OUTPUT_PER_INPUT_OCTET * in.length + (long) OUTPUT_PER_CONTENT_OCTET * contentOctets
          + OUTPUT_BASE;
    }

    @Override
    public int logged() {
      return logged;
    }

    /**
     * RFC 2595 §4: the engine stopped right after the STLS line and acted on nothing after it. The session goes on
     * under TLS even where plaintext waiting before the handshake would break a real one.
     */
    @Override
    public void streamChange(boolean handshakeSucceeds) {
      int pos = peer.pausedAt();
      assertThat(pos).as("STLS ends a line").isGreaterThan(0);
      assertThat(in[pos - 1]).as("STLS ends a line").isEqualTo((byte) '\n');
      assertThat(output()).endsWith("+OK Begin TLS negotiation\r\n");
      s.streamChanged(TlsInfo.unknown());
      note("-- tls --");
    }

    @Override
    public void takeEvents() {
      handle();
    }

    private void handle() {
      for (Pop3ServerEvent e; (e = s.nextEvent()) != null; ) {
        check(e);
      }
      Optional<Pop3ServerEvent.DecisionRequired> pending = s.pendingDecision();
      if (pending.isEmpty() || s.status() == Status.CLOSED) {
        return;
      }
      int answer = nextAnswer < setup.answers.length ? setup.answers[nextAnswer++] : 0;
      if (answer == 4) {
        note("-- timeout --");
        s.nextDeadline().ifPresent(t -> time.advanceTo(t));
        s.onTimeout();
        if (s.pendingDecision().isEmpty() || s.status() == Status.CLOSED) {
          return;
        }
        answer = 0;
      }
      note("answer " + answer);
      decide(pending.get(), answer);
    }

    private void decide(Pop3ServerEvent.DecisionRequired e, int answer) {
      if (answer == 1) {
        s.reject();
      } else if (answer == 2 && !(e instanceof Pop3ServerEvent.RetrieveRequested)) {
        s.reject(Pop3Response.err(ResponseCode.IN_USE, "busy"));
      } else if (e instanceof Pop3ServerEvent.LoginRequested l) {
        s.accept();
        mayOpen = l.user();
      } else if (e instanceof Pop3ServerEvent.ApopSecretRequested a) {
        boolean right = answer != 3;
        s.apopSecret(Password.of(right ? "mrosepass" : "wrong"));
        mayOpen = right && a.user().equals("mrose") ? "mrose" : null;
      } else if (e instanceof Pop3ServerEvent.MaildropOpenRequested) {
        List<MaildropEntry> entries = new ArrayList<>();
        for (int i = 0; i < setup.maildrop.size(); i++) {
          entries.add(new MaildropEntry(setup.maildrop.get(i).length(), "uid" + i));
        }
        s.maildropOpened(entries);
        if (s.state() == Pop3State.TRANSACTION) {
          listing = entries;
        }
      } else if (e instanceof Pop3ServerEvent.RetrieveRequested r) {
        retrieve(r, answer);
      } else if (e instanceof Pop3ServerEvent.UpdateRequested) {
        s.accept();
        updated = true;
      }
    }

    /** Hands the message over as the engine wants it: whole, or failing after its first half (answer 2 or 3). */
    private void retrieve(Pop3ServerEvent.RetrieveRequested r, int answer) {
      ByteBuffer content = ByteBuffer.wrap(setup.maildrop.get(r.messageNumber() - 1)
          .getBytes(StandardCharsets.ISO_8859_1));
      int stop = answer >= 2 ? content.remaining() / 2 : content.remaining();
      contentOctets += content.remaining();
      while (content.position() < stop && !s.hasEnoughContent()) {
        if (s.wantsContent()) {
          s.content(content.slice(content.position(), Math.min(stop - content.position(), 7)));
          content.position(Math.min(stop, content.position() + 7));
        } else {
          loop.drain();
        }
      }
      if (answer >= 2) {
        s.reject();
      } else {
        s.contentEnd();
      }
    }

    /** The rules every event must keep, checked as the host sees it. */
    private void check(Pop3ServerEvent e) {
      note(e);
      if (e instanceof Pop3ServerEvent.MaildropOpenRequested o) {
        boolean saslUser = setup.sasl && (o.user().equals("test") || o.user().equals("tim"));
        assertThat(o.user().equals(mayOpen) || saslUser).as("opened only after a login: %s", e).isTrue();
      } else if (e instanceof Pop3ServerEvent.RetrieveRequested r) {
        assertThat(listing).as("retrieved only in TRANSACTION").isNotNull();
        assertThat(r.messageNumber()).isBetween(1, listing.size());
        assertThat(r.size()).isEqualTo(listing.get(r.messageNumber() - 1).size());
      } else if (e instanceof Pop3ServerEvent.UpdateRequested u) {
        assertThat(listing).as("UPDATE only after TRANSACTION").isNotNull();
        assertThat(updateAsked).as("one UPDATE").isFalse();
        assertThat(peer.lastLine().toUpperCase(java.util.Locale.ROOT)).as("UPDATE follows QUIT").startsWith("QUIT");
        List<String> deleCommands = deleCommands();
        assertThat(u.deletedMessages()).doesNotHaveDuplicates()
            .allSatisfy(n -> assertThat(n).isBetween(1, listing.size()))
            .allSatisfy(n -> assertThat(deleCommands).as("DELE'd before").contains("DELE " + n));
        updateAsked = true;
      } else if (e instanceof Pop3ServerEvent.SessionEnded end) {
        assertThat(end.updated()).as("updated only when the host accepted the UPDATE").isEqualTo(updated);
      }
      if (!(e instanceof Pop3ServerEvent.MaildropOpenRequested)) {
        mayOpen = e instanceof Pop3ServerEvent.DecisionRequired ? null : mayOpen;
      }
    }

    private void note(Object entry) {
      log.add(entry);
      logged++;
    }

    /** Every DELE line consumed so far, in upper case with its argument's leading zeros dropped. */
    private List<String> deleCommands() {
      List<String> lines = new ArrayList<>();
      for (String line : new String(in, 0, peer.position(), StandardCharsets.ISO_8859_1).split("[\r\n]+")) {
        String[] words = line.trim().toUpperCase(java.util.Locale.ROOT).split(" +");
        if (words.length == 2 && words[0].equals("DELE") && words[1].matches("[0-9]{1,9}")) {
          lines.add("DELE " + Integer.parseInt(words[1]));
        }
      }
      return lines;
    }

    String output() {
      return loop.output();
    }
  }
}
