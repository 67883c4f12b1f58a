package dev.missive.examples.netty;

import dev.missive.examples.listener.ListenerHandler;
import dev.missive.examples.listener.MailListener;
import dev.missive.transport.EngineSession;
import dev.missive.smtp.Reply;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.server.ReplyText;
import dev.missive.smtp.server.ReplyTexts;
import dev.missive.smtp.server.SmtpServer;
import dev.missive.smtp.server.SmtpServerEvent;
import dev.missive.transport.netty.NettyConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Teaches an asynchronous decision on the event-loop transport, with the SMTP server engine's events (the handler
 * engine answers synchronously): each RCPT (RFC 5321 §4.1.1.3) is checked on another executor (think directory
 * lookup or database), and the answer is applied back on the channel's event loop through
 * {@link NettyConnection#resume(Runnable)}. While the check runs the engine pauses ({@code wantsInput()} false, so
 * the transport stops reading) and the event loop serves other connections. A failed check, or a listener that
 * throws, is answered with the engine's local error ({@code 451}), so the client tries again later (RFC 5321
 * §4.2.1). Accepted messages go to a {@link MailListener}, as with {@link ListenerHandler}.
 */
public final class AsyncRecipientSession implements EngineSession {

  private static final Logger LOG = LoggerFactory.getLogger(AsyncRecipientSession.class);
  private static final Reply NO_SUCH_USER = Reply.of(550, "5.1.1", "No such user here");
  /** {@link ReplyText#LOCAL_ERROR}: its default text names no host. */
  private static final Reply LOCAL_ERROR = ReplyTexts.DEFAULT.reply(ReplyText.LOCAL_ERROR, "");

  private final SmtpServer engine;
  private final MailListener listener;
  private final NettyConnection connection;
  private final BiPredicate<String, String> directory;
  private final Executor executor;
  private final ByteArrayOutputStream content = new ByteArrayOutputStream();

  /**
   * Creates the session of one connection.
   *
   * @param engine     the connection's SMTP server engine
   * @param listener   receives accepted messages (its own {@code accept} is not used)
   * @param connection the way back to the event loop
   * @param directory  the slow check of (reverse path, recipient), run on {@code executor}
   * @param executor   where the check runs
   */
  public AsyncRecipientSession(SmtpServer engine, MailListener listener, NettyConnection connection,
                               BiPredicate<String, String> directory, Executor executor) {
    this.engine = engine;
    this.listener = listener;
    this.connection = connection;
    this.directory = directory;
    this.executor = executor;
  }

  @Override
  public SmtpServer engine() {
    return engine;
  }

  @Override
  public void handleEvents() {
    for (SmtpServerEvent e; (e = engine.nextEvent()) != null; ) {
      if (e instanceof SmtpServerEvent.RcptTo r) {
        rcptTo(ListenerHandler.sender(engine.envelope().orElseThrow().reversePath()),
            ListenerHandler.recipient(r.forwardPath()));
      } else if (e instanceof SmtpServerEvent.DataChunk c) {
        byte[] bytes = new byte[c.bytes().remaining()];
        c.bytes().duplicate().get(bytes);
        content.writeBytes(bytes);
      } else if (e instanceof SmtpServerEvent.DataEnd) {
        deliver(engine.envelope().orElseThrow());
      } else if (e instanceof SmtpServerEvent.DataStart || e instanceof SmtpServerEvent.DataAborted
          || e instanceof SmtpServerEvent.Reset) {
        content.reset();
        if (e.needsDecision()) {
          engine.accept();
        }
      } else if (e.needsDecision()) {
        engine.accept(); // HELO/EHLO, MAIL, VRFY, EXPN: the engine's defaults
      }
    }
  }

  private void rcptTo(String reversePath, String recipient) {
    CompletableFuture.supplyAsync(() -> directory.test(reversePath, recipient), executor)
        .whenComplete((ok, failure) -> connection.resume(() -> {
          if (engine.pendingDecision().isEmpty()) {
            return; // the session ended meanwhile (a timeout, a shutdown): nothing to answer
          }
          if (failure != null) {
            LOG.warn("[{}] directory failed: {}", engine.peer().sessionId(), failure.toString());
            engine.reject(LOCAL_ERROR);
          } else if (ok) {
            engine.accept();
          } else {
            engine.reject(NO_SUCH_USER);
          }
        }));
  }

  private void deliver(Envelope envelope) {
    List<String> to = envelope.recipients().stream().map(r -> ListenerHandler.recipient(r.forwardPath())).toList();
    try {
      listener.deliver(ListenerHandler.sender(envelope.reversePath()), to, content.toByteArray());
      engine.accept();
    } catch (IOException | RuntimeException e) {
      LOG.warn("[{}] the listener failed: {}", engine.peer().sessionId(), e.toString());
      engine.reject(LOCAL_ERROR);
    }
    content.reset();
  }

  @Override
  public void closed() {
    content.reset();
  }
}
