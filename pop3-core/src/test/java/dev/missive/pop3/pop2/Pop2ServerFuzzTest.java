package dev.missive.pop3.pop2;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.missive.pop3.MaildropEntry;
import dev.missive.testkit.EventLog;
import dev.missive.testkit.Feeding;
import dev.missive.testkit.FuzzHostLoop;
import dev.missive.testkit.ManualTime;
import dev.missive.testkit.PeerBytes;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.PeerInfo;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The raw {@link Pop2Server} engine under fuzzing (FUZZING.md, "Adding an engine target"): a whole session of
 * grammar-aware commands then raw octets, answered by a host whose every decision comes from the input, fed whole
 * and in the input's chunking.
 *
 * <p>The provider is read in this order, so one input file replays a session exactly: the limits (bad commands
 * tolerated, a failed-login delay, the largest listing, a 1 KiB output limit) and the connection's security; the
 * default mailbox and a second folder (up to four of {@link #MESSAGES} each); the environment's seed; the host's
 * answers; the chunking seed; the peer's commands; the rest as raw octets.
 */
class Pop2ServerFuzzTest {

  /** Output octets allowed per input octet (the longest reply to the shortest line, a bare LF's {@code -}). */
  static final int OUTPUT_PER_INPUT_OCTET = 64;
  /** Output octets allowed per content octet the host hands over: a bare CR or LF becomes CRLF. */
  static final int OUTPUT_PER_CONTENT_OCTET = 2;
  /** Output octets allowed besides: the greeting and the replies to the host's answers. */
  static final int OUTPUT_BASE = 1024;

  private static final String[] MESSAGES = {
      "Subject: a\r\n\r\nhello\r\n", ".\r\n..\r\n.x\r\n", "H: v\n\n.\r.x\n", "x", "From: b\r\n\r\n1\r\n2\r\n3\r",
  };

  private static final String[] COMMANDS = {
      "HELO ann pw", "HELO ann wrong", "HELO John\\ Smith p\\ w", "HELO", "HELO a b c", "helo ann pw", "FOLD other",
      "FOLD other box", "FOLD \\", "FOLD", "READ", "read", "READ 1", "READ 2", "READ 0", "READ 4", "READ  3",
      "READ 99999999999999999999", "READ x", "RETR", "ACKS", "ACKD", "NACK", "ACKD 1", "QUIT", "QUIT x", "NOOP", "",
      "\0", "(long)",
  };
  private static final String[] ENDINGS = {"\r\n", "\r\n", "\r\n", "\r\n", "\n", "\r", ""};

  /**
   * Whole and chunked feeding give the same octets and events; the engine makes progress, stays within its output
   * bound, throws nothing, and keeps RFC 937's rules: nothing reaches a plaintext client but {@code -}; a folder is
   * opened only for the user the host just accepted; RETR asks only for a message of the open folder and sends
   * exactly the length it announced or closes; an update follows only a QUIT or FOLD line and
   * names distinct messages of the folder, no more than the ACKD lines since it was opened; {@code updated} only
   * when the host accepted QUIT's update.
   */
  @FuzzTest(maxDuration = "30s")
  void sessionsKeepPop2RulesInEveryChunking(FuzzedDataProvider data) {
    Setup setup = Setup.from(data);
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
        c = "FOLD " + "x".repeat(data.consumeInt(50, 600));
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
  private record Setup(Pop2Limits limits, ConnectionSecurity security, List<String> inbox, List<String> other,
                       long envSeed, int[] answers, long chunkSeed) {

    static Setup from(FuzzedDataProvider data) {
      Pop2Limits.Builder limits = Pop2Limits.builder().failedLoginDelay(Duration.ZERO);
      if (data.consumeBoolean()) {
        limits.maxCommandLineLength(64).outputSoftLimit(1024).maxBadCommands(data.consumeInt(1, 5))
            .maxMessages(data.consumeInt(0, 4))
            .failedLoginDelay(data.consumeBoolean() ? Duration.ofSeconds(5) : Duration.ZERO);
      } else {
        limits.maxBadCommands(data.consumeBoolean() ? 1 : 1000);
      }
      ConnectionSecurity security = data.pickValue(ConnectionSecurity.values());
      List<String> inbox = messages(data);
      List<String> other = messages(data);
      long envSeed = data.consumeLong();
      int[] answers = new int[data.consumeInt(0, 16)];
      for (int i = 0; i < answers.length; i++) {
        answers[i] = data.consumeInt(0, 3);
      }
      return new Setup(limits.build(), security, inbox, other, envSeed, answers, data.consumeLong());
    }

    private static List<String> messages(FuzzedDataProvider data) {
      List<String> folder = new ArrayList<>();
      for (int i = data.consumeInt(0, 4); i > 0; i--) {
        folder.add(data.pickValue(MESSAGES));
      }
      return List.copyOf(folder);
    }

    Pop2Server engine(ManualTime time) {
      return new Pop2Server(new Pop2ServerConfig("pop2.example", limits), time.environment(envSeed),
          new PeerInfo("[192.0.2.1]", "fuzz", security));
    }
  }

  /** One session through the engine and a host answering from {@link Setup#answers}, in testkit's host loop. */
  private static final class Run implements FuzzHostLoop.Target {
    private final Setup setup;
    private final byte[] in;
    private final PeerBytes peer;
    private final ManualTime time = new ManualTime();
    private final Pop2Server s;
    private final FuzzHostLoop loop;
    private final EventLog log = new EventLog();
    private int logged;
    private int nextAnswer;
    private long contentOctets;
    private String mayOpen;
    private String loggedIn;
    private boolean released;
    private List<String> folder;
    private int folderOpenedAt;
    private boolean quitAccepted;

    Run(Setup setup, byte[] in) {
      this.setup = setup;
      this.in = in;
      this.peer = new PeerBytes(in);
      this.s = setup.engine(time);
      this.loop = FuzzHostLoop.server(s, peer, time);
    }

    Run play(Feeding feeding) {
      loop.play(feeding, this);
      if (setup.security == ConnectionSecurity.PLAINTEXT) {
        assertThat(output()).as("plaintext: only the negative reply").startsWith("- ");
        assertThat(peer.position()).as("plaintext: nothing read").isZero();
      }
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

    /** RFC 937 has no TLS: the engine never asks for it. */
    @Override
    public void streamChange(boolean handshakeSucceeds) {
      throw new AssertionError("a POP2 server asked for a stream change");
    }

    @Override
    public void takeEvents() {
      handle();
    }

    private void handle() {
      for (Pop2ServerEvent e; (e = s.nextEvent()) != null; ) {
        check(e);
      }
      Optional<Pop2ServerEvent.DecisionRequired> pending = s.pendingDecision();
      if (pending.isEmpty() || s.isClosed()) {
        return;
      }
      int answer = nextAnswer < setup.answers.length ? setup.answers[nextAnswer++] : 0;
      if (answer == 3) {
        note("-- timeout --");
        s.nextDeadline().ifPresent(time::advanceTo);
        s.onTimeout();
        answer = 0;
      }
      note("answer " + answer);
      Pop2ServerEvent.DecisionRequired e = pending.get();
      if (answer == 1) {
        s.reject();
      } else if (e instanceof Pop2ServerEvent.LoginRequested l) {
        s.accept();
        mayOpen = l.user();
      } else if (e instanceof Pop2ServerEvent.FolderRequested f) {
        open(f, answer == 2);
      } else if (e instanceof Pop2ServerEvent.RetrieveRequested r) {
        retrieve(r, answer == 2);
      } else if (e instanceof Pop2ServerEvent.UpdateRequested u) {
        s.accept();
        quitAccepted = u.quitting();
        released = true;
        folder = null;
      }
    }

    /** Opens the folder; with {@code wrongSizes} its listing claims one octet more per message than it holds. */
    private void open(Pop2ServerEvent.FolderRequested f, boolean wrongSizes) {
      List<String> messages = f.folder().isEmpty() ? setup.inbox : setup.other;
      List<MaildropEntry> listing = new ArrayList<>();
      for (String m : messages) {
        listing.add(new MaildropEntry(MemoryFolders.canonical(m).length() + (wrongSizes ? 1 : 0), null));
      }
      s.opened(listing);
      released = false;
      if (s.state() == Pop2State.MBOX) {
        folder = messages;
        folderOpenedAt = peer.position();
      }
    }

    /** Hands the message over in 7-octet pieces as the engine wants them, or fails half way ({@code fail}). */
    private void retrieve(Pop2ServerEvent.RetrieveRequested r, boolean fail) {
      loop.drain();
      int before = loop.outputSize();
      ByteBuffer content = ByteBuffer.wrap(folder.get(r.messageNumber() - 1).getBytes(StandardCharsets.ISO_8859_1));
      int stop = fail ? content.remaining() / 2 : content.remaining();
      contentOctets += content.remaining();
      while (content.position() < stop && !s.isClosed()) {
        if (s.wantsContent()) {
          s.content(content.slice(content.position(), Math.min(stop - content.position(), 7)));
          content.position(Math.min(stop, content.position() + 7));
        } else {
          loop.drain();
        }
      }
      if (fail) {
        s.reject();
      } else {
        s.contentEnd();
      }
      loop.drain();
      String sent = output().substring(before);
      if (fail && stop == 0) {
        assertThat(sent).as("refused before its first octet: a reply and the end").startsWith("- ").endsWith("\r\n");
        assertThat(s.isClosed()).isTrue();
        return;
      }
      assertThat((long) sent.length()).as("never past the announced length").isLessThanOrEqualTo(r.size());
      if (!s.isClosed()) {
        assertThat((long) sent.length()).as("exactly the announced length").isEqualTo(r.size());
      }
    }

    /** The rules every event must keep, checked as the host sees it. */
    private void check(Pop2ServerEvent e) {
      note(e);
      if (!(e instanceof Pop2ServerEvent.SessionEnded)) {
        assertThat(setup.security).as("plaintext gets no session").isNotEqualTo(ConnectionSecurity.PLAINTEXT);
      }
      if (e instanceof Pop2ServerEvent.FolderRequested f && f.folder().isEmpty()) {
        assertThat(f.user()).as("the default mailbox only for the user just accepted").isEqualTo(mayOpen);
        loggedIn = f.user();
      } else if (e instanceof Pop2ServerEvent.FolderRequested f) {
        assertThat(f.user()).as("FOLD only for the user logged in").isEqualTo(loggedIn);
        assertThat(released).as("FOLD opens after the folder was released").isTrue();
      } else if (e instanceof Pop2ServerEvent.RetrieveRequested r) {
        assertThat(folder).as("RETR only with a folder open").isNotNull();
        assertThat(r.messageNumber()).isBetween(1, folder.size());
        assertThat(r.size()).isPositive();
      } else if (e instanceof Pop2ServerEvent.UpdateRequested u) {
        assertThat(folder).as("an update releases an open folder").isNotNull();
        String line = peer.lastLine().toUpperCase(Locale.ROOT);
        assertThat(line.startsWith("QUIT") || line.startsWith("FOLD")).as("after QUIT or FOLD: %s", line).isTrue();
        assertThat(u.deletedMessages()).doesNotHaveDuplicates()
            .allSatisfy(n -> assertThat(n).isBetween(1, folder.size()))
            .hasSizeLessThanOrEqualTo(ackdLinesSince(folderOpenedAt));
      } else if (e instanceof Pop2ServerEvent.SessionEnded end) {
        assertThat(end.updated()).as("updated only when the host accepted QUIT's update").isEqualTo(quitAccepted);
      }
      if (!(e instanceof Pop2ServerEvent.FolderRequested)) {
        mayOpen = e instanceof Pop2ServerEvent.DecisionRequired ? null : mayOpen;
      }
    }

    private void note(Object entry) {
      log.add(entry);
      logged++;
    }

    private int ackdLinesSince(int from) {
      int n = 0;
      for (String line : new String(in, from, peer.position() - from, StandardCharsets.ISO_8859_1).split("[\r\n]+")) {
        n += line.toUpperCase(Locale.ROOT).startsWith("ACKD") ? 1 : 0;
      }
      return n;
    }

    String output() {
      return loop.output();
    }
  }
}
