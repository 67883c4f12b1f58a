package dev.missive.testkit;

import dev.missive.testkit.internal.Conversation;
import dev.missive.testkit.internal.Pipe;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamChange;
import dev.missive.wire.TlsInfo;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Joins a client engine to a server engine in memory, with {@link ManualTime} as the shared fake clock, and moves
 * bytes between them until nothing moves (after h11's {@code ConnectionPair} and quinn's {@code Pair::drive});
 * for end-to-end tests of two engines without sockets (RFC 5321 §3, RFC 1939 §3 sessions).
 *
 * <p>{@link #drive()} calls each side's {@link EngineHost}, drains each side's output into its pipe, feeds the
 * other side while it {@code wantsInput()}, simulates the TLS handshake once <em>both</em> sides ask for a
 * {@link StreamChange.StartTls} (bytes still in flight are dropped, as a host drops what it read but did not feed;
 * RFC 3207 §4.2), and tells a
 * side {@code receiveEnd()} once its peer has closed and its output was delivered. Time only moves through
 * {@link #advance(Duration)} and {@link #advanceToNextDeadline()}, which call {@code onTimeout()} on engines
 * whose deadline has come.
 * <pre>{@code
 * ManualTime time = new ManualTime();
 * InMemoryPair<SmtpClient, SmtpServer> pair = new InMemoryPair<>(
 *     HostedEngine.of(new SmtpClient(time.environment(1)), clientHost),
 *     HostedEngine.of(new SmtpServer(config, time.environment(2)), serverHost),
 *     time);
 * pair.drive();
 * assertThat(pair.serverLog().entries()).contains("DataEnd");
 * pair.advance(Duration.ofMinutes(5));         // idle timeout: the server says 421 and closes
 * System.out.println(pair.conversation());     // C:/S: notation of everything that crossed
 * }</pre>
 *
 * @param <C> the client engine type
 * @param <S> the server engine type
 */
public final class InMemoryPair<C extends ProtocolEngine, S extends ProtocolEngine> {

  private static final int GUARD = 1_000_000;

  private final Endpoint<C> client;
  private final Endpoint<S> server;
  private final ManualTime time;
  private final Conversation conversation = new Conversation();
  private final ByteBuffer buffer = ByteBuffer.allocate(8192);
  private int tlsHandshakes;
  private long droppedAtTls;

  /**
   * Joins the two engines; both environments should read {@code time}.
   *
   * @param client the client engine and its host
   * @param server the server engine and its host
   * @param time   the manual time both environments read
   */
  public InMemoryPair(HostedEngine<C> client, HostedEngine<S> server, ManualTime time) {
    this.client = new Endpoint<>(client, 'C');
    this.server = new Endpoint<>(server, 'S');
    this.time = Objects.requireNonNull(time, "time");
  }

  /**
   * Moves bytes both ways until nothing moves: no output left, no input the receiver will take, no TLS
   * handshake both sides wait for, no end of stream to deliver, no deadline already due.
   *
   * @throws IllegalStateException if the engines keep moving bytes for a million rounds
   */
  public void drive() {
    for (int round = 0; round < GUARD; round++) {
      boolean moved = transfer(client, server) | transfer(server, client);
      moved |= handshake() | deliverEnd(client, server) | deliverEnd(server, client) | fireDueTimeouts();
      if (!moved) {
        return;
      }
    }
    throw new IllegalStateException("the engines did not settle after " + GUARD + " rounds");
  }

  /**
   * Advances time by {@code d}, calls {@code onTimeout()} where a deadline has come, then {@link #drive()}s.
   *
   * @param d how far to move time forward
   */
  public void advance(Duration d) {
    time.advance(d);
    drive();
  }

  /**
   * Advances time to the earliest deadline of an open engine, fires it, and {@link #drive()}s.
   *
   * @return false, doing nothing, when no open engine has a deadline
   */
  public boolean advanceToNextDeadline() {
    long earliest = Long.MAX_VALUE;
    for (Endpoint<?> e : new Endpoint<?>[] {client, server}) {
      OptionalLong d = e.engine.isClosed() ? OptionalLong.empty() : e.engine.nextDeadline();
      if (d.isPresent()) {
        earliest = Math.min(earliest, d.getAsLong());
      }
    }
    if (earliest == Long.MAX_VALUE) {
      return false;
    }
    time.advanceTo(earliest);
    drive();
    return true;
  }

  /** {@return the client engine} */
  public C client() {
    return client.engine;
  }

  /** {@return the server engine} */
  public S server() {
    return server.engine;
  }

  /** {@return the client host's event log} */
  public EventLog clientLog() {
    return client.log;
  }

  /** {@return the server host's event log} */
  public EventLog serverLog() {
    return server.log;
  }

  /** {@return the shared manual time} */
  public ManualTime time() {
    return time;
  }

  /** {@return how many simulated TLS handshakes took place} */
  public int tlsHandshakes() {
    return tlsHandshakes;
  }

  /** {@return bytes that were in flight when a TLS handshake started, and so were dropped} */
  public long droppedAtTls() {
    return droppedAtTls;
  }

  /**
   * Everything that crossed so far, in transcript notation ({@code C:}, {@code S:}, {@code -- tls --}).
   *
   * @return the conversation as transcript text
   */
  public String conversation() {
    return conversation.render();
  }

  private boolean transfer(Endpoint<?> from, Endpoint<?> to) {
    boolean moved = false;
    from.handle();
    while (from.engine.hasOutput()) {
      buffer.clear();
      from.engine.drainOutput(buffer);
      buffer.flip();
      if (!buffer.hasRemaining()) {
        throw new IllegalStateException(from.letter + " engine: hasOutput() but drainOutput gave no bytes");
      }
      conversation.record(from.letter, buffer);
      from.pipe.write(buffer);
      moved = true;
      from.handle();
    }
    if (to.engine.isClosed()) {
      moved |= from.pipe.clear() > 0;                 // the connection is gone
    } else if (!from.pipe.isEmpty() && to.engine.wantsInput()) {
      ByteBuffer in = from.pipe.peek();
      to.engine.receive(in);
      from.pipe.consume(in.position());
      moved |= in.position() > 0;
      to.handle();
    }
    return moved;
  }

  private boolean handshake() {
    if (!wantsTls(client.engine) || !wantsTls(server.engine)) {
      return false;
    }
    droppedAtTls += client.pipe.clear() + server.pipe.clear();
    conversation.mark("tls");
    tlsHandshakes++;
    client.engine.streamChanged(TlsInfo.unknown());
    server.engine.streamChanged(TlsInfo.unknown());
    client.handle();
    server.handle();
    return true;
  }

  private static boolean wantsTls(ProtocolEngine engine) {
    return engine.status() == ProtocolEngine.Status.STREAM_CHANGE
        && engine.pendingStreamChange().orElseThrow() instanceof StreamChange.StartTls;
  }

  private boolean deliverEnd(Endpoint<?> closed, Endpoint<?> peer) {
    if (closed.endDelivered || !closed.engine.isClosed() || closed.engine.hasOutput() || !closed.pipe.isEmpty()) {
      return false;
    }
    closed.endDelivered = true;
    if (!peer.engine.isClosed()) {
      conversation.mark(closed.letter + " closes");
      peer.engine.receiveEnd();
      peer.handle();
    }
    return true;
  }

  private boolean fireDueTimeouts() {
    return client.fireIfDue(time) | server.fireIfDue(time);
  }

  private static final class Endpoint<E extends ProtocolEngine> {
    final E engine;
    final HostedEngine<E> hosted;
    final char letter;
    final EventLog log = new EventLog();
    final Pipe pipe = new Pipe();
    boolean endDelivered;

    Endpoint(HostedEngine<E> hosted, char letter) {
      this.hosted = Objects.requireNonNull(hosted, "hosted");
      this.engine = hosted.engine();
      this.letter = letter;
    }

    void handle() {
      hosted.handle(log);
    }

    boolean fireIfDue(ManualTime time) {
      if (engine.isClosed()) {
        return false;
      }
      OptionalLong d = engine.nextDeadline();
      if (d.isEmpty() || d.getAsLong() > time.getAsLong()) {
        return false;
      }
      engine.onTimeout();
      handle();
      return true;
    }
  }
}
