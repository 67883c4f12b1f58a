package dev.missive.wire;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The sans-IO contract every Missive protocol engine implements: SMTP, POP3 and IMAP, server and client side, raw
 * engines (which add {@code nextEvent()}, below) and handler facades alike, so one transport drives any of them
 * (docs/architecture.md, "The engine contract").
 *
 * <p>An engine never opens a socket, starts a thread, sleeps or reads a clock. The host moves bytes: it feeds what
 * it read from the peer to {@link #receive(ByteBuffer)}, writes what {@link #drainOutput(ByteBuffer)} gives it,
 * makes the {@link StreamChange}s the engine asks for, and calls {@link #onTimeout()} once the deadline of
 * {@link #nextDeadline()} has passed in the monotonic time of the engine's {@link #environment()}. What the engine
 * waits for is one level-triggered answer, {@link #status()}.
 *
 * <h2>The discipline (docs/architecture.md, "Engine discipline")</h2>
 * <ol>
 *   <li><b>D1 Parsing happens only in {@code receive}.</b> It stops at the first step that queues an event, waits
 *   for a decision, holds a reply ({@link Status#DELAYED}) or requests a stream change; bytes after that point stay
 *   in the host's buffer, to be offered again (an engine that keeps a bounded copy of them instead says so in its
 *   class documentation and parses that copy as its events are taken). {@code nextEvent()} never takes input.</li>
 *   <li><b>D2 While {@code status()} is not {@link Status#NEEDS_INPUT}, {@code receive} consumes nothing</b> —
 *   except during {@link Status#STREAM_CHANGE}, where a server engine discards what it is fed (CVE-2011-0411:
 *   nothing sent before the TLS handshake is ever used) and a client engine fails the session; a client also fails
 *   when bytes follow the announcing reply in the same buffer. After {@link Status#CLOSED}, {@code receive} throws
 *   {@link IllegalStateException}.</li>
 *   <li><b>D3 Slices in events are views of the host's buffer</b> (or of a copy the engine holds of a line split
 *   across reads), valid until the host refills that buffer or calls {@code receive} again; a host handles every
 *   event of one {@code receive} before it reuses its buffer.</li>
 *   <li><b>D4 Output can appear after any call</b> — {@code receive}, a decision, a host notification,
 *   {@code onTimeout}, {@code shutdown}, even {@code drainOutput} (a facade streams more content once its output
 *   drained) — so the host drains after each. An engine is used from one thread at a time: calls from elsewhere
 *   (an answer computed on another executor) are serialised onto the connection's own context.</li>
 *   <li><b>D5 Decisions:</b> every event that needs the host's decision is answered exactly once with the engine's
 *   answer method(s); an answer with nothing pending throws {@link IllegalStateException}, one that does not fit the
 *   pending event {@link IllegalArgumentException}, both naming the state; an answer after the engine closed is
 *   ignored (asynchronous hosts race with timeouts and with the peer going away).</li>
 *   <li><b>D6 Deadlines</b> are absolute, in {@code environment().now()}; {@code nextDeadline()} is empty while the
 *   host owes a decision or a stream change (the host's own work is not timed by the engine). {@code onTimeout()}
 *   before the deadline does nothing.</li>
 *   <li><b>D7 The synchronisation check</b> (servers, on by default): input that reaches {@code receive} before the
 *   output up to a <i>sync mark</i> was drained is a synchronisation error (the greeting; SMTP's {@code 354} to
 *   DATA; IMAP's {@code +} to a synchronizing literal). Draining is what defines it, so the host drains all output
 *   before it feeds the peer's next bytes (docs/architecture.md, "The synchronisation check").</li>
 *   <li><b>D8 Errors:</b> host misuse throws {@link IllegalStateException} or {@link IllegalArgumentException}; the
 *   peer's input never throws, it becomes protocol replies; a handler's failure inside a facade becomes a local
 *   error reply, logged once with the session id.</li>
 * </ol>
 *
 * <h2>Events</h2>
 * A raw engine ({@code SmtpServer}, {@code Pop3Client}, …) reports protocol events to its host through its own
 * {@code nextEvent()}, typed by its protocol's sealed event interface; a handler facade answers its events itself
 * and has none. Events are edge-triggered: each is returned once, and {@code nextEvent()} returns {@code null} when
 * there is none now ({@link #status()} then says what the engine waits for). While one is undelivered the engine
 * consumes no input (D1, D2), so the host takes them all before it feeds more:
 * <pre>{@code
 * for (SmtpServerEvent e; (e = engine.nextEvent()) != null; ) { ... }
 * }</pre>
 *
 * <p>For the same turns and the same host answers, the engine's output and events do not depend on how the bytes of
 * a turn are split into {@code receive} calls (docs/architecture.md, "Chunking independence").
 *
 * <h2>A blocking host (one thread per connection)</h2>
 * <pre>{@code
 * ByteBuffer leftover = ByteBuffer.allocate(16 * 1024).flip();   // read, not yet taken by the engine
 * while (true) {
 *   if (leftover.hasRemaining() && engine.wantsInput()) engine.receive(leftover);
 *   handleEvents(engine);                    // raw engines: nextEvent() until null, answering decisions
 *   drainAll(engine, socketOut);             // write everything queued
 *   switch (engine.status()) {
 *     case CLOSED: socket.close(); return;
 *     case STREAM_CHANGE: {
 *       StreamChange change = engine.pendingStreamChange().orElseThrow();
 *       if (!change.keepsUnfedInput()) leftover.clear().flip();   // read before the change: never used
 *       if (change instanceof StreamChange.Handover h) { engine = h.successor(); continue; }
 *       engine.streamChanged(applyLayer(change));                  // e.g. the TlsInfo of the handshake
 *       continue;
 *     }
 *     case HAS_EVENTS: case OUTPUT_FULL: continue;
 *     case AWAITING_DECISION: waitForAnswer(); continue;           // only hosts that answer later get here
 *     case DELAYED: case NEEDS_INPUT:
 *       if (leftover.hasRemaining() && engine.wantsInput()) continue;
 *       readWithTimeout(leftover, engine.nextDeadline(), engine.environment());  // past it: engine.onTimeout()
 *   }
 * }
 * }</pre>
 *
 * <p><b>An event-loop host</b> (NIO, Netty) does the same per readiness event: it keeps the input the engine did not
 * take in its own buffer and offers it again after each answer, reads only while {@link #wantsInput()}, keeps one
 * timer at {@link #nextDeadline()} (measured with {@code environment().now()}), applies answers that came from
 * another thread on the connection's own context, and closes the channel once the engine is {@link Status#CLOSED}
 * and the output is drained. When it stops (server shutdown) it calls {@link #shutdown()} on that context, drains and
 * closes.
 */
public interface ProtocolEngine {

  /**
   * What the engine waits for now: level-triggered, asked any time (h11's {@code NEED_DATA} and {@code PAUSED},
   * rustls's {@code wants_read} and {@code wants_write}). The constants are declared in precedence order:
   * {@link #status()} returns the first that holds.
   */
  enum Status {
    /** The session is over: drain the output, take any events still queued, then close the connection. */
    CLOSED,
    /** Events are queued ({@code nextEvent()}): take them first; no input is consumed meanwhile. */
    HAS_EVENTS,
    /**
     * The engine waits for the host to make {@link #pendingStreamChange()}: drain the output, drop the input read but
     * not fed unless the change {@linkplain StreamChange#keepsUnfedInput() keeps it}, make the change, and call
     * {@link #streamChanged(StreamLayer)} (or switch to the {@link StreamChange.Handover}'s successor).
     */
    STREAM_CHANGE,
    /**
     * The host owes an answer to a decision event it took (a login, a recipient, the end of a message, content for
     * RETR); the answer may come later from another thread, serialised onto the connection's context. No deadline
     * runs meanwhile.
     */
    AWAITING_DECISION,
    /** A reply is held until {@link #nextDeadline()} (a failed login's delay): call {@link #onTimeout()} then. */
    DELAYED,
    /** The undrained output is over its limit: drain before more input is taken. */
    OUTPUT_FULL,
    /** The engine takes input: offer what is left of the last read first, then read from the peer. */
    NEEDS_INPUT
  }

  /**
   * Feeds bytes read from the peer. The engine consumes what it parses, advancing {@code in}'s position, and never
   * blocks; it stops at the first event, decision, held reply or stream change (D1) and consumes nothing while
   * {@link #status()} is not {@link Status#NEEDS_INPUT} (D2): what it leaves must be offered again later.
   *
   * @param in the bytes read; its position advances past what the engine consumed
   * @throws IllegalStateException if the engine is closed
   */
  void receive(ByteBuffer in);

  /** Tells the engine the peer closed its side of the connection (end of stream), once every byte read was offered. */
  void receiveEnd();

  /** {@return whether bytes are waiting to be written to the peer} */
  boolean hasOutput();

  /**
   * Copies as many pending output bytes as fit into {@code out} (advancing its position), in order. Draining is
   * what the synchronisation check (D7) and {@link Status#OUTPUT_FULL} are measured by: it tells the engine the peer
   * may have seen its replies.
   *
   * @param out the buffer to fill; its position advances
   */
  void drainOutput(ByteBuffer out);

  /**
   * What the engine waits for now (see {@link Status}, in precedence order).
   *
   * @return the engine's status
   */
  Status status();

  /**
   * Whether {@link #receive(ByteBuffer)} will consume bytes now.
   *
   * @return whether {@link #status()} is {@link Status#NEEDS_INPUT}
   */
  default boolean wantsInput() {
    return status() == Status.NEEDS_INPUT;
  }

  /**
   * Whether the session is over; the host closes the connection once the output is drained.
   *
   * @return whether {@link #status()} is {@link Status#CLOSED}
   */
  default boolean isClosed() {
    return status() == Status.CLOSED;
  }

  /**
   * The next instant at which the host must call {@link #onTimeout()}: absolute, in the monotonic nanoseconds of
   * {@link #environment()}; empty when no timer runs, and while the host owes a decision or a stream change (D6).
   *
   * @return the deadline in monotonic nanoseconds, or empty
   */
  OptionalLong nextDeadline();

  /** Called by the host once {@code environment().now()} has reached {@link #nextDeadline()}; earlier, it does nothing. */
  void onTimeout();

  /**
   * The stream change the engine waits for: TLS after STARTTLS/STLS, compression, a role reversal. Present from the
   * moment the engine requests it until {@link #streamChanged(StreamLayer)} (or, for a handover, for good);
   * {@link #status()} is {@link Status#STREAM_CHANGE} meanwhile, once the events queued before it were taken.
   *
   * @return the change the host must make, or empty
   */
  Optional<StreamChange> pendingStreamChange();

  /**
   * Tells the engine the host made the pending change: {@link TlsInfo} after a TLS handshake (the engine then resets
   * to its just-greeted state, RFC 3207 §4.2, RFC 2595 §4), {@link StreamLayer.Deflate} after compression started.
   *
   * @param layer the layer now in place
   * @throws IllegalStateException    if no stream change is pending
   * @throws IllegalArgumentException if {@code layer} is not what the pending change puts in place
   */
  void streamChanged(StreamLayer layer);

  /**
   * The environment the engine reads its time and randomness from; transports measure {@link #nextDeadline()}
   * against {@code environment().now()}, never against a clock of their own.
   *
   * @return the engine's environment
   */
  EngineEnvironment environment();

  /**
   * Ends the session because the host is stopping, gracefully where the protocol has a way to say so: an SMTP server
   * answers {@code 421 4.3.2} (RFC 5321 §3.8), a POP3 server ends without entering UPDATE (nothing is deleted,
   * RFC 1939 §6), a client ends its session with its running work reported as failed. The host then drains the
   * output and closes. Does nothing once closed.
   */
  void shutdown();
}
