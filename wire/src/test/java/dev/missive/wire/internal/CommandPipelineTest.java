package dev.missive.wire.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.wire.TestTime;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Commands in order, pipelined or one at a time (RFC 2920 §3.1, RFC 2449 §6.6), and their reply deadlines. */
class CommandPipelineTest {

  enum Cmd { GREETING, EHLO, MAIL, RCPT, DATA, DATA_END, QUIT }

  /** RFC 5321 §4.5.3.2: 5 minutes for the greeting, MAIL and RCPT, 2 for DATA, 10 for the end of data. */
  static Duration timeout(Cmd c) {
    return switch (c) {
      case GREETING, MAIL, RCPT -> Duration.ofMinutes(5);
      case DATA -> Duration.ofMinutes(2);
      case DATA_END -> Duration.ofMinutes(10);
      default -> Duration.ofMinutes(3);
    };
  }

  private final TestTime time = new TestTime();

  private CommandPipeline<Cmd> pipeline(int outputLimit) {
    return new CommandPipeline<>(outputLimit, time.environment(), CommandPipelineTest::timeout);
  }

  private static String drained(CommandPipeline<?> p) {
    ByteBuffer b = ByteBuffer.allocate(1 << 16);
    p.out().drainTo(b);
    return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
  }

  /** RFC 2920 §3.1's example: the envelope and DATA go in one group; replies answer them in order. */
  @Test
  void pipelinedCommandsAreAnsweredInOrder() {
    CommandPipeline<Cmd> p = pipeline(4096);
    p.queue(Cmd.MAIL, "MAIL FROM:<mrose@dbc.mtview.ca.us>", false);
    p.queue(Cmd.RCPT, "RCPT TO:<ned@innosoft.com>", false);
    p.queue(Cmd.RCPT, "RCPT TO:<dan@innosoft.com>", false);
    p.queue(Cmd.DATA, "DATA", false);
    assertThat(p.flush(true, Integer.MAX_VALUE)).isEqualTo(4);
    assertThat(drained(p)).isEqualTo("MAIL FROM:<mrose@dbc.mtview.ca.us>\r\nRCPT TO:<ned@innosoft.com>\r\n"
        + "RCPT TO:<dan@innosoft.com>\r\nDATA\r\n");
    assertThat(p.inFlight()).isEqualTo(4);
    assertThat(p.awaiting(Cmd.DATA)).isTrue();
    assertThat(p.answered()).isEqualTo(Cmd.MAIL);
    assertThat(p.answered()).isEqualTo(Cmd.RCPT);
    assertThat(p.awaited()).isEqualTo(Cmd.RCPT);
    assertThat(p.answered()).isEqualTo(Cmd.RCPT);
    assertThat(p.answered()).isEqualTo(Cmd.DATA);
    assertThat(p.awaiting()).isFalse();
    assertThat(p.answered()).as("a reply nobody asked for").isNull();
  }

  @Test
  void withoutPipeliningOneCommandGoesOnceEveryEarlierReplyHasCome() {
    CommandPipeline<Cmd> p = pipeline(4096);
    p.queue(Cmd.MAIL, "MAIL FROM:<>", false);
    p.queue(Cmd.RCPT, "RCPT TO:<a@example.org>", false);
    assertThat(p.flush(false, 10)).isEqualTo(1);
    assertThat(p.hasQueued()).isTrue();
    assertThat(p.sendNext(false, 10)).isNull();
    p.answered();
    assertThat(p.sendNext(false, 10)).isEqualTo(Cmd.RCPT);
    assertThat(drained(p)).isEqualTo("MAIL FROM:<>\r\nRCPT TO:<a@example.org>\r\n");
  }

  @Test
  void pipeliningStopsAtTheInFlightBoundAndAtTheOutputLimit() {
    CommandPipeline<Cmd> p = pipeline(4096);
    for (int i = 0; i < 5; i++) {
      p.queue(Cmd.RCPT, "RCPT TO:<u" + i + "@example.org>", false);
    }
    assertThat(p.flush(true, 3)).isEqualTo(3);
    p.answered();
    assertThat(p.flush(true, 3)).isEqualTo(1);

    CommandPipeline<Cmd> small = pipeline(16);
    small.queue(Cmd.RCPT, "RCPT TO:<long-enough@example.org>", false);
    small.queue(Cmd.RCPT, "RCPT TO:<b@example.org>", false);
    assertThat(small.flush(true, 100)).as("the first always goes; then the output is over its limit").isEqualTo(1);
    drained(small);
    assertThat(small.flush(true, 100)).isEqualTo(1);
  }

  @Test
  void utf8OnlyWhereTheSessionAllowsIt() {
    CommandPipeline<Cmd> p = pipeline(4096);
    assertThatThrownBy(() -> p.send(Cmd.MAIL, "MAIL FROM:<δοκιμή@example.org>", false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(p.awaiting()).isFalse();
    p.send(Cmd.MAIL, "MAIL FROM:<δοκιμή@example.org> SMTPUTF8", true);
    assertThat(drained(p)).isEqualTo("MAIL FROM:<δοκιμή@example.org> SMTPUTF8\r\n");
  }

  @Test
  void eachCommandIsTimedFromWhenItBecomesTheOldest() {
    CommandPipeline<Cmd> p = pipeline(4096);
    long t0 = time.now();
    p.expect(Cmd.GREETING);
    assertThat(p.deadline()).hasValue(t0 + Duration.ofMinutes(5).toNanos());
    time.advance(Duration.ofMinutes(1));
    p.send(Cmd.EHLO, "EHLO client.example.org", false);
    assertThat(p.deadline()).as("EHLO waits behind the greeting").hasValue(t0 + Duration.ofMinutes(5).toNanos());
    time.advance(Duration.ofMinutes(1));
    p.answered();
    assertThat(p.deadline()).hasValue(time.now() + Duration.ofMinutes(3).toNanos());
    time.advance(Duration.ofMinutes(2));
    p.heard();
    assertThat(p.deadline()).hasValue(time.now() + Duration.ofMinutes(3).toNanos());
    time.advance(Duration.ofMinutes(3).minusNanos(1));
    assertThat(p.due()).isFalse();
    time.advance(Duration.ofNanos(1));
    assertThat(p.due()).isTrue();
    p.answered();
    assertThat(p.deadline()).isEmpty();
    assertThat(p.due()).isFalse();
  }

  /** RFC 5321 §4.5.3.2.5: while the host streams content and no reply is due, the data-block timer runs. */
  @Test
  void theContentTimerRunsOnlyWhileNoReplyIsAwaited() {
    CommandPipeline<Cmd> p = pipeline(4096);
    p.send(Cmd.DATA, "DATA", false);
    long dataDeadline = p.deadline().getAsLong();
    p.streaming(Duration.ofMinutes(3));
    assertThat(p.deadline()).hasValue(dataDeadline);
    p.answered();
    p.streaming(Duration.ofMinutes(3));
    assertThat(p.deadline()).hasValue(time.now() + Duration.ofMinutes(3).toNanos());
    time.advance(Duration.ofMinutes(1));
    p.streaming(Duration.ofMinutes(3));
    assertThat(p.deadline()).hasValue(time.now() + Duration.ofMinutes(3).toNanos());
    p.out().writeAscii(".\r\n");
    p.expect(Cmd.DATA_END);
    assertThat(p.deadline()).hasValue(time.now() + Duration.ofMinutes(10).toNanos());
    p.heard();
    p.clear(true);
    assertThat(p.deadline()).isEmpty();
    assertThat(p.awaiting()).isFalse();
    assertThat(p.out().hasOutput()).isFalse();
  }

  @Test
  void droppingTheQueueKeepsWhatIsInFlight() {
    CommandPipeline<Cmd> p = pipeline(4096);
    p.send(Cmd.MAIL, "MAIL FROM:<>", false);
    p.queue(Cmd.RCPT, "RCPT TO:<secret@example.org>", false);
    p.dropQueued();
    assertThat(p.hasQueued()).isFalse();
    assertThat(p.awaited()).isEqualTo(Cmd.MAIL);
    assertThat(p.toString()).doesNotContain("secret").doesNotContain("MAIL FROM");
    p.clear(false);
    assertThat(p.out().hasOutput()).as("clear(false) leaves the output for the host").isTrue();
  }

  /**
   * Random queueing, flushing and replies: commands go out in the order queued, each reply answers the oldest
   * command sent, and while pipelining no more than the bound are in flight.
   */
  @Property(tries = 200)
  void commandsGoOutInOrderAndRepliesMatchThem(@ForAll @Size(max = 80) List<@IntRange(min = 0, max = 2) Integer> ops,
      @ForAll boolean pipelining, @ForAll @IntRange(min = 1, max = 6) int maxInFlight) {
    CommandPipeline<Integer> p = new CommandPipeline<>(1 << 20, time.environment(), c -> Duration.ofMinutes(1));
    ArrayDeque<Integer> sentModel = new ArrayDeque<>();
    List<Integer> sentOrder = new ArrayList<>();
    int next = 0;
    for (int op : ops) {
      if (op == 0) {
        p.queue(next, "NOOP " + next, false);
        next++;
      } else if (op == 1) {
        for (Integer c; (c = p.sendNext(pipelining, maxInFlight)) != null; ) {
          sentModel.add(c);
          sentOrder.add(c);
          assertThat(p.inFlight()).isLessThanOrEqualTo(pipelining ? maxInFlight : 1);
        }
      } else {
        assertThat(p.answered()).isEqualTo(sentModel.poll());
      }
    }
    for (int i = 0; i < sentOrder.size(); i++) {
      assertThat(sentOrder.get(i)).isEqualTo(i);
    }
    assertThat(p.inFlight()).isEqualTo(sentModel.size());
  }
}
