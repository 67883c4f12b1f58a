package dev.missive.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.missive.imap.protocol.ImapLimits;
import dev.missive.imap.protocol.NonSynchronizingLiterals;
import dev.missive.imap.store.InMemoryMailStore;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.testkit.Feeding;
import dev.missive.testkit.FuzzHostLoop;
import dev.missive.testkit.ManualTime;
import dev.missive.testkit.PeerBytes;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamChange;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.TlsInfo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The IMAP server engine under fuzzing (FUZZING.md, "Adding an engine target"): a whole session of grammar-aware
 * commands, through the handler engine over the in-memory store, fed whole and in random chunks by testkit's
 * {@link FuzzHostLoop}. The commands include CONDSTORE and QRESYNC (RFC 7162: ENABLE, SELECT/EXAMINE with
 * {@code (CONDSTORE)} and {@code (QRESYNC (uidvalidity modseq [known-uids [(seq-match)]]))}, FETCH's
 * {@code CHANGEDSINCE} with and without {@code VANISHED}, STORE's {@code UNCHANGEDSINCE}, SEARCH {@code MODSEQ},
 * STATUS {@code HIGHESTMODSEQ}) and COMPRESS (RFC 4978), offered when the input says the host keeps them; after
 * COMPRESS the rest of the input is the inflated stream the transport hands over.
 */
class ImapServerFuzzTest {

  private static final String[] COMMANDS = {
      "a CAPABILITY", "a NOOP", "a LOGIN alice secret", "a LOGIN {5}\r\nalice {6+}\r\nsecret", "a LOGOUT",
      "a STARTTLS", "a AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==", "a AUTHENTICATE PLAIN", "AGFsaWNlAHNlY3JldA==",
      "*", "a ENABLE IMAP4rev2 UTF8=ACCEPT", "a SELECT INBOX", "a EXAMINE INBOX", "a SELECT Trash",
      "a CREATE Trash", "a CREATE a/b/c", "a DELETE a/b/c", "a RENAME a x", "a SUBSCRIBE x", "a LIST \"\" *",
      "a LIST (SUBSCRIBED) \"\" (* %) RETURN (CHILDREN STATUS (MESSAGES SIZE))", "a LSUB \"\" %",
      "a STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY UNSEEN DELETED SIZE RECENT APPENDLIMIT)", "a NAMESPACE",
      "a ID (\"name\" \"fuzz\")", "a APPEND INBOX (\\Seen) {12}\r\nSubject: x\r\n\r\n",
      "a APPEND INBOX {3+}\r\nabc (\\Flagged) {2+}\r\nxy", "a APPEND Nowhere {1}\r\nz", "a IDLE", "DONE",
      "a FETCH 1:* (FLAGS UID ENVELOPE BODYSTRUCTURE)", "a FETCH 1 BODY[]", "a FETCH 1 (BODY.PEEK[1]<0.3>)",
      "a FETCH * BINARY[1]", "a FETCH 1 (BINARY.SIZE[1] RFC822.HEADER RFC822.TEXT RFC822)", "a UID FETCH 1:* FLAGS",
      "a FETCH 99 FLAGS", "a STORE 1 +FLAGS (\\Deleted)", "a UID STORE 1:* FLAGS.SILENT (\\Seen)",
      "a SEARCH TEXT hello", "a SEARCH RETURN (SAVE) ALL", "a FETCH $ FLAGS", "a UID SEARCH RETURN (MIN MAX COUNT) 1:*",
      "a SEARCH CHARSET KOI8-R ALL", "a COPY 1 Trash", "a UID MOVE 1:* Trash", "a EXPUNGE", "a UID EXPUNGE 1:5",
      "a CHECK", "a CLOSE", "a UNSELECT", "a BOGUS", "", "a LOGIN {4294967296}", "a FETCH 1 (((((((((FLAGS",
      "a SELECT \"\\\"\r", "\u0000", "a SEARCH OR NOT SEEN (FROM x) UNDELETED",
      // CONDSTORE and QRESYNC (RFC 7162), COMPRESS=DEFLATE (RFC 4978): offered when the host says it keeps them
      "a ENABLE CONDSTORE", "a ENABLE QRESYNC", "a ENABLE CONDSTORE QRESYNC", "a SELECT INBOX (CONDSTORE)",
      "a EXAMINE INBOX (CONDSTORE)", "a SELECT INBOX (QRESYNC (1 1))", "a SELECT INBOX (QRESYNC (1 0 1:*))",
      "a SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))",
      "a SELECT INBOX (QRESYNC (1 2 1:5 (1:3 1:3)))", "a EXAMINE INBOX (QRESYNC (1 99999999999999999999))",
      "a SELECT INBOX (QRESYNC (1))", "a FETCH 1:* (FLAGS) (CHANGEDSINCE 1)", "a FETCH 1 (MODSEQ)",
      "a UID FETCH 1:* (FLAGS) (CHANGEDSINCE 0 VANISHED)", "a FETCH 1:* FLAGS (CHANGEDSINCE 1 VANISHED)",
      "a STORE 1 (UNCHANGEDSINCE 1) +FLAGS (\\Seen)", "a UID STORE 1:* (UNCHANGEDSINCE 0) FLAGS (\\Answered)",
      "a STORE 1:* (UNCHANGEDSINCE 18446744073709551615) -FLAGS.SILENT (\\Deleted)", "a SEARCH MODSEQ 1",
      "a SEARCH MODSEQ \"/flags/\\\\draft\" all 620162338", "a UID SEARCH RETURN (MIN) MODSEQ 0",
      "a STATUS INBOX (HIGHESTMODSEQ MESSAGES)", "a COMPRESS DEFLATE", "a COMPRESS X", "a UID EXPUNGE 1",
  };

  @FuzzTest(maxDuration = "30s")
  void sessionsAreChunkingIndependentAndBounded(FuzzedDataProvider data) {
    boolean startTls = data.consumeBoolean();
    boolean sasl = data.consumeBoolean();
    boolean small = data.consumeBoolean();
    NonSynchronizingLiterals literals = data.pickValue(NonSynchronizingLiterals.values());
    ConnectionSecurity security = data.pickValue(ConnectionSecurity.values());
    long envSeed = data.consumeLong();
    long chunkSeed = data.consumeLong();
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    int commands = data.consumeInt(0, 40);
    for (int i = 0; i < commands && data.remainingBytes() > 0; i++) {
      String c = data.pickValue(COMMANDS);
      if (data.consumeBoolean()) {
        c = c + data.consumeString(20);
      }
      input.writeBytes(c.getBytes(StandardCharsets.UTF_8));
      input.writeBytes(data.consumeBoolean() ? "\r\n".getBytes(StandardCharsets.US_ASCII) : new byte[] {'\n'});
    }
    boolean hostExtensions = data.consumeBoolean(); // read last, so the earlier seeds keep their sessions
    input.writeBytes(data.consumeRemainingAsBytes());
    byte[] in = input.toByteArray();

    ImapServerConfig.Builder b = ImapServerConfig.builder().startTls(startTls).nonSynchronizingLiterals(literals)
        .failedLoginDelay(Duration.ofSeconds(1)).maxBadCommands(1000)
        // one client turn: whether literal octets came before the "+" depends on the split, so no sync check
        .synchronizationCheck(false);
    if (hostExtensions) {
      b.hostCapabilities("CONDSTORE", "QRESYNC", ImapServerConfig.COMPRESS_DEFLATE);
    }
    if (sasl) {
      b.sasl(SaslServerMechanisms.builder().plain((u, p) -> "alice".equals(u)).build());
    }
    if (small) {
      b.limits(ImapLimits.STRICT.toBuilder().maxCommandLength(8_000).maxAppendSize(64).build())
          .outputSoftLimit(1024);
    }
    ImapServerConfig config = b.build();
    String whole = run(config, security, envSeed, in, Feeding.whole());
    String chunked = run(config, security, envSeed, in, Feeding.random(chunkSeed));
    assertThat(chunked).isEqualTo(whole);
  }

  /** Plays the input through testkit's host loop; returns the output (bounded by 64 KiB + 4 KiB per octet). */
  private static String run(ImapServerConfig config, ConnectionSecurity security, long envSeed, byte[] in,
                            Feeding feeding) {
    InMemoryMailStore store = new InMemoryMailStore(java.time.Clock.fixed(ManualTime.DEFAULT_START,
        java.time.ZoneOffset.UTC));
    store.addUser("alice", "secret");
    store.deliver("alice", "INBOX", "Subject: hi\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
        .getBytes(StandardCharsets.US_ASCII));
    ManualTime time = new ManualTime();
    ProtocolEngine s = new ImapHandlerServer(store, config, time.environment(envSeed),
        new PeerInfo("[192.0.2.1]", "fuzz", security));
    FuzzHostLoop loop = FuzzHostLoop.server(s, new PeerBytes(in), time);
    loop.play(feeding, new FuzzHostLoop.Target() {
      private int changes;

      /**
       * Nothing to take: the handler engine answers its own events when asked for its status, and says
       * {@code AWAITING_DECISION} while a FETCH response waits for its output to be drained, which the loop does.
       */
      @Override
      public void takeEvents() {
      }

      /**
       * STARTTLS (the plaintext before the marker dropped) or COMPRESS=DEFLATE (RFC 4978): the engine goes on in the
       * new layer. The peer's octets after COMPRESS are fed as the transport hands them over, inflated (the transport's
       * DeflateCodec does that; its own tests cover it), so the target compares the inflated output.
       */
      @Override
      public void streamChange(boolean handshakeSucceeds) {
        boolean deflate = s.pendingStreamChange().orElseThrow() instanceof StreamChange.Compress;
        s.streamChanged(deflate ? new StreamLayer.Deflate() : TlsInfo.unknown());
        changes++;
      }

      @Override
      public long outputBound() {
        return 64 * 1024 + 4096L * in.length;
      }

      @Override
      public int logged() {
        return changes;
      }
    });
    return loop.output();
  }
}
