package dev.missive.pop3.host;

import dev.missive.pop3.client.Pop3Client;
import dev.missive.pop3.client.Pop3ClientEvent;
import dev.missive.pop3.client.Pop3Login;
import dev.missive.pop3.client.ScanListing;
import dev.missive.pop3.client.UniqueIdListing;
import dev.missive.transport.ClientCalls;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A POP3 mailbox for applications (RFC 1939): connect, log in, list, fetch, delete and quit, one blocking call per
 * command, on the library's blocking transport.
 *
 * <pre>{@code
 * try (Pop3Mailbox inbox = Pop3Mailbox.builder("pop.example.org", Pop3Login.userPass("alice", password)).open()) {
 *   for (UniqueIdListing m : inbox.uidl()) {
 *     inbox.retrieve(m.messageNumber(), dir.resolve(m.uniqueId() + ".eml"));   // streamed to the file
 *     inbox.delete(m.messageNumber());                                        // removed at QUIT
 *   }
 * }
 * }</pre>
 *
 * <p>TLS is required and verified by default: implicit TLS on port 995 (RFC 8314 §3.3), or STLS on port 110
 * (RFC 2595 §4) with {@link Pop3MailboxBuilder#stls()}; the server's certificate must be trusted and name the host
 * connected to (RFC 6125). Content is streamed to the caller's {@link OutputStream} or file as it arrives, never held
 * whole in memory; a message cut short by the connection fails its call, it never passes as complete.
 *
 * <p>{@link #close()} ends with QUIT, so the deletions take effect (the UPDATE state, RFC 1939 §6); {@link #reset()}
 * first undoes them, and {@link #abort()} ends without QUIT, deleting nothing. A failed command throws a
 * {@link Pop3CommandException} and the session goes on; a failed login throws {@link Pop3LoginException} from
 * {@link Pop3MailboxBuilder#open()}; a failed TLS handshake (an untrusted certificate, a wrong name) throws
 * {@code TlsHandshakes.HandshakeFailedException} from it. Once the connection is lost every call throws an
 * {@link IOException} saying why. Calls from several threads are served one after the other.
 */
public final class Pop3Mailbox implements AutoCloseable {

  private final ClientCalls calls;
  private volatile Thread thread;
  private MailboxSession session; // set and used on the session thread only

  Pop3Mailbox(ClientCalls calls) {
    this.calls = calls;
  }

  void started(Thread sessionThread) {
    this.thread = sessionThread;
  }

  /** {@return why the session ended, once it has (read by the session thread when the transport returns)} */
  IOException endReason() {
    return session == null ? null : session.endReason();
  }

  MailboxSession attach(MailboxSession s) {
    this.session = s;
    return s;
  }

  /**
   * Starts describing a connection to a POP3 server.
   *
   * @param host  the server's host name, which its certificate must name
   * @param login how to log in: {@link Pop3Login#userPass}, {@link Pop3Login#apop} or {@link Pop3Login#sasl}
   * @return the builder: implicit TLS on port 995, certificate verified against the JDK's trusted roots
   */
  public static Pop3MailboxBuilder builder(String host, Pop3Login login) {
    return new Pop3MailboxBuilder(host, login);
  }

  /**
   * STAT (RFC 1939 §5).
   *
   * @return the number of messages and their size in octets
   * @throws IOException if the command failed or the session is over
   */
  public Pop3ClientEvent.StatResult stat() throws IOException {
    return simple(Pop3Client::stat, Pop3ClientEvent.StatResult.class, r -> r);
  }

  /**
   * LIST (RFC 1939 §5).
   *
   * @return each message's number and size, without the ones marked deleted
   * @throws IOException if the command failed or the session is over
   */
  public List<ScanListing> list() throws IOException {
    return simple(Pop3Client::list, Pop3ClientEvent.ListResult.class, Pop3ClientEvent.ListResult::listings);
  }

  /**
   * UIDL (RFC 1939 §7): the unique ids that stay the same across sessions, to fetch each message once.
   *
   * @return each message's number and unique id, without the ones marked deleted
   * @throws IOException if the command failed (a server without UIDL answers {@code -ERR}) or the session is over
   */
  public List<UniqueIdListing> uidl() throws IOException {
    return simple(Pop3Client::uidl, Pop3ClientEvent.UidlResult.class, Pop3ClientEvent.UidlResult::listings);
  }

  /**
   * RETR (RFC 1939 §5): streams the message, un-stuffed (RFC 1939 §3), to {@code out} as it arrives; {@code out} is
   * written on the session's thread while this call waits, and is neither flushed nor closed.
   *
   * @param messageNumber the message
   * @param out           where its octets go
   * @return the number of octets written
   * @throws IOException if the command failed, {@code out} failed (the rest of the message is read and dropped, the
   *                     session goes on) or the connection ended in mid-message
   */
  public long retrieve(int messageNumber, OutputStream out) throws IOException {
    Objects.requireNonNull(out, "out");
    return content(c -> c.retrieve(messageNumber), new ContentExchange.StreamSink(out));
  }

  /**
   * RETR (RFC 1939 §5) into a new file: the message is streamed to a temporary file beside {@code file} and moved to
   * {@code file} only once complete, so {@code file} never holds part of a message.
   *
   * @param messageNumber the message
   * @param file          where the message goes; must not exist yet
   * @return the number of octets written
   * @throws java.nio.file.FileAlreadyExistsException if {@code file} exists (checked before RETR is sent)
   * @throws IOException if the command failed, the file could not be written or the connection ended in
   *                     mid-message; nothing is left behind
   */
  public long retrieve(int messageNumber, Path file) throws IOException {
    ContentExchange.FileSink sink = ContentExchange.FileSink.create(file);
    return content(c -> c.retrieve(messageNumber), sink);
  }

  /**
   * TOP (RFC 1939 §7): the message's header and the first {@code lines} lines of its body, streamed to {@code out}.
   *
   * @param messageNumber the message
   * @param lines         how many body lines, 0 or more
   * @param out           where the octets go (written on the session's thread, neither flushed nor closed)
   * @return the number of octets written
   * @throws IOException if the command failed, {@code out} failed or the connection ended in mid-answer
   */
  public long top(int messageNumber, int lines, OutputStream out) throws IOException {
    Objects.requireNonNull(out, "out");
    return content(c -> c.top(messageNumber, lines), new ContentExchange.StreamSink(out));
  }

  /**
   * DELE (RFC 1939 §5): marks the message deleted; the server removes it when {@link #close()} sends QUIT.
   *
   * @param messageNumber the message
   * @throws IOException if the command failed or the session is over
   */
  public void delete(int messageNumber) throws IOException {
    completed(c -> c.delete(messageNumber));
  }

  /**
   * RSET (RFC 1939 §5): unmarks every message marked deleted in this session.
   *
   * @throws IOException if the command failed or the session is over
   */
  public void reset() throws IOException {
    completed(Pop3Client::reset);
  }

  /**
   * NOOP (RFC 1939 §5): keeps the session alive.
   *
   * @throws IOException if the command failed or the session is over
   */
  public void noop() throws IOException {
    completed(Pop3Client::noop);
  }

  /**
   * QUIT (RFC 1939 §6) and waits for the session to end: the messages marked deleted are removed. Does nothing once
   * the session is over.
   *
   * @throws IOException if the server did not answer QUIT with {@code +OK} (deletions may not have taken effect)
   */
  @Override
  public void close() throws IOException {
    try {
      if (!calls.isEnded()) {
        completed(Pop3Client::quit);
      }
    } finally {
      join();
    }
  }

  /**
   * Ends the session without QUIT: nothing marked deleted is removed (RFC 1939 §6).
   *
   * @throws IOException if the session could not be ended in order
   */
  public void abort() throws IOException {
    try {
      if (!calls.isEnded()) {
        calls.call(answer -> {
          session.client().shutdown();
          answer.complete(null);
        });
      }
    } finally {
      join();
    }
  }

  /** {@return whether the session is over (closed, aborted or its connection lost)} */
  public boolean isClosed() {
    return calls.isEnded();
  }

  private void join() throws IOException {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while the POP3 session ended");
    }
  }

  private <E extends Pop3ClientEvent, T> T simple(Consumer<Pop3Client> command, Class<E> type, Function<E, T> value)
      throws IOException {
    return calls.call(answer -> {
      command.accept(session.client());
      session.begin(new MailboxSession.Exchange() {
        @Override
        public boolean on(Pop3ClientEvent event) {
          if (type.isInstance(event)) {
            answer.complete(value.apply(type.cast(event)));
          } else if (event instanceof Pop3ClientEvent.CommandFailed f) {
            answer.fail(new Pop3CommandException(f.command(), f.text(), f.code()));
          } else {
            return false;
          }
          return true;
        }

        @Override
        public void ended(IOException reason) {
          answer.fail(reason);
        }
      });
    });
  }

  private void completed(Consumer<Pop3Client> command) throws IOException {
    simple(command, Pop3ClientEvent.CommandCompleted.class, r -> null);
  }

  private long content(Consumer<Pop3Client> command, ContentExchange.Sink sink) throws IOException {
    try {
      return calls.call(answer -> {
        command.accept(session.client());
        session.begin(new ContentExchange(sink, answer));
      });
    } finally {
      sink.discard(); // a file sink's temporary file when the message did not arrive whole; nothing otherwise
    }
  }
}
