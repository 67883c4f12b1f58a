package dev.missive.wire;

import java.nio.ByteBuffer;
import java.util.OptionalLong;

/**
 * The sans-IO contract every Missive protocol engine implements: SMTP and POP3, server and client side.
 *
 * <p>An engine never opens a socket, starts a thread, sleeps or reads a clock. The host moves bytes: it feeds
 * what it read from the peer to {@link #receive(ByteBuffer)}, writes what {@link #drainOutput(ByteBuffer)} gives
 * it, and calls {@link #onTimeout()} when the deadline of {@link #nextDeadline()} (in the monotonic time of the
 * engine's {@link EngineEnvironment}) has passed. Protocol events and the host's decisions sit on top of this
 * contract, in each engine's own API (for example {@code SmtpServer.nextEvent()}).
 *
 * <p><b>A blocking-socket host</b> (one thread per connection):
 * <pre>{@code
 * byte[] buf = new byte[16 * 1024];
 * ByteBuffer out = ByteBuffer.allocate(16 * 1024);
 * while (!engine.isClosed()) {
 *   handleEvents(engine);                                   // answer the engine's pending events
 *   while (engine.hasOutput()) {                            // write everything the engine queued
 *     out.clear(); engine.drainOutput(out); out.flip();
 *     socketOut.write(out.array(), 0, out.limit());
 *   }
 *   socketOut.flush();
 *   if (engine.tlsRequested()) { socket = layerTls(socket); engine.tlsEstablished(info); continue; }
 *   if (engine.isClosed() || !engine.wantsInput()) continue;
 *   socket.setSoTimeout(millisUntil(engine.nextDeadline()));
 *   try {
 *     int n = socketIn.read(buf);
 *     if (n < 0) engine.receiveEnd(); else engine.receive(ByteBuffer.wrap(buf, 0, n));
 *   } catch (SocketTimeoutException e) { engine.onTimeout(); }
 * }
 * socket.close();
 * }</pre>
 *
 * <p><b>An event-loop host</b> (NIO selector, Netty): on readable, {@code receive} the bytes, leaving in the
 * buffer what the engine did not consume (it stops consuming while {@link #wantsInput()} is false); answer
 * events; then, while {@link #hasOutput()}, drain into the write buffer; register interest in reads only while
 * {@code wantsInput()}; keep one timer at {@code nextDeadline()}; close the channel once {@link #isClosed()} and
 * the output is drained.
 *
 * <p>Rules (see {@code DESIGN.md}): one engine per connection, used from one thread at a time; host misuse
 * (such as {@code receive} after close) throws {@link IllegalStateException}; the peer's mistakes never throw,
 * they become protocol replies. For the same turns and the same host answers the engine's replies and events
 * do not depend on how the bytes of a turn are split into {@code receive} calls.
 */
public interface ProtocolEngine {

  /**
   * Feeds bytes read from the peer. The engine consumes what it may (advancing {@code in}'s position) and never
   * blocks; bytes it leaves (while paused, see {@link #wantsInput()}) must be offered again later.
   *
   * @param in the bytes read; its position advances past what the engine consumed
   * @throws IllegalStateException if the engine is closed
   */
  void receive(ByteBuffer in);

  /** Tells the engine the peer closed its side of the connection (end of stream). */
  void receiveEnd();

  /** {@return whether bytes are waiting to be written to the peer} */
  boolean hasOutput();

  /**
   * Copies as many pending output bytes as fit into {@code out} (advancing its position), in order.
   * Draining is also what tells the engine that the peer may have seen its replies (DESIGN.md rule 2b).
   *
   * @param out the buffer to fill; its position advances
   */
  void drainOutput(ByteBuffer out);

  /**
   * Whether the engine will consume input now. False while a host decision is pending, while a TLS
   * handshake is pending, after close, or while undrained output is over its limit.
   *
   * @return whether {@link #receive(ByteBuffer)} will consume bytes now
   */
  boolean wantsInput();

  /**
   * The next instant, in the environment's monotonic nanoseconds, at which the host must call
   * {@link #onTimeout()}; empty when no timer runs.
   *
   * @return the deadline in monotonic nanoseconds, or empty
   */
  OptionalLong nextDeadline();

  /** Called by the host once the monotonic time has reached {@link #nextDeadline()}. */
  void onTimeout();

  /**
   * Whether the engine waits for the host to start TLS (after {@code 220} to STARTTLS, {@code +OK} to STLS, or
   * after sending STARTTLS/STLS on the client side). The host drains the output, drops any bytes it read but did
   * not feed, performs the handshake and calls {@link #tlsEstablished(TlsInfo)}.
   *
   * @return whether the host must start TLS now
   */
  boolean tlsRequested();

  /**
   * Tells the engine that TLS is now in place; the engine resets to its just-greeted state (RFC 3207 §4.2).
   *
   * @param info the negotiated protocol and cipher suite
   */
  void tlsEstablished(TlsInfo info);

  /** {@return whether the session is over; the host closes the connection once the output is drained} */
  boolean isClosed();
}
