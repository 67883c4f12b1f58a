package dev.missive.imap.host;

import dev.missive.imap.client.CommandResult;
import dev.missive.imap.client.ImapClient;
import dev.missive.imap.client.ImapClientEvent;
import dev.missive.transport.DeflateCodec;
import dev.missive.transport.DeflateStreams;
import dev.missive.transport.TlsSettings;
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
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocket;

/**
 * Drives one {@link ImapClient} over a blocking socket on the calling thread, one command at a time: writes what the
 * engine queued, reads with the engine's deadline as the socket timeout ({@code onTimeout} when it passes), makes
 * the TLS handshake STARTTLS asks for (RFC 9051 §6.2.1; the bytes read but not fed before it are dropped) and the
 * DEFLATE layer COMPRESS asks for (RFC 4978 §4, transport's {@link DeflateStreams}), streams
 * APPEND's message from the caller's source, and hands every other event to the caller's consumer before the next
 * read, so section chunks (views of the read buffer) are written out before the buffer is reused.
 */
final class SessionDriver implements AutoCloseable {

  /** Where APPEND's octets come from while the engine waits for them. */
  interface ContentSource {
    /**
     * Fills {@code buffer} with the next octets.
     *
     * @return false at the end
     */
    boolean fill(ByteBuffer buffer) throws IOException;
  }

  private final ImapClient engine;
  private final TlsSettings tls;
  private final String host;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private final ByteBuffer read = ByteBuffer.allocate(32 * 1024).flip();
  private final ByteBuffer write = ByteBuffer.allocate(32 * 1024);
  private final ByteBuffer content = ByteBuffer.allocate(32 * 1024).flip();
  private ContentSource source;
  private DeflateCodec codec;

  SessionDriver(ImapClient engine, Socket socket, TlsSettings tls, String host) throws IOException {
    this.engine = engine;
    this.tls = tls;
    this.host = host;
    use(socket);
  }

  ImapClient engine() {
    return engine;
  }

  private void use(Socket s) throws IOException {
    socket = s;
    in = s.getInputStream();
    out = s.getOutputStream();
  }

  /**
   * Runs the engine until {@code done} says so for an event, handing every event to it first.
   *
   * @param until  gets every event; returns true when the wait is over
   * @param maxWait how long to wait for the peer without an engine deadline (IDLE), or null for no bound
   * @return false when {@code maxWait} passed first
   * @throws IOException if the connection failed or the session ended
   */
  boolean run(java.util.function.Predicate<ImapClientEvent> until, Duration maxWait) throws IOException {
    long waitEnd = maxWait == null ? Long.MAX_VALUE : engine.environment().now() + maxWait.toNanos();
    while (true) {
      flush();
      for (ImapClientEvent e; (e = engine.nextEvent()) != null; ) {
        if (until.test(e)) {
          flush();
          return true;
        }
        if (e instanceof ImapClientEvent.Closed c) {
          throw new IOException("IMAP session ended: " + c.reason());
        }
      }
      switch (engine.status()) {
        case CLOSED -> throw new IOException("IMAP session ended");
        case HAS_EVENTS -> { }
        case STREAM_CHANGE -> changeStream();
        case AWAITING_DECISION -> feedContent();
        default -> {
          if (read.hasRemaining() && engine.wantsInput()) {
            engine.receive(read);
          } else if (!readMore(waitEnd)) {
            return false;
          }
        }
      }
    }
  }

  /** Waits for the completion of {@code tag}, handing the other events to {@code events}. */
  CommandResult await(String tag, Consumer<ImapClientEvent> events) throws IOException {
    CommandResult[] result = new CommandResult[1];
    run(e -> {
      if (e instanceof ImapClientEvent.Completed c && c.tag().equals(tag)) {
        result[0] = c.result();
        return true;
      }
      events.accept(e);
      return false;
    }, null);
    return result[0];
  }

  /** Streams APPEND's message from {@code s} once the engine asks for it. */
  void contentFrom(ContentSource s) {
    this.source = s;
    content.clear().flip();
  }

  private void feedContent() throws IOException {
    if (source == null) {
      throw new IOException("the engine waits for APPEND content nobody gives");
    }
    if (!content.hasRemaining()) {
      content.clear();
      boolean more = source.fill(content);
      content.flip();
      if (!more && !content.hasRemaining()) {
        throw new IOException("the message ended before the size announced for APPEND");
      }
    }
    engine.appendContent(content);
    if (engine.status() != ProtocolEngine.Status.AWAITING_DECISION) {
      source = null;
    }
  }

  private boolean readMore(long waitEnd) throws IOException {
    long now = engine.environment().now();
    OptionalLong deadline = engine.nextDeadline();
    long until = Math.min(waitEnd, deadline.orElse(Long.MAX_VALUE));
    if (until != Long.MAX_VALUE && until - now <= 0) {
      if (deadline.isPresent() && deadline.getAsLong() - now <= 0) {
        engine.onTimeout();
        return true;
      }
      return false;
    }
    long millis = until == Long.MAX_VALUE ? 0 : Math.max(1, (until - now) / 1_000_000);
    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, millis));
    read.compact();
    int n;
    try {
      n = in.read(read.array(), read.position(), read.remaining());
    } catch (SocketTimeoutException e) {
      read.flip();
      return true;                                    // the loop checks the deadlines again
    }
    if (n < 0) {
      read.flip();
      engine.receiveEnd();
      return true;
    }
    read.position(read.position() + n).flip();
    return true;
  }

  private void changeStream() throws IOException {
    StreamChange change = engine.pendingStreamChange().orElseThrow();
    if (change instanceof StreamChange.Compress c && c.mechanism().equals("DEFLATE")) {
      compress();
    } else if (change instanceof StreamChange.StartTls) {
      startTls();
    } else {
      throw new IOException("the engine asks for a stream change this host cannot make: " + change);
    }
  }

  /**
   * Puts DEFLATE above the current layers (RFC 4978 §4): the server compresses from the octet after its OK, so what
   * was read but not fed is inflated first.
   */
  private void compress() throws IOException {
    flush();
    codec = new DeflateCodec();
    in = DeflateStreams.inflating(in, codec, read, engine.peer().sessionId());
    read.clear().flip();
    out = DeflateStreams.deflating(out, codec);
    engine.streamChanged(new StreamLayer.Deflate());
  }

  private void startTls() throws IOException {
    if (tls == null) {
      throw new IOException("STARTTLS without TLS settings");
    }
    flush();
    read.clear().flip();                              // read before the handshake: never used (RFC 9051 §11.1)
    SSLSocket ssl = tls.layer(socket, true, host);
    ssl.startHandshake();
    use(ssl);
    engine.streamChanged(new TlsInfo(ssl.getSession().getProtocol(), ssl.getSession().getCipherSuite()));
  }

  private void flush() throws IOException {
    while (engine.hasOutput()) {
      write.clear();
      engine.drainOutput(write);
      out.write(write.array(), 0, write.position());
    }
    out.flush();
  }

  @Override
  public void close() throws IOException {
    try {
      socket.close();
    } finally {
      if (codec != null) {
        codec.close();
      }
    }
  }
}
