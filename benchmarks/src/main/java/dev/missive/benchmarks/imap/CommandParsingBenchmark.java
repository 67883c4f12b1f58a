package dev.missive.benchmarks.imap;

import dev.missive.imap.protocol.CommandDecoder;
import dev.missive.imap.protocol.CommandInput;
import dev.missive.imap.protocol.ImapLimits;
import dev.missive.imap.protocol.NonSynchronizingLiterals;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * IMAP command parsing (issue 18): one operation reads {@link #COMMANDS} — a session's worth of what desktop and
 * phone clients send (RFC 9051 §6: SELECT, UID FETCH of flags and of header fields as Thunderbird asks them, UID
 * SEARCH, UID STORE, a LIST-EXTENDED, an APPEND of a small message with a non-synchronizing literal, IDLE's
 * neighbours NOOP and CHECK) — through one {@link CommandDecoder}, whole commands into typed records.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CommandParsingBenchmark {

  /** The commands of one operation. */
  public static final String[] COMMANDS = {
      "a1 CAPABILITY",
      "a2 ENABLE IMAP4rev2 UTF8=ACCEPT",
      "a3 LIST (SUBSCRIBED) \"\" \"*\" RETURN (CHILDREN SPECIAL-USE STATUS (MESSAGES UNSEEN UIDNEXT))",
      "a4 SELECT INBOX",
      "a5 UID FETCH 1:* (FLAGS)",
      "a6 UID FETCH 4827313:4828442 (UID RFC822.SIZE FLAGS BODY.PEEK[HEADER.FIELDS (From To Cc Bcc Subject Date "
          + "Message-ID Priority X-Priority References Newsgroups In-Reply-To Content-Type Reply-To)])",
      "a7 UID SEARCH RETURN (ALL COUNT) UNDELETED SINCE 1-Feb-2024 OR FROM \"alice@example.org\" SUBJECT report",
      "a8 UID STORE 4827313,4827315:4827320 +FLAGS.SILENT (\\Seen $Forwarded)",
      "a9 UID FETCH 4828442 BODY.PEEK[]",
      "a10 APPEND Sent (\\Seen) {55+}\r\nSubject: hi\r\nFrom: a@example.org\r\n\r\nshort note to Bob\r\n",
      "a11 NOOP",
      "a12 UID MOVE 4827313 Archive",
  };

  private final byte[] batch;

  /** Builds the batch. */
  public CommandParsingBenchmark() {
    StringBuilder sb = new StringBuilder();
    for (String c : COMMANDS) {
      sb.append(c).append("\r\n");
    }
    batch = sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads every command of the batch.
   *
   * @return the number of commands (and APPEND message octets) read
   */
  @Benchmark
  public long decode() {
    CommandDecoder decoder = new CommandDecoder(ImapLimits.DEFAULT, NonSynchronizingLiterals.LITERAL_PLUS);
    ByteBuffer in = ByteBuffer.wrap(batch);
    long seen = 0;
    while (true) {
      CommandInput r = decoder.next(in);
      if (r instanceof CommandInput.NeedInput) {
        return seen;
      }
      if (r instanceof CommandInput.AppendMessage) {
        decoder.acceptAppend();
      } else if (r instanceof CommandInput.AppendData d) {
        seen += d.bytes().remaining();
      } else if (r instanceof CommandInput.Received || r instanceof CommandInput.AppendComplete) {
        seen++;
      } else if (!(r instanceof CommandInput.AppendMessageEnd)) {
        throw new IllegalStateException("unexpected " + r);
      }
    }
  }
}
