package dev.missive.imap.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.Section;
import dev.missive.imap.StatusItem;
import dev.missive.imap.command.FetchItem;
import dev.missive.imap.protocol.ImapLimits;
import dev.missive.sasl.SaslClientMechanisms;
import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.TlsInfo;
import dev.missive.wire.TlsPolicy;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The IMAP client engine under fuzzing (FUZZING.md, "Adding an engine target"): a server side of grammar-aware
 * responses (greetings, capabilities, tagged answers to the client's own tags, continuation requests, EXISTS,
 * EXPUNGE, FETCH with literals, LIST, ESEARCH, huge literal sizes, deep lists) then raw octets, against a client
 * whose login, TLS policy, limits and queued commands come from the input, fed whole and in random chunks: no
 * unchecked exception; the same events either way, and the same output; progress on every host-loop turn; the
 * client's output bounded by its commands (it never echoes the server).
 *
 * <p>Two rules of the host, as a real one behaves (docs/architecture.md, "Chunking independence", "Stream
 * changes"): an octet 0x16 marks where the server's TLS handshake begins, so no read spans it, and at the TLS pause
 * the host drops what it read up to the marker (a transport hands it to the handshake, never to the engine). One
 * difference between the runs is the engine's documented behaviour, not a finding, and is the only one allowed:
 * bytes the server sends after its tagged OK to STARTTLS and before the handshake end the session when they come in
 * the read that holds the OK, and are dropped with the handshake when a later read would bring them (RFC 9051
 * §11.1: the guard sees what was read; docs/security.md, "Replies injected before the client's handshake"), so the
 * whole run may end there while the split one goes on under TLS. An aborted session keeps what it had written
 * (docs/architecture.md, "Output"), so its output is the same whole and split.
 */
class ImapClientFuzzTest {

  /** Where the server's TLS handshake begins (a TLS handshake record starts with this octet). */
  private static final String TLS_MARK = "\u0016";
  private static final String INJECTION = "the server sent data after OK to STARTTLS (RFC 9051 §11.1)";

  private static final String[] RESPONSES = {
      "* OK [CAPABILITY IMAP4rev2 STARTTLS AUTH=PLAIN SASL-IR LITERAL+ ENABLE MOVE ID] ready", "* PREAUTH hi",
      "* BYE no", "* OK ready", "* CAPABILITY IMAP4rev1 IMAP4rev2 AUTH=PLAIN LOGINDISABLED", "A1 OK done",
      "A2 OK [CAPABILITY IMAP4rev2 ENABLE] done", "A3 OK done", "A4 OK [READ-WRITE] done", "A5 NO [TRYCREATE] no",
      "A6 BAD what", "A7 OK done", "A8 OK [COPYUID 7 1:2 5:6] done", "A9 OK [APPENDUID 7 9] ok", "A10 OK x",
      "+ ", "+ go ahead", "+ Zm9v", "* 3 EXISTS", "* 0 EXISTS", "* 1 EXPUNGE", "* 2 EXPUNGE", "* 1 RECENT",
      "* 1 FETCH (UID 5 FLAGS (\\Seen))", "* 2 FETCH (UID 4)", "* 1 FETCH (BODY[] {5}\r\nhello UID 5)",
      "* 1 FETCH (BODY[HEADER] \"a: b\r\n\")", "* 1 FETCH (BINARY[1] ~{3}\r\n\u0000\u0001\u0002)",
      "* LIST (\\HasNoChildren) \"/\" INBOX", "* LIST () NIL {3}\r\nabc", "* STATUS INBOX (MESSAGES 3 UIDNEXT 4)",
      "* ESEARCH (TAG \"A5\") UID ALL 1:4000000000", "* SEARCH 1 2 3", "* ENABLED IMAP4rev2 UTF8=ACCEPT",
      "* NAMESPACE ((\"\" \"/\")) NIL NIL", "* ID (\"name\" \"x\")", "* OK [UIDVALIDITY 3] x", "* OK [ALERT] look",
      "* NO warning", "* 1 FETCH (ENVELOPE (NIL \"s\" NIL NIL NIL NIL NIL NIL NIL NIL) BODYSTRUCTURE (\"TEXT\" "
      + "\"PLAIN\" NIL NIL NIL \"7BIT\" 3 1))", "* 1 FETCH (BODY[] {4294967296}", "* 1 FETCH " + "(".repeat(200),
      "* FLAGS (\\Seen \\Deleted)", "* OK [PERMANENTFLAGS (\\*)] x", "", "\u0000", "* 99 EXPUNGE", "Z OK stray",
      TLS_MARK,
  };


  @FuzzTest(maxDuration = "30s")
  void sessionsAreChunkingIndependentAndBounded(FuzzedDataProvider data) {
    Setup setup = new Setup(data.consumeInt(0, 3), data.pickValue(TlsPolicy.values()), data.consumeBoolean(),
        data.consumeBoolean(), data.consumeInt(0, 255));
    long chunkSeed = data.consumeLong();
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    int responses = data.consumeInt(0, 40);
    for (int i = 0; i < responses && data.remainingBytes() > 0; i++) {
      String r = data.pickValue(RESPONSES);
      if (data.consumeBoolean()) {
        r = r + data.consumeString(20);
      }
      input.writeBytes(r.getBytes(StandardCharsets.UTF_8));
      byte[] ending = data.consumeBoolean() ? "\r\n".getBytes(StandardCharsets.US_ASCII) : new byte[] {'\n'};
      if (!r.equals(TLS_MARK)) {
        input.writeBytes(ending);
      }
    }
    input.writeBytes(data.consumeRemainingAsBytes());
    byte[] in = input.toByteArray();
    compare(run(setup, in, null), run(setup, in, new SplittableRandom(chunkSeed)));
  }

  /** The whole run against the split one, with the two differences the class comment allows. */
  static void compare(Run whole, Run split) {
    if (!whole.log().equals(split.log())) {
      // only the STARTTLS injection, caught in the whole run's read and dropped with the split run's handshake
      assertThat(whole.closed()).as("the runs differ: %s%n vs %s", whole, split).isEqualTo(INJECTION);
      assertThat(split.log()).as("the split run up to the STARTTLS pause")
          .startsWith(whole.log().subList(0, whole.log().size() - 1).toArray(String[]::new));
      assertThat(split.log().get(whole.log().size() - 1)).isEqualTo(new ImapClientEvent.TlsRequested().toString());
      assertThat(split.output()).startsWith(whole.output());
    } else {
      assertThat(split.output()).as("output").isEqualTo(whole.output());
    }
  }

  /**
   * What one run gave: the client's output, its events (the last one {@code Closed}), and how it closed.
   *
   * @param output the octets the client wrote and the host drained
   * @param log    the events in order, section chunks summed
   * @param closed the reason of the {@code Closed} event
   * @param orderly whether it was orderly
   */
  record Run(String output, List<String> log, String closed, boolean orderly) {}

  /** The seed inputs' shapes run as plain tests too, so `mvn verify` exercises the target without Jazzer's corpus. */
  @Test
  void aSessionOfEveryResponse() {
    StringBuilder all = new StringBuilder();
    for (String r : RESPONSES) {
      all.append(r).append("\r\n");
    }
    byte[] in = all.toString().getBytes(StandardCharsets.UTF_8);
    for (int login = 0; login < 4; login++) {
      Setup s = new Setup(login, TlsPolicy.OPPORTUNISTIC, true, false, 255);
      compare(run(s, in, null), run(s, in, new SplittableRandom(login)));
    }
  }

  /**
   * Issue 13's finding (FUZZING.md F5), replayed: the engine writes ENABLE after the tagged OK to CAPABILITY and a
   * malformed response in the same read ends the session; the output is the same whether the host drained between
   * the two or not (the engine test is {@code ClientSecurityTest.anAbortKeepsWhatTheClientHadWrittenWhateverTheReads}).
   */
  @Test
  void anAbortKeepsWhatWasWrittenWholeAndSplit() {
    String answered = "* PREAUTH hi\r\n* CAPABILITY IMAP4rev2 ENABLE\r\nA1 OK done\r\n";
    byte[] in = (answered + "* 1 FETCH (\r\n").getBytes(StandardCharsets.US_ASCII);
    Setup s = new Setup(3, TlsPolicy.NONE, false, false, 0);
    Run whole = run(s, in, null);
    assertThat(whole.output()).isEqualTo("A1 CAPABILITY\r\nA2 ENABLE IMAP4rev2\r\n");
    assertThat(whole.orderly()).isFalse();
    compare(whole, run(s, in, null, answered.length()));  // the host drains between the two reads
    compare(whole, run(s, in, new SplittableRandom(1)));
  }

  /**
   * The STARTTLS injection seen only in the read that holds the OK (RFC 9051 §11.1): whole, the session ends there;
   * split right after the OK, the host drops the injected line with the handshake and the session goes on under TLS.
   */
  @Test
  void anInjectionAfterTheOkToStartTlsIsCaughtInItsRead() {
    String before = "* OK [CAPABILITY IMAP4rev2 STARTTLS AUTH=PLAIN] ready\r\nA1 OK begin TLS\r\n";
    byte[] in = (before + "* OK injected\r\n" + TLS_MARK + "* CAPABILITY IMAP4rev2 AUTH=PLAIN\r\nA2 OK done\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    Setup s = new Setup(0, TlsPolicy.REQUIRED, false, false, 0);
    Run whole = run(s, in, null);
    assertThat(whole.closed()).isEqualTo(INJECTION);
    Run split = run(s, in, null, before.length());
    assertThat(split.log()).contains(new ImapClientEvent.TlsRequested().toString());
    assertThat(split.output()).contains("A2 CAPABILITY").contains("A3 LOGIN mrc secret");
    compare(whole, split);
    byte[] clean = (before + TLS_MARK + "* CAPABILITY IMAP4rev2 AUTH=PLAIN\r\nA2 OK done\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    Run cleanWhole = run(s, clean, null);
    assertThat(cleanWhole.log()).contains("-- tls --");
    assertThat(cleanWhole.output()).contains("A3 LOGIN mrc secret");
    compare(cleanWhole, run(s, clean, new SplittableRandom(7)));
  }

  private record Setup(int login, TlsPolicy policy, boolean plaintext, boolean small, int commands) {
    ImapClientConfig config() {
      ImapLogin l = switch (login) {
        case 0 -> ImapLogin.password("mrc", "secret");
        case 1 -> ImapLogin.sasl("PLAIN", () -> SaslClientMechanisms.plain("", "mrc", "secret"));
        case 2 -> ImapLogin.sasl("XOAUTH2", () -> SaslClientMechanisms.xoauth2("mrc", "token"));
        default -> ImapLogin.preauthenticated();
      };
      ImapClientConfig c = ImapClientConfig.builder().login(l).tlsPolicy(policy).plaintextLoginAllowed(plaintext)
          .build();
      return small ? c.toBuilder().limits(ImapLimits.STRICT.toBuilder().maxResponseLength(8_000).build())
          .maxCollected(3).maxInFlight(2).build() : c;
    }

    void queue(ImapClient c) {
      List<Runnable> all = new ArrayList<>(List.of(
          () -> c.select("INBOX"), () -> c.list("", "*"), () -> c.status("INBOX", StatusItem.MESSAGES),
          () -> c.fetch(false, SequenceSet.of(1), FetchItem.Simple.UID,
              new FetchItem.BodySection(Section.WHOLE, Optional.empty(), true)),
          () -> c.search(true, SearchCriteria.unseen()), () -> c.move(true, SequenceSet.of(1), "Trash"),
          () -> c.append("INBOX", List.of(), Optional.empty(), 3), () -> c.idle(), () -> c.namespace()));
      for (int i = 0; i < all.size(); i++) {
        if ((commands & (1 << i)) != 0) {
          all.get(i).run();
        }
      }
    }
  }

  /** Plays the input as the server's side, fed whole ({@code chunks} null) or in random pieces. */
  private static Run run(Setup setup, byte[] in, SplittableRandom chunks) {
    return run(setup, in, chunks, -1);
  }

  /**
   * Plays the input as the server's side; returns the client's output and its events.
   *
   * @param chunks   the random piece sizes, or null for reads as long as the rules allow
   * @param cutAfter an offset no read spans (the first read ends there), or -1
   */
  private static Run run(Setup setup, byte[] in, SplittableRandom chunks, int cutAfter) {
    ManualTime time = new ManualTime();
    ImapClient c = new ImapClient(setup.config(), time.environment(1),
        new PeerInfo("imap.example.org:143", "fuzz", ConnectionSecurity.PLAINTEXT));
    List<String> log = new ArrayList<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer drain = ByteBuffer.allocate(4096);
    int pos = 0;
    ByteBuffer content = ByteBuffer.allocate(0);
    long[] sectionOctets = {0};
    boolean[] queued = {false};
    ImapClientEvent.Closed[] closed = {null};
    int stuck = 0;
    while (c.status() != ProtocolEngine.Status.CLOSED) {
      drainAll(c, out, drain);
      content = take(c, setup, log, sectionOctets, queued, closed, content);
      switch (c.status()) {
        case STREAM_CHANGE -> {
          // the handshake starts at the marker: what was read before it goes to the handshake, not the engine
          pos = Math.min(in.length, nextMark(in, pos) + 1);      // the marker is at pos or after it
          c.streamChanged(TlsInfo.unknown());
          log.add("-- tls --");
        }
        case AWAITING_DECISION -> c.appendContent(content);
        case NEEDS_INPUT, OUTPUT_FULL -> {
          if (pos == in.length) {
            c.receiveEnd();
            continue;
          }
          int limit = nextMark(in, pos + 1);             // no read spans the start of a TLS handshake
          if (cutAfter > pos && cutAfter < limit) {
            limit = cutAfter;
          }
          int n = chunks == null ? limit - pos : 1 + chunks.nextInt(Math.min(limit - pos, 64));
          ByteBuffer piece = ByteBuffer.wrap(in, pos, n);
          c.receive(piece);
          stuck = piece.position() == pos && !c.hasOutput() ? stuck + 1 : 0;
          pos = piece.position();
        }
        default -> stuck++;
      }
      assertThat(stuck).as("progress").isLessThan(1000);
      assertThat(out.size()).as("client output").isLessThan(64 * 1024);
    }
    drainAll(c, out, drain);
    take(c, setup, log, sectionOctets, queued, closed, content);
    assertThat(closed[0]).as("a closed session says so").isNotNull();
    return new Run(out.toString(StandardCharsets.ISO_8859_1), log, closed[0].reason(), closed[0].orderly());
  }

  /** {@return the offset of the first TLS marker at or after {@code from}, or the input's end} */
  private static int nextMark(byte[] in, int from) {
    for (int i = from; i < in.length; i++) {
      if (in[i] == TLS_MARK.charAt(0)) {
        return i;
      }
    }
    return in.length;
  }

  /** Takes the events as the host does; returns the APPEND content to stream. */
  private static ByteBuffer take(ImapClient c, Setup setup, List<String> log, long[] sectionOctets,
                                 boolean[] queued, ImapClientEvent.Closed[] closed, ByteBuffer content) {
    for (ImapClientEvent e; (e = c.nextEvent()) != null; ) {
      assertThat(closed[0]).as("nothing after Closed: %s", e).isNull();
      if (e instanceof ImapClientEvent.SectionChunk ch) {
        sectionOctets[0] += ch.bytes().remaining();     // how the octets were cut depends on the chunking
        continue;
      }
      log.add(e instanceof ImapClientEvent.SectionEnd ? "SectionEnd " + sectionOctets[0] : e.toString());
      if (e instanceof ImapClientEvent.AppendReady a) {
        content = ByteBuffer.allocate((int) a.size());
      } else if (e instanceof ImapClientEvent.LoggedIn && !queued[0] && !c.isClosed()) {
        queued[0] = true;
        setup.queue(c);
      } else if (e instanceof ImapClientEvent.Closed cl) {
        closed[0] = cl;
      }
    }
    return content;
  }

  private static void drainAll(ImapClient c, ByteArrayOutputStream out, ByteBuffer drain) {
    while (c.hasOutput()) {
      drain.clear();
      c.drainOutput(drain);
      out.write(drain.array(), 0, drain.position());
    }
  }
}
