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
import dev.missive.testkit.TestEnvironments;
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
 * unchecked exception; the same output and events either way; progress on every host-loop turn; the client's output
 * bounded by its commands (it never echoes the server).
 */
class ImapClientFuzzTest {

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
      input.writeBytes(data.consumeBoolean() ? "\r\n".getBytes(StandardCharsets.US_ASCII) : new byte[] {'\n'});
    }
    input.writeBytes(data.consumeRemainingAsBytes());
    byte[] in = input.toByteArray();
    String whole = run(setup, in, null);
    String chunked = run(setup, in, new SplittableRandom(chunkSeed));
    assertThat(chunked).isEqualTo(whole);
  }

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
      assertThat(run(s, in, new SplittableRandom(login))).isEqualTo(run(s, in, null));
    }
  }

  private record Setup(int login, TlsPolicy policy, boolean plaintext, boolean small, int commands) {
    ImapClientConfig config() {
      ImapLogin l = switch (login) {
        case 0 -> ImapLogin.password("mrc", "secret");
        case 1 -> ImapLogin.sasl("PLAIN", () -> SaslClientMechanisms.plain("", "mrc", "secret"));
        case 2 -> ImapLogin.sasl("XOAUTH2", () -> SaslClientMechanisms.xoauth2("mrc", "token"));
        default -> ImapLogin.preauthenticated();
      };
      ImapClientConfig c = ImapClientConfig.of(l).withTlsPolicy(policy).withPlaintextLoginAllowed(plaintext);
      return small ? c.withLimits(ImapLimits.STRICT.withMaxResponseLength(8_000)).withMaxCollected(3)
          .withMaxInFlight(2) : c;
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

  /** Plays the input as the server's side; returns the client's output and its events. */
  private static String run(Setup setup, byte[] in, SplittableRandom chunks) {
    ManualTime time = new ManualTime();
    ImapClient c = new ImapClient(setup.config(), TestEnvironments.of(time, 1),
        new PeerInfo("imap.example.org:143", "fuzz", ConnectionSecurity.PLAINTEXT));
    StringBuilder log = new StringBuilder();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer drain = ByteBuffer.allocate(4096);
    ByteBuffer buf = ByteBuffer.wrap(in);
    ByteBuffer content = ByteBuffer.allocate(0);
    long sectionOctets = 0;
    boolean queued = false;
    int stuck = 0;
    while (c.status() != ProtocolEngine.Status.CLOSED) {
      drainAll(c, out, drain);
      for (ImapClientEvent e; (e = c.nextEvent()) != null; ) {
        if (e instanceof ImapClientEvent.SectionChunk ch) {
          sectionOctets += ch.bytes().remaining();       // how the octets were cut depends on the chunking
          continue;
        }
        log.append(e instanceof ImapClientEvent.SectionEnd ? "SectionEnd " + sectionOctets : e).append('\n');
        if (e instanceof ImapClientEvent.AppendReady a) {
          content = ByteBuffer.allocate((int) a.size());
        }
        if (e instanceof ImapClientEvent.LoggedIn && !queued) {
          queued = true;
          setup.queue(c);
        }
      }
      switch (c.status()) {
        case STREAM_CHANGE -> {
          buf.position(buf.limit());                     // unfed input is dropped at a TLS change, as a host does
          c.streamChanged(TlsInfo.unknown());
        }
        case AWAITING_DECISION -> c.appendContent(content);
        case NEEDS_INPUT, OUTPUT_FULL -> {
          if (!buf.hasRemaining()) {
            c.receiveEnd();
            continue;
          }
          int n = chunks == null ? buf.remaining() : 1 + chunks.nextInt(Math.min(buf.remaining(), 64));
          ByteBuffer piece = buf.slice(buf.position(), n);
          c.receive(piece);
          buf.position(buf.position() + piece.position());
          stuck = piece.position() == 0 && !c.hasOutput() ? stuck + 1 : 0;
        }
        default -> stuck++;
      }
      assertThat(stuck).as("progress").isLessThan(1000);
      assertThat(out.size()).as("client output").isLessThan(64 * 1024);
    }
    drainAll(c, out, drain);
    return out.toString(StandardCharsets.ISO_8859_1) + "\n--\n" + log;
  }

  private static void drainAll(ImapClient c, ByteArrayOutputStream out, ByteBuffer drain) {
    while (c.hasOutput()) {
      drain.clear();
      c.drainOutput(drain);
      out.write(drain.array(), 0, drain.position());
    }
  }
}
