package dev.missive.transport;

import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamChange;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.TlsInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.OptionalLong;
import javax.net.ssl.SSLSocket;

/**
 * The blocking host loop of {@link ProtocolEngine}'s Javadoc, for one connection on either side: feed what was
 * read, answer events, write everything queued, and go round again while any of that made progress (a drain may
 * wake the engine and raise new events; bytes read but not yet taken are kept and offered again, never dropped);
 * layer TLS in when asked; then wait for the peer with a socket timeout taken from the engine's deadline.
 *
 * <p>Pipelined commands are answered without a stall and without loss (SMTP, RFC 2920 §3.1; POP3, RFC 2449 §6.6),
 * and memory stays bounded when the peer writes without reading: the loop holds at most one buffer of unread input,
 * and the engine stops taking input while its output is over its limit, so the socket's own flow control holds the
 * peer back. When the peer ends its side of the stream, what it sent before is still answered.
 */
final class BlockingLoop {

  private static final int BUFFER = 16 * 1024;
  /**
   * The size a session's input and output buffers start at: a command-and-reply session never needs more, and two
   * 16 KiB buffers zeroed for every connection were the largest single cost of a new session in the
   * one-connection-per-message profile. Each grows to {@link #BUFFER} the first time it is filled.
   */
  private static final int INITIAL_BUFFER = 2 * 1024;
  private static final int TIMED_OUT = -2;
  /** The longest one wait for an engine timer lasts before the loop looks again (a manual clock, a stop). */
  private static final long MAX_PAUSE_MILLIS = 100;

  private final EngineSession session;
  private final ProtocolEngine engine;
  private final TlsLayering tls;
  private final BlockingStop stop;
  private ByteBuffer input = ConnectionThread.input(INITIAL_BUFFER); // read mode: what the engine has not taken
  private ByteBuffer output = ConnectionThread.output(INITIAL_BUFFER);
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private final TransportOptions options;
  private boolean peerEnded;
  private boolean endReported;

  private BlockingLoop(Socket socket, EngineSession session, TlsLayering tls, BlockingStop stop,
      TransportOptions options) throws IOException {
    this.session = session;
    this.options = options;
    this.engine = session.engine();
    this.tls = tls;
    this.stop = stop;
    use(socket);
  }

  /**
   * Runs the session until its engine closes, the peer goes away or {@code stop} ends it from another thread.
   *
   * @param socket   the connected socket (already TLS for implicit TLS)
   * @param session  the engine and its event handling
   * @param tls      how to layer TLS when the engine asks (STARTTLS/STLS); null if TLS is not available
   * @param stop     the handle another thread may use to end the session; held while the engine is in use
   * @param options  the inflation bound of a compressed stream (the other options are the caller's business)
   * @return the socket in use at the end (a TLS socket after an upgrade), for the caller to close
   */
  static Socket run(Socket socket, EngineSession session, TlsLayering tls, BlockingStop stop,
      TransportOptions options) throws IOException {
    stop.lock.lock();
    BlockingWakeup turns = BlockingWakeup.install(session, stop); // wake-ups and far deadlines, off this thread
    BlockingLoop loop = null;
    try {
      loop = new BlockingLoop(socket, session, tls, stop, options);
      return loop.loop();
    } finally {
      turns.end();
      stop.lock.unlock();
      if (loop != null) {
        ConnectionThread.keep(loop.input, loop.output); // for this thread's next connection (a pool thread only)
      }
    }
  }

  /** Writes everything the engine has queued. */
  static void writeAll(ProtocolEngine engine, OutputStream out) throws IOException {
    ByteBuffer output = ByteBuffer.allocate(BUFFER);
    while (engine.hasOutput()) {
      output.clear();
      engine.drainOutput(output);
      out.write(output.array(), 0, output.position());
    }
    out.flush();
  }

  private Socket loop() throws IOException {
    while (true) {
      pump();
      if (engine.isClosed()) {
        return socket;
      }
      if (engine.status() == ProtocolEngine.Status.STREAM_CHANGE) {
        startTls();
      } else if (peerEnded && !input.hasRemaining()) {
        if (endReported) {
          return socket; // the engine took the end of stream and has nothing more to do
        }
        endReported = true;
        engine.receiveEnd(); // only once every byte the peer sent was offered
      } else {
        awaitPeerOrDeadline();
      }
    }
  }

  /** Feeds, answers events and writes until a whole round changes nothing. */
  private void pump() throws IOException {
    boolean progress = true;
    while (progress && !engine.isClosed()) {
      boolean fed = false;
      if (input.hasRemaining() && engine.wantsInput()) {
        int before = input.remaining();
        engine.receive(input);
        fed = input.remaining() != before;
      }
      session.handleEvents();
      boolean wrote = write();
      progress = fed || wrote || session.wantsToWrite();
    }
    write(); // what closing the session queued
  }

  private boolean write() throws IOException {
    boolean wrote = false;
    try {
      while (engine.hasOutput()) {
        output.clear();
        engine.drainOutput(output);
        stop.writing(engine.environment().now()); // a write blocked past the write timeout closes the socket
        out.write(output.array(), 0, output.position());
        wrote = true;
        if (!output.hasRemaining() && output.capacity() < BUFFER) {
          output = ByteBuffer.allocate(BUFFER); // the engine streams: drain it in bigger writes from now on
        }
      }
      if (wrote) {
        out.flush();
      }
    } finally {
      stop.wrote();
    }
    return wrote;
  }

  private void startTls() throws IOException {
    StreamChange change = engine.pendingStreamChange().orElseThrow();
    if (change instanceof StreamChange.Compress compress) {
      compress(compress);
      return;
    }
    if (!(change instanceof StreamChange.StartTls)) {
      throw new IOException("this transport cannot make the stream change " + change);
    }
    if (tls == null) {
      throw new IOException("the engine asked for TLS but none is configured");
    }
    input.clear().flip(); // plaintext read ahead of the handshake is never used (RFC 3207 §4.2, CVE-2011-0411)
    SSLSocket ssl = tls.handshake(socket, ((StreamChange.StartTls) change).clientMode(), engine.environment());
    use(ssl);
    stop.use(ssl);
    engine.streamChanged(new TlsInfo(ssl.getSession().getProtocol(), ssl.getSession().getCipherSuite()));
  }

  /**
   * Puts DEFLATE above the current layers (RFC 4978 §3, §4: compressed from the octet after the announcing OK): what
   * was read but not fed is dropped, or for a client inflated first ({@link StreamChange#keepsUnfedInput()}).
   */
  private void compress(StreamChange.Compress change) throws IOException {
    if (!change.mechanism().equals("DEFLATE")) {
      throw new IOException("this transport cannot compress with " + change.mechanism());
    }
    DeflateCodec codec = new DeflateCodec(options.maxInflationRatio(), options.inflationSlack());
    in = DeflateStreams.inflating(in, codec, change.keepsUnfedInput() ? input : null, stop.sessionId());
    input.clear().flip();
    out = DeflateStreams.deflating(out, codec);
    stop.useOutput(out);
    engine.streamChanged(new StreamLayer.Deflate());
  }

  /**
   * Reads what the peer sends next, if the buffer has room, until the engine's deadline; with a full buffer (the
   * engine is holding back, for example a delayed reply to a failed login) only waits for that deadline.
   */
  private void awaitPeerOrDeadline() throws IOException {
    OptionalLong deadline = engine.nextDeadline();
    long left = deadline.isPresent() ? deadline.getAsLong() - engine.environment().now() : Long.MAX_VALUE;
    if (left <= 0) {
      engine.onTimeout();
      return;
    }
    boolean room = input.remaining() < input.capacity();
    if (peerEnded || !room) {
      if (deadline.isEmpty()) {
        throw new IllegalStateException("the engine takes no input, has no output and no deadline");
      }
      pause(Math.min(MAX_PAUSE_MILLIS, millis(left)));
      return;
    }
    // a far deadline is kept by the server's timer (BlockingStop#check): an untimed read leaves the socket blocking
    boolean untimed = deadline.isEmpty() || stop.mayReadUntimed(left);
    socket.setSoTimeout(untimed ? 0 : millis(left));
    if (untimed) {
      stop.readingUntil(deadline);
    }
    input.compact(); // write mode after what the engine has not taken yet
    int n;
    stop.lock.unlock(); // the engine is idle while this thread waits for the peer
    try {
      n = in.read(input.array(), input.position(), input.remaining());
    } catch (SocketTimeoutException e) {
      n = TIMED_OUT;
    } finally {
      stop.lock.lock();
      stop.readEnded();
      input.flip(); // read mode again: what the engine has not taken, the bytes just read follow below
    }
    if (engine.isClosed()) {
      return; // ended by BlockingStop while this thread was reading
    }
    if (n > 0) {
      input.limit(input.limit() + n);
      if (input.limit() == input.capacity() && input.capacity() < BUFFER) {
        input = ByteBuffer.allocate(BUFFER).put(input).flip(); // the peer streams: read in bigger pieces from now on
      }
    } else if (n == TIMED_OUT) {
      engine.onTimeout();
    } else if (n < 0) {
      peerEnded = true;
    }
  }

  private void pause(long millis) {
    stop.lock.unlock();
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the engine waited for its timer", e);
    } finally {
      stop.lock.lock();
    }
  }

  private void use(Socket current) throws IOException {
    socket = current;
    in = current.getInputStream();
    out = current.getOutputStream();
  }

  private static int millis(long nanos) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (nanos + 999_999) / 1_000_000));
  }
}
