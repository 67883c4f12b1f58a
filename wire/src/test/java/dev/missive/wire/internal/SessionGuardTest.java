package dev.missive.wire.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.wire.OutputQueue;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamChange;
import dev.missive.wire.TestTime;
import dev.missive.wire.internal.SessionGuard.Admission;
import dev.missive.wire.internal.SessionGuard.Expired;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The synchronisation marks, the stream-change pause and the timers every engine keeps (docs/architecture.md,
 * "The synchronisation check", "Stream changes", "Deadlines and time").
 */
class SessionGuardTest {

  private final TestTime time = new TestTime();
  private final OutputQueue out = new OutputQueue(4096);

  private SessionGuard server() {
    return new SessionGuard(time.environment(), out, true, false);
  }

  private static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
  }

  private void drain(int octets) {
    out.drainTo(ByteBuffer.allocate(octets));
  }

  @Test
  void inputBeforeTheGreetingWasDrainedIsASynchronisationError() {
    SessionGuard guard = server();
    out.writeAscii("220 mx.example.org ESMTP\r\n");
    guard.syncMark("greeting");
    ByteBuffer early = bytes("EHLO client.example.org\r\n");
    assertThat(guard.admit(early)).isEqualTo(Admission.SYNC_ERROR);
    assertThat(early.hasRemaining()).as("the bytes are consumed, never parsed").isFalse();
    assertThat(guard.markName()).isEqualTo("greeting");

    SessionGuard second = new SessionGuard(time.environment(), out, true, false);
    second.syncMark("greeting");
    drain(10);
    assertThat(second.admit(bytes("EHLO x\r\n"))).as("half the greeting drained").isEqualTo(Admission.SYNC_ERROR);
  }

  @Test
  void statusFollowsTheDisciplinesOrder() {
    OutputQueue small = new OutputQueue(16);
    SessionGuard guard = new SessionGuard(time.environment(), small, true, false);
    assertThat(guard.status(false, false, false)).isEqualTo(ProtocolEngine.Status.NEEDS_INPUT);
    small.writeAscii("250 a long enough reply\r\n");
    assertThat(guard.status(false, false, false)).isEqualTo(ProtocolEngine.Status.OUTPUT_FULL);
    guard.hold(Duration.ofSeconds(1));
    assertThat(guard.status(false, false, false)).isEqualTo(ProtocolEngine.Status.DELAYED);
    assertThat(guard.status(false, false, true)).isEqualTo(ProtocolEngine.Status.AWAITING_DECISION);
    guard.pause(new StreamChange.StartTls(false));
    assertThat(guard.status(false, false, true)).isEqualTo(ProtocolEngine.Status.STREAM_CHANGE);
    assertThat(guard.status(false, true, true)).isEqualTo(ProtocolEngine.Status.HAS_EVENTS);
    assertThat(guard.status(true, true, true)).isEqualTo(ProtocolEngine.Status.CLOSED);
  }

  @Test
  void inputAfterTheMarkWasDrainedIsTaken() {
    SessionGuard guard = server();
    out.writeAscii("220 mx.example.org ESMTP\r\n");
    guard.syncMark("greeting");
    drain(4096);
    ByteBuffer in = bytes("EHLO client.example.org\r\n");
    assertThat(guard.admit(in)).isEqualTo(Admission.TAKE);
    assertThat(in.position()).as("TAKE leaves the bytes to the engine").isZero();
    assertThat(guard.admit(ByteBuffer.allocate(0))).isEqualTo(Admission.TAKE);
  }

  @Test
  void withTheCheckOffNothingIsASynchronisationError() {
    SessionGuard guard = new SessionGuard(time.environment(), out, false, false);
    out.writeAscii("220 mx.example.org ESMTP\r\n");
    guard.syncMark("greeting", true);
    assertThat(guard.admit(bytes("EHLO x\r\n"))).isEqualTo(Admission.TAKE);
  }

  /** RFC 5321 §4.5.3.1 via borrow: DATA and content in one buffer; the host drains the 354 before it re-offers. */
  @Test
  void bytesWaitingWhenTheMarkWasSetAreASynchronisationErrorHoweverMuchWasDrained() {
    SessionGuard guard = server();
    out.writeAscii("220 mx.example.org ESMTP\r\n");
    guard.syncMark("greeting");
    drain(4096);
    out.writeAscii("354 Start mail input; end with <CRLF>.<CRLF>\r\n");
    guard.syncMark("354 reply", true);
    drain(4096);
    ByteBuffer content = bytes("Subject: early\r\n");
    assertThat(guard.admit(content)).isEqualTo(Admission.SYNC_ERROR);
    assertThat(content.hasRemaining()).isFalse();
    assertThat(guard.markName()).isEqualTo("354 reply");
  }

  @Test
  void aServerDiscardsWhatItIsFedDuringAStreamChange() {
    SessionGuard guard = server();
    guard.pause(new StreamChange.StartTls(false));
    ByteBuffer injected = bytes("MAIL FROM:<attacker@example.org>\r\n");
    assertThat(guard.admit(injected)).isEqualTo(Admission.DISCARD);
    assertThat(injected.hasRemaining()).as("CVE-2011-0411: consumed and dropped").isFalse();
    assertThat(guard.pending()).contains(new StreamChange.StartTls(false));
    assertThat(guard.resume()).isEqualTo(new StreamChange.StartTls(false));
    assertThat(guard.pending()).isEmpty();
    assertThat(guard.admit(bytes("EHLO x\r\n"))).isEqualTo(Admission.TAKE);
  }

  @Test
  void aClientReportsThePeerSpeakingEarlyDuringAStreamChangeAndConsumesNothing() {
    SessionGuard guard = new SessionGuard(time.environment(), out, false, true);
    guard.pause(new StreamChange.StartTls(true));
    ByteBuffer injected = bytes("250 injected\r\n");
    assertThat(guard.admit(injected)).isEqualTo(Admission.PEER_SPOKE_EARLY);
    assertThat(injected.position()).isZero();
    assertThat(guard.admit(ByteBuffer.allocate(0))).isEqualTo(Admission.TAKE);
  }

  @Test
  void oneStreamChangeAtATime() {
    SessionGuard guard = server();
    assertThatThrownBy(guard::resume).isInstanceOf(IllegalStateException.class);
    guard.pause(new StreamChange.Compress("DEFLATE", false));
    assertThatThrownBy(() -> guard.pause(new StreamChange.StartTls(false)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("Compress");
  }

  @Test
  void theIdleTimerRunsFromTheLastActivityAndFiresOnce() {
    SessionGuard guard = server();
    assertThat(guard.deadline(false)).isEmpty();
    guard.idle(Duration.ofMinutes(5));
    long start = time.now();
    assertThat(guard.deadline(false)).hasValue(start + Duration.ofMinutes(5).toNanos());
    time.advance(Duration.ofMinutes(4));
    assertThat(guard.expired(false)).as("early").isEqualTo(Expired.NONE);
    guard.idle(Duration.ofMinutes(5));
    time.advance(Duration.ofMinutes(4));
    assertThat(guard.expired(false)).as("restarted").isEqualTo(Expired.NONE);
    time.advance(Duration.ofMinutes(1));
    assertThat(guard.expired(false)).isEqualTo(Expired.IDLE);
    assertThat(guard.expired(false)).as("reported once").isEqualTo(Expired.NONE);
    assertThat(guard.deadline(false)).isEmpty();
  }

  @Test
  void noDeadlineWhileTheHostOwesAnAnswerOrAStreamChangeIsPending() {
    SessionGuard guard = server();
    guard.idle(Duration.ofSeconds(10));
    time.advance(Duration.ofMinutes(1));
    assertThat(guard.deadline(true)).isEmpty();
    assertThat(guard.expired(true)).isEqualTo(Expired.NONE);
    guard.pause(new StreamChange.StartTls(false));
    assertThat(guard.deadline(false)).isEmpty();
    assertThat(guard.expired(false)).isEqualTo(Expired.NONE);
    guard.resume();
    assertThat(guard.expired(false)).isEqualTo(Expired.IDLE);
  }

  @Test
  void aHeldReplyHasItsOwnDeadlineBeforeTheIdleTimer() {
    SessionGuard guard = server();
    guard.idle(Duration.ofMinutes(10));
    guard.hold(Duration.ofSeconds(3));
    assertThat(guard.holding()).isTrue();
    assertThat(guard.deadline(false)).hasValue(time.now() + Duration.ofSeconds(3).toNanos());
    time.advance(Duration.ofSeconds(2));
    assertThat(guard.expired(false)).isEqualTo(Expired.NONE);
    time.advance(Duration.ofSeconds(1));
    assertThat(guard.expired(false)).isEqualTo(Expired.HOLD);
    assertThat(guard.holding()).isFalse();
    assertThat(guard.deadline(false)).as("back to the idle timer").isPresent();
    guard.hold(Duration.ofSeconds(3));
    guard.stopTimers();
    assertThat(guard.holding()).isFalse();
    assertThat(guard.deadline(false)).isEmpty();
  }

  /**
   * Any interleaving of output, drains of any size and marks: input is refused exactly while the output up to the
   * last mark is not yet drained.
   */
  @Property(tries = 200)
  void refusesInputExactlyWhileTheLastMarkIsUndrained(
      @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 3) Integer> actions,
      @ForAll @Size(min = 60, max = 60) List<@IntRange(min = 1, max = 300) Integer> sizes) {
    OutputQueue q = new OutputQueue(1 << 20);
    SessionGuard guard = new SessionGuard(new TestTime().environment(), q, true, false);
    long markAt = 0;
    for (int i = 0; i < actions.size(); i++) {
      int size = sizes.get(i);
      switch (actions.get(i)) {
        case 0 -> q.write(new byte[size]);
        case 1 -> q.drainTo(ByteBuffer.allocate(size));
        case 2 -> {
          guard.syncMark("mark " + i);
          markAt = q.totalWritten();
        }
        default -> {
          ByteBuffer in = ByteBuffer.wrap(new byte[size]);
          Admission a = guard.admit(in);
          boolean undrained = q.totalDrained() < markAt;
          assertThat(a).isEqualTo(undrained ? Admission.SYNC_ERROR : Admission.TAKE);
          if (undrained) {
            return; // the engine closes on a synchronisation error
          }
        }
      }
    }
    assertThat(guard.deadline(false)).isEqualTo(OptionalLong.empty());
  }
}
