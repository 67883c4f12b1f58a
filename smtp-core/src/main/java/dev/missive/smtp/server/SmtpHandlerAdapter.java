package dev.missive.smtp.server;

import dev.missive.smtp.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deprecated for removal: {@link SmtpHandlerServer} is the handler engine. Answers an {@link SmtpServer}'s events
 * with an {@link SmtpHandler} (the SubEthaSMTP / go-smtp session experience
 * on top of the event core, RFC 5321 §3.3). A handler that throws gets the transaction answered with
 * {@code 451 4.3.0} rather than a dead connection.
 *
 * <p>An embedded listener in a few lines (plain TCP; a production host adds STARTTLS and a thread pool, see
 * {@link #serve}):
 * <pre>{@code
 * SmtpServerConfig config = SmtpServerConfig.defaults("mx.example.org");
 * SmtpHandler handler = (envelope, trace) -> MessageSink.collecting((info, bytes) -> {
 *   System.out.println(envelope.reversePath() + " -> " + envelope.recipients().size() + " recipients");
 *   return SmtpDecision.accept();
 * });
 * try (ServerSocket listener = new ServerSocket(2525)) {
 *   while (true) {
 *     Socket socket = listener.accept();
 *     new Thread(() -> {
 *       try (socket) {
 *         SmtpServer smtp = SmtpServer.create(config, "[" + socket.getInetAddress().getHostAddress() + "]");
 *         SmtpHandlerAdapter.serve(smtp, handler, socket.getInputStream(), socket.getOutputStream());
 *       } catch (IOException e) { }
 *     }).start();
 *   }
 * }
 * }</pre>
 */
public final class SmtpHandlerAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(SmtpHandlerAdapter.class);
  private static final Reply LOCAL_ERROR = Reply.of(451, "4.3.0", "Local error in processing");

  private final SmtpServer smtp;
  private final SmtpHandler handler;
  private MessageSink sink;

  /**
   * Binds a handler to one engine.
   *
   * @param smtp    the engine
   * @param handler answers its events
   */
  public SmtpHandlerAdapter(SmtpServer smtp, SmtpHandler handler) {
    this.smtp = smtp;
    this.handler = handler;
  }

  /** Answers every event the engine has now; call after each {@code receive}. */
  public void handleEvents() {
    for (SmtpServerEvent e; (e = smtp.nextEvent()) != null; ) {
      if (e instanceof SmtpServerEvent.DataChunk) {
        if (sink != null) {
          try {
            sink.write(((SmtpServerEvent.DataChunk) e).bytes());
          } catch (IOException ex) {
            abortSink();
          }
        }
      } else if (e.needsDecision()) {
        SmtpDecision d;
        try {
          d = decide(e);
        } catch (IOException | RuntimeException ex) {
          LOG.warn("session {}: handler failed on {}", smtp.peer().sessionId(), e.getClass().getSimpleName(), ex);
          abortSink();
          d = SmtpDecision.reject(LOCAL_ERROR);
        }
        apply(d);
      } else {
        inform(e);
      }
    }
  }

  private SmtpDecision decide(SmtpServerEvent e) throws IOException {
    if (e instanceof SmtpServerEvent.Hello) {
      SmtpServerEvent.Hello h = (SmtpServerEvent.Hello) e;
      return handler.hello(h.kind(), h.clientName());
    }
    if (e instanceof SmtpServerEvent.MailFrom) {
      SmtpServerEvent.MailFrom m = (SmtpServerEvent.MailFrom) e;
      return handler.mailFrom(m.reversePath(), m.parameters());
    }
    if (e instanceof SmtpServerEvent.RcptTo) {
      SmtpServerEvent.RcptTo r = (SmtpServerEvent.RcptTo) e;
      return handler.rcptTo(r.forwardPath(), r.parameters());
    }
    if (e instanceof SmtpServerEvent.DataStart) {
      sink = handler.data(smtp.envelope().orElseThrow(), smtp.receivedField());
      return SmtpDecision.accept();
    }
    if (e instanceof SmtpServerEvent.DataEnd) {
      MessageSink s = sink;
      sink = null;
      return s == null ? SmtpDecision.reject(LOCAL_ERROR) : s.end(((SmtpServerEvent.DataEnd) e).info());
    }
    if (e instanceof SmtpServerEvent.Vrfy) {
      return handler.vrfy(((SmtpServerEvent.Vrfy) e).argument());
    }
    return handler.expn(((SmtpServerEvent.Expn) e).argument());
  }

  private void apply(SmtpDecision d) {
    if (d instanceof SmtpDecision.Reject) {
      smtp.reject(((SmtpDecision.Reject) d).reply());
    } else if (d instanceof SmtpDecision.PerRecipient) {
      smtp.complete(((SmtpDecision.PerRecipient) d).replies());
    } else {
      SmtpDecision.Accept a = (SmtpDecision.Accept) d;
      if (a.reply().isPresent()) {
        smtp.accept(a.reply().get());
      } else {
        smtp.accept();
      }
    }
  }

  private void inform(SmtpServerEvent e) {
    if (e instanceof SmtpServerEvent.DataAborted) {
      abortSink();
    } else if (e instanceof SmtpServerEvent.AuthSucceeded) {
      SmtpServerEvent.AuthSucceeded a = (SmtpServerEvent.AuthSucceeded) e;
      handler.authenticated(new Authentication(a.mechanism(), a.authorizationId(), a.authenticationId()));
    } else if (e instanceof SmtpServerEvent.Reset) {
      abortSink();
      handler.reset();
    } else if (e instanceof SmtpServerEvent.ProtocolViolation) {
      abortSink();
      handler.violation((SmtpServerEvent.ProtocolViolation) e);
    } else if (e instanceof SmtpServerEvent.Quit) {
      abortSink();
    }
  }

  private void abortSink() {
    if (sink != null) {
      MessageSink s = sink;
      sink = null;
      s.abort();
    }
  }

  private static void sleepUntil(SmtpServer smtp, long deadline) throws InterruptedIOException {
    long nanos = deadline - smtp.environment().now();
    if (nanos > 0) {
      try {
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while a failed AUTH's reply waited for its delay");
      }
    }
  }

  /**
   * Runs a whole session over blocking streams: feeds what {@code in} gives, answers events, writes replies.
   *
   * <p>Timeouts (RFC 5321 §4.5.3.2): when a read throws {@link SocketTimeoutException} (a socket stream after
   * {@code Socket.setSoTimeout}), the engine is told with {@link SmtpServer#onTimeout()}; it answers
   * {@code 421 4.4.2} and closes once its own deadline has passed, and the loop reads on otherwise. Set the socket
   * timeout to about the configured idle timeout, or shorter. While the reply to a failed AUTH is held back
   * ({@link SmtpLimits#authFailureDelay()}) this thread waits for its deadline without reading, then lets the
   * engine send it.
   *
   * <p>No TLS: a configuration with {@code tlsAvailable(true)} makes this method throw
   * {@link IllegalStateException} when a client sends STARTTLS (RFC 3207), since streams cannot be re-layered here.
   * A host that offers STARTTLS drives the engine itself: the examples module's {@code BlockingLoop} does it with
   * {@code SSLSocket} (discarding bytes read before the handshake, DESIGN.md rule 7), with {@link #handleEvents()}
   * as its event step. Implicit TLS (RFC 8314) needs nothing from this method: pass an {@code SSLSocket}'s
   * streams to an engine configured with {@code implicitTls(true)}.
   *
   * @param smtp    the engine
   * @param handler answers its events
   * @param in      the connection's input
   * @param out     the connection's output
   * @throws IOException from the streams
   */
  public static void serve(SmtpServer smtp, SmtpHandler handler, InputStream in, OutputStream out)
      throws IOException {
    if (smtp.pendingStreamChange().isPresent()) {
      throw new IllegalStateException("serve() cannot perform TLS");
    }
    SmtpHandlerAdapter adapter = new SmtpHandlerAdapter(smtp, handler);
    byte[] buf = new byte[16 * 1024];
    ByteBuffer outBuf = ByteBuffer.allocate(16 * 1024);
    ByteBuffer pending = ByteBuffer.allocate(0);
    while (true) {
      adapter.handleEvents();
      while (smtp.hasOutput()) {
        outBuf.clear();
        smtp.drainOutput(outBuf);
        out.write(outBuf.array(), 0, outBuf.position());
        adapter.handleEvents();
      }
      out.flush();
      if (smtp.isClosed()) {
        return;
      }
      if (smtp.pendingStreamChange().isPresent()) {
        throw new IllegalStateException("serve() cannot perform TLS; configure tlsAvailable(false)");
      }
      if (smtp.status() == dev.missive.wire.ProtocolEngine.Status.DELAYED) {
        // a failed AUTH is answered after its delay (SmtpLimits.authFailureDelay): the engine only reports the
        // deadline; this thread is the host's timer
        sleepUntil(smtp, smtp.nextDeadline().orElseThrow());
        smtp.onTimeout();
        continue;
      }
      if (pending.hasRemaining()) {
        if (smtp.wantsInput()) {
          smtp.receive(pending);
        }
        continue;
      }
      int n;
      try {
        n = in.read(buf);
      } catch (SocketTimeoutException e) {
        smtp.onTimeout();
        continue;
      }
      if (n < 0) {
        smtp.receiveEnd();
        adapter.handleEvents();
        return;
      }
      pending = ByteBuffer.wrap(buf, 0, n);
      smtp.receive(pending);
    }
  }
}
