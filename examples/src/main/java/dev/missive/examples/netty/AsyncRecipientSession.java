package dev.missive.examples.netty;

import dev.missive.examples.listener.ListenerSession;
import dev.missive.examples.listener.MailListener;
import dev.missive.smtp.Reply;
import dev.missive.smtp.server.SmtpServer;
import dev.missive.transport.netty.NettyConnection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiPredicate;

/**
 * Teaches an asynchronous decision on the event-loop transport: each RCPT (RFC 5321 §4.1.1.3) is checked on another
 * executor (think directory lookup or database), and the answer is applied back on the channel's event loop through
 * {@link NettyConnection#resume(Runnable)}. While the check runs the engine pauses ({@code wantsInput()} false, so
 * the transport stops reading) and the event loop serves other connections. A failed check answers
 * {@code 451 4.3.0}, so the client tries again later (RFC 5321 §4.2.1).
 */
public final class AsyncRecipientSession extends ListenerSession {

  private final NettyConnection connection;
  private final BiPredicate<String, String> directory;
  private final Executor executor;

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
    super(engine, listener);
    this.connection = connection;
    this.directory = directory;
    this.executor = executor;
  }

  @Override
  protected void rcptTo(String reversePath, String recipient) {
    CompletableFuture.supplyAsync(() -> directory.test(reversePath, recipient), executor)
        .whenComplete((ok, failure) -> connection.resume(() -> {
          if (engine().pendingDecision().isEmpty()) {
            return; // the session ended meanwhile (a timeout, a shutdown): nothing to answer
          }
          if (failure != null) {
            engine().reject(Reply.of(451, "4.3.0", "Directory unavailable, try again later"));
          } else {
            decide(recipient, ok);
          }
        }));
  }
}
