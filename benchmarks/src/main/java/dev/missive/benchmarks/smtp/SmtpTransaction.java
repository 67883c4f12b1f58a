package dev.missive.benchmarks.smtp;

import dev.missive.smtp.server.SmtpServer;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.smtp.server.SmtpServerEvent;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.PeerInfo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Drives Missive's SMTP server engine in memory with pre-built client flights (RFC 5321 §3.3 mail transactions
 * with PIPELINING, RFC 2920): MAIL, RCPT × n and DATA pipelined, then the content with its {@code CRLF.CRLF}, each
 * flight written only after the engine's replies were drained, as a real client waits for them. Every decision is
 * accepted, every DATA chunk counted, and all output drained into one reused buffer.
 *
 * <p>The host hands the engine at most {@code hostRead} octets per {@code receive}, as a transport reading into a
 * buffer of that size does ({@code BlockingLoop}'s is 16 KiB), or each flight whole when it is 0.
 *
 * <p>{@link #session()} is one whole connection: a new engine, greeting, EHLO, one transaction and QUIT.
 * {@link #transaction()} is one more transaction on a connection kept open (EHLO sent once), so the engine's
 * per-connection buffers are not charged to every message. Not thread-safe.
 */
public final class SmtpTransaction {

  /** How the client sends the message. */
  public enum ContentKind {
    /** DATA, the content dot-stuffed and ended with {@code CRLF.CRLF} (RFC 5321 §4.1.1.4); no line starts with a dot. */
    DATA,
    /** DATA where every body line starts with a dot, so each is stuffed and delivered as its own piece (§4.5.2). */
    DATA_DOTTED,
    /** One {@code BDAT n LAST} chunk (RFC 3030 §2), the content exactly as it is. */
    BDAT
  }

  private final SmtpServerConfig config = SmtpServerConfig.defaults("mx.bench.example");
  private final EngineEnvironment env = EngineEnvironment.system();
  private final PeerInfo peer = new PeerInfo("[192.0.2.1]", "bench", ConnectionSecurity.PLAINTEXT);
  private final ByteBuffer output = ByteBuffer.allocate(64 * 1024);
  private final ByteBuffer ehlo;
  private final ByteBuffer envelope;
  private final ByteBuffer content;
  private final ByteBuffer contentQuit;
  private SmtpServer open;
  private final int messageSize;
  private final int hostRead;

  private long dataBytes;
  private long outputBytes;
  private int messagesAccepted;
  private boolean closed;

  /**
   * Prepares the client's three flights for {@code recipients} RCPT commands and a message of {@code messageSize}
   * octets (header and body, before the terminating dot).
   */
  public SmtpTransaction(int recipients, int messageSize) {
    this(recipients, messageSize, 0);
  }

  /**
   * Prepares the client's three flights, handed to the engine in reads of at most {@code hostRead} octets.
   *
   * @param recipients  RCPT commands per transaction
   * @param messageSize message octets before the terminating dot
   * @param hostRead    the most octets per {@code receive}, or 0 for each flight whole
   */
  public SmtpTransaction(int recipients, int messageSize, int hostRead) {
    this(recipients, messageSize, hostRead, ContentKind.DATA);
  }

  /**
   * Prepares the client's three flights, the content sent as {@code kind} says.
   *
   * @param recipients  RCPT commands per transaction
   * @param messageSize message octets as the host receives them (before stuffing, without the terminating dot)
   * @param hostRead    the most octets per {@code receive}, or 0 for each flight whole
   * @param kind        DATA, DATA with a dot starting every body line, or BDAT
   */
  public SmtpTransaction(int recipients, int messageSize, int hostRead, ContentKind kind) {
    if (recipients < 1 || messageSize < 128 || hostRead < 0) {
      throw new IllegalArgumentException("need at least one recipient, 128 octets and a read size of 0 or more");
    }
    this.messageSize = messageSize;
    this.hostRead = hostRead;
    this.ehlo = ascii("EHLO client.bench.example\r\n");
    StringBuilder env = new StringBuilder("MAIL FROM:<alice@origin.example> SIZE=").append(messageSize)
        .append("\r\n");
    for (int i = 0; i < recipients; i++) {
      env.append("RCPT TO:<user").append(i).append("@bench.example>\r\n");
    }
    String message = message(messageSize);
    String sent;
    if (kind == ContentKind.BDAT) {
      sent = "BDAT " + messageSize + " LAST\r\n" + message;
    } else {
      env.append("DATA\r\n");
      if (kind == ContentKind.DATA_DOTTED) {
        message = message.replace("\r\na", "\r\n.");
      }
      sent = message.replace("\r\n.", "\r\n..") + ".\r\n";
    }
    this.envelope = ascii(env.toString());
    this.content = ascii(sent);
    this.contentQuit = ascii(sent + "QUIT\r\n");
  }

  /** The message: a small header and body lines of 78 octets, exactly {@code size} octets, CRLF at the end. */
  static String message(int size) {
    StringBuilder m = new StringBuilder("From: alice@origin.example\r\nTo: user0@bench.example\r\n"
        + "Subject: benchmark\r\n\r\n");
    String line = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmn\r\n";
    while (m.length() + line.length() <= size - 2) {
      m.append(line);
    }
    m.append("x".repeat(size - 2 - m.length())).append("\r\n");
    return m.toString();
  }

  /**
   * Runs one whole session, a new engine to QUIT's 221, and returns the octets the host saw: DATA content plus
   * replies.
   *
   * @throws IllegalStateException when the engine stops taking input before the client is done
   */
  public long session() {
    SmtpServer server = new SmtpServer(config, env, peer);
    long seen = turn(server);
    seen += send(server, ehlo.rewind());
    seen += send(server, envelope.rewind());
    seen += send(server, contentQuit.rewind());
    closed = server.isClosed();
    return seen;
  }

  /**
   * Runs one more transaction (MAIL, RCPT × n, DATA, content) on the open session, opening it with greeting and
   * EHLO the first time, and returns the octets the host saw.
   *
   * @throws IllegalStateException when the engine stops taking input before the client is done
   */
  public long transaction() {
    long seen = 0;
    if (open == null) {
      open = new SmtpServer(config, env, peer);
      seen += turn(open);
      seen += send(open, ehlo.rewind());
    }
    seen += send(open, envelope.rewind());
    seen += send(open, content.rewind());
    closed = open.isClosed();
    return seen;
  }

  private long send(SmtpServer server, ByteBuffer flight) {
    long seen = 0;
    int end = flight.limit();
    while (flight.position() < end) {
      if (hostRead > 0) { // one read of the host's buffer: what the engine does not take is offered again
        flight.limit(Math.min(end, flight.position() + hostRead));
      }
      while (flight.hasRemaining()) {
        if (!server.wantsInput()) { // a host would wait here; with every decision taken it never should
          throw new IllegalStateException("engine wants no input in state " + server.state());
        }
        int before = flight.position();
        server.receive(flight);
        seen += turn(server);
        if (flight.position() == before) {
          throw new IllegalStateException("engine took no input in state " + server.state());
        }
      }
      flight.limit(end);
    }
    return seen;
  }

  /** Handles every pending event (accepting decisions, counting DATA) and drains the output. */
  private long turn(SmtpServer server) {
    long seen = 0;
    boolean more = true;
    while (more) {
      for (SmtpServerEvent e; (e = server.nextEvent()) != null; ) {
        if (e instanceof SmtpServerEvent.DataChunk) {
          int n = ((SmtpServerEvent.DataChunk) e).bytes().remaining();
          dataBytes += n;
          seen += n;
        } else if (e instanceof SmtpServerEvent.DataEnd) {
          messagesAccepted++;
          server.accept();
        } else if (e.needsDecision()) {
          server.accept();
        }
      }
      more = server.hasOutput();
      while (server.hasOutput()) {
        output.clear();
        server.drainOutput(output);
        outputBytes += output.position();
        seen += output.position();
      }
    }
    return seen;
  }

  private static ByteBuffer ascii(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
  }

  /** The message size in octets, as given. */
  public int messageSize() {
    return messageSize;
  }

  /** DATA octets the engine delivered over all sessions run. */
  public long dataBytes() {
    return dataBytes;
  }

  /** Reply octets drained over all sessions run. */
  public long outputBytes() {
    return outputBytes;
  }

  /** Messages that reached DataEnd and were accepted, over all sessions run. */
  public int messagesAccepted() {
    return messagesAccepted;
  }

  /** Whether the engine was closed at the end of the last session or transaction (QUIT answered). */
  public boolean lastClosed() {
    return closed;
  }
}
