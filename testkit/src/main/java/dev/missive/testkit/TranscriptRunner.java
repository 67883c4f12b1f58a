package dev.missive.testkit;

import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.ProtocolEngine.Status;
import dev.missive.wire.StreamChange;
import dev.missive.wire.TlsInfo;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Plays a {@link Transcript} against one {@link ProtocolEngine}, turn by turn, as the RFC examples describe the
 * session (RFC 5321 Appendix D, RFC 1939 §3): the peer's turns are fed to the engine, the engine's output is
 * compared with the engine side's lines.
 *
 * <p>For each turn of the peer the runner splits the bytes as its {@link Feeding} says, calls {@code receive}
 * for each piece and the {@link EngineHost} after each call; before the next turn, and before each marker, it
 * calls the host and drains <em>all</em> output, so the synchronisation check (docs/architecture.md, "The
 * synchronisation check") is never tripped (a {@code -- undrained --} marker trips it on purpose). When the engine
 * stops consuming because it asks for TLS ({@link StreamChange.StartTls}), the rest of the turn is dropped, as a real
 * host drops bytes it read but did not feed (RFC 3207 §4.2); once the engine closes, the rest of the turn is dropped
 * too. A transcript without {@code -- tls --} markers gets TLS established ({@link TlsInfo#unknown()}) whenever the
 * engine asks for it between turns; with markers, only where they stand. Mismatches throw
 * {@link TranscriptMismatch} naming the line, the feeding, expected and actual.
 *
 * <pre>{@code
 * @Test void rfc5321AppendixD1() {
 *   Transcript t = Transcript.parse(getClass().getResourceAsStream("/rfc5321-d1.txt"));
 *   EngineHost<SmtpServer> host = (smtp, log) -> {
 *     for (SmtpServerEvent e; (e = smtp.nextEvent()) != null; ) { log.add(e); smtp.accept(); }
 *   };
 *   new TranscriptRunner<>(Side.SERVER, HostedEngine.of(new SmtpServer(config, new ManualTime().fixedEnvironment()), host))
 *       .feeding(Feeding.byteByByte())
 *       .play(t);
 * }
 * }</pre>
 *
 * <p>A runner plays once: its engine is used up. {@link ChunkingCheck} runs the same transcript with fresh
 * engines fed in several ways and compares the {@link Outcome}s.
 *
 * @param <E> the engine type
 */
public final class TranscriptRunner<E extends ProtocolEngine> {

  private static final int DRAIN_GUARD = 1 << 16;

  private final Side engineSide;
  private final HostedEngine<E> hosted;
  private final E engine;
  private final EventLog log = new EventLog();
  private final ByteArrayOutputStream all = new ByteArrayOutputStream();
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private final ByteBuffer drainBuffer = ByteBuffer.allocate(8192);
  private final List<TranscriptStep> expected = new ArrayList<>();
  private Feeding feeding = Feeding.whole();
  private Feeding.Splitter splitter;
  private boolean tlsOnlyAtMarkers;
  private boolean played;
  private boolean undrained;

  /**
   * A runner for an engine on {@code engineSide}: {@link Side#SERVER} feeds the {@code C:} lines and expects the
   * {@code S:} lines, {@link Side#CLIENT} the reverse.
   *
   * @param engineSide the side the engine plays
   * @param hosted     the engine and its host
   */
  public TranscriptRunner(Side engineSide, HostedEngine<E> hosted) {
    this.engineSide = java.util.Objects.requireNonNull(engineSide, "engineSide");
    this.hosted = java.util.Objects.requireNonNull(hosted, "hosted");
    this.engine = hosted.engine();
  }

  /**
   * Plays {@code t} against a server engine, each turn fed whole.
   *
   * @param <E>    the engine type
   * @param t      the transcript
   * @param hosted the server engine and its host
   * @return what the engine sent and the host's event log
   */
  public static <E extends ProtocolEngine> Outcome playServer(Transcript t, HostedEngine<E> hosted) {
    return new TranscriptRunner<>(Side.SERVER, hosted).play(t);
  }

  /**
   * Plays {@code t} against a client engine, each turn fed whole.
   *
   * @param <E>    the engine type
   * @param t      the transcript
   * @param hosted the client engine and its host
   * @return what the engine sent and the host's event log
   */
  public static <E extends ProtocolEngine> Outcome playClient(Transcript t, HostedEngine<E> hosted) {
    return new TranscriptRunner<>(Side.CLIENT, hosted).play(t);
  }

  /**
   * Sets how each turn is split into {@code receive} calls (default {@link Feeding#whole()}).
   *
   * @param f the feeding
   * @return this runner
   */
  public TranscriptRunner<E> feeding(Feeding f) {
    this.feeding = java.util.Objects.requireNonNull(f, "feeding");
    return this;
  }

  /**
   * Plays the transcript to its end.
   *
   * @param t the transcript
   * @return every octet the engine sent and the host's event log
   * @throws TranscriptMismatch       when the engine departs from the transcript
   * @throws IllegalArgumentException when the transcript asks the impossible (a pattern to be fed, a timeout
   *                                  without manual time)
   * @throws IllegalStateException    when this runner has already played
   */
  public Outcome play(Transcript t) {
    if (played) {
      throw new IllegalStateException("a TranscriptRunner plays once; make a new one with a fresh engine");
    }
    played = true;
    splitter = feeding.newSplitter();
    tlsOnlyAtMarkers = t.hasTlsMarkers();
    List<TranscriptStep> steps = t.steps();
    Side fed = engineSide.peer();
    host();
    int i = 0;
    while (i < steps.size()) {
      TranscriptStep s = steps.get(i);
      if (s instanceof TranscriptStep.Marker m && m.kind() == TranscriptStep.MarkerKind.UNDRAINED) {
        undrained = true;
        i++;
      } else if (s instanceof TranscriptStep.Marker m) {
        settle(m.lineNumber());
        perform(m);
        i++;
      } else if (side(s) == engineSide) {
        expected.add(s);
        i++;
      } else {
        if (!undrained) {
          settle(s.lineNumber());
        }
        undrained = false;
        ByteArrayOutputStream turn = new ByteArrayOutputStream();
        int j = i;
        while (j < steps.size() && side(steps.get(j)) == fed) {
          if (!(steps.get(j) instanceof TranscriptStep.Octets o)) {
            throw new IllegalArgumentException("transcript line " + steps.get(j).lineNumber()
                + ": a pattern line cannot be fed to the engine");
          }
          turn.writeBytes(o.octets());
          j++;
        }
        feed(turn.toByteArray(), s.lineNumber());
        i = j;
      }
    }
    settle(steps.isEmpty() ? 0 : steps.get(steps.size() - 1).lineNumber());
    return new Outcome(all.toByteArray(), log.entries());
  }

  private static Side side(TranscriptStep s) {
    if (s instanceof TranscriptStep.Octets o) {
      return o.side();
    }
    if (s instanceof TranscriptStep.LinePattern p) {
      return p.side();
    }
    return null;
  }

  private void host() {
    hosted.handle(log);
  }

  private void feed(byte[] turn, int line) {
    ByteBuffer in = ByteBuffer.wrap(turn);
    while (in.hasRemaining() && !engine.isClosed()) {
      if (!engine.wantsInput()) {
        host();
        drainInto(pending);
        Status status = engine.status();
        if (status == Status.STREAM_CHANGE && in.position() == 0) {
          throw mismatch(line, "the engine waits for " + engine.pendingStreamChange().orElseThrow()
              + " but no -- tls -- marker stands before this turn");
        }
        if (status == Status.CLOSED || status == Status.STREAM_CHANGE) {
          break;                                      // the host drops what it read but did not feed
        }
        if (status != Status.NEEDS_INPUT) {
          throw mismatch(line, "the engine stopped consuming input after " + in.position() + " of " + turn.length
              + " bytes of this turn (" + status + ") and the host did not resume it");
        }
      }
      int n = splitter.next(in.position(), in.remaining());
      if (n < 1 || n > in.remaining()) {
        throw new IllegalStateException(feeding + " gave a piece of " + n + " bytes");
      }
      ByteBuffer piece = in.slice(in.position(), n);
      engine.receive(piece);
      if (piece.position() == 0 && engine.wantsInput() && !engine.isClosed()) {
        throw mismatch(line, "the engine consumed nothing of " + n + " bytes although it wants input");
      }
      in.position(in.position() + piece.position());
      host();
    }
  }

  private void settle(int line) {
    drainInto(pending);
    ExpectedOutput.Mismatch m = ExpectedOutput.check(expected, pending.toByteArray(), line);
    if (m != null) {
      throw mismatch(m.lineNumber(), m.message());
    }
    expected.clear();
    pending.reset();
    if (!tlsOnlyAtMarkers && engine.status() == Status.STREAM_CHANGE) {
      establishTls(line);
    }
  }

  private void drainInto(ByteArrayOutputStream sink) {
    for (int guard = 0; ; guard++) {
      host();
      if (!engine.hasOutput()) {
        return;
      }
      if (guard == DRAIN_GUARD) {
        throw mismatch(0, "the engine never stops producing output");
      }
      drainBuffer.clear();
      engine.drainOutput(drainBuffer);
      drainBuffer.flip();
      if (!drainBuffer.hasRemaining()) {
        throw mismatch(0, "hasOutput() is true but drainOutput gave no bytes");
      }
      sink.write(drainBuffer.array(), 0, drainBuffer.limit());
      all.write(drainBuffer.array(), 0, drainBuffer.limit());
    }
  }

  private void perform(TranscriptStep.Marker m) {
    switch (m.kind()) {
      case TLS:
        if (engine.status() != Status.STREAM_CHANGE) {
          throw mismatch(m.lineNumber(), "expected the engine to wait for TLS here; it is " + engine.status());
        }
        establishTls(m.lineNumber());
        break;
      case EOF:
        if (!engine.isClosed()) {
          engine.receiveEnd();
          host();
        }
        break;
      case CLOSED:
        if (!engine.isClosed()) {
          throw mismatch(m.lineNumber(), "expected the engine to have closed the session");
        }
        break;
      case TIMEOUT:
        timeout(m.lineNumber());
        break;
      case UNDRAINED:
        break;                                        // handled where turns are fed
      default:
        throw new IllegalStateException("unknown marker " + m.kind());
    }
  }

  private void timeout(int line) {
    ManualTime time = hosted.time();
    if (time == null) {
      throw new IllegalArgumentException("transcript line " + line
          + ": -- timeout -- needs a HostedEngine with ManualTime");
    }
    OptionalLong deadline = engine.nextDeadline();
    if (deadline.isEmpty()) {
      throw mismatch(line, "expected a deadline, the engine has none");
    }
    time.advanceTo(deadline.getAsLong());
    engine.onTimeout();
    host();
  }

  private void establishTls(int line) {
    StreamChange change = engine.pendingStreamChange().orElseThrow();
    if (!(change instanceof StreamChange.StartTls)) {
      throw mismatch(line, "the engine asks for " + change + "; the transcript runner only makes TLS changes");
    }
    engine.streamChanged(TlsInfo.unknown());
    host();
  }

  private TranscriptMismatch mismatch(int line, String message) {
    String where = line > 0 ? "transcript line " + line : "transcript";
    return new TranscriptMismatch(line, where + " (" + engineSide.name().toLowerCase(java.util.Locale.ROOT)
        + " engine, fed " + feeding + "): " + message);
  }
}
