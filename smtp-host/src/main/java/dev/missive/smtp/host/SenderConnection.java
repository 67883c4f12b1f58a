package dev.missive.smtp.host;

import dev.missive.smtp.Envelope;
import dev.missive.smtp.TransactionLimits;
import dev.missive.smtp.client.EhloCapabilities;
import dev.missive.smtp.client.SmtpClient;
import dev.missive.smtp.client.SmtpClientConfig;
import dev.missive.transport.BlockingClient;
import dev.missive.transport.ClientCalls;
import dev.missive.wire.EngineEnvironment;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One open SMTP session to a server, ready for messages: {@link #send} sends one message and returns its per-recipient
 * results; any number of messages may follow on the same connection (RFC 5321 §4.1.4: a new MAIL after the previous
 * transaction); {@link #close()} sends QUIT. Made by {@link SmtpSender#connect()}.
 *
 * <p>Calls block the calling thread while the session runs on a thread of its own; calls from several threads are
 * served one after the other. A server may close a connection left idle (RFC 5321 §4.5.3.2.7: after 5 minutes or
 * more); the next {@link #send} then reports temporary failures or throws, and a new connection is needed.
 */
public final class SenderConnection implements AutoCloseable {

  private final ClientCalls calls;
  private final String host;
  private volatile Thread thread;
  private SenderSession session; // set and used on the session thread only
  /** MAIL transactions started on this session, for LIMITS MAILMAX (RFC 9422); guarded by this. */
  private int transactions;
  /** The recipient domains this session has been given, for LIMITS RCPTDOMAINMAX (RFC 9422 §4.3); guarded by this. */
  private final Set<String> domains = new HashSet<>();

  private SenderConnection(ClientCalls calls, String host) {
    this.calls = calls;
    this.host = host;
  }

  /**
   * Connects, opens the session (greeting, EHLO, STARTTLS, AUTH as {@code config} says) and waits until it is ready.
   *
   * @param client  the transport, with its TLS settings
   * @param connect the server's host name (the name its certificate must carry when verified) or address
   * @param host    the server's name for results and logs (an MX host's name when {@code connect} is its address)
   * @param port    the server's port
   * @param config the client engine's configuration
   * @return the open connection
   * @throws IOException if the connection, the TLS handshake or the session's opening failed
   */
  static SenderConnection open(BlockingClient client, String connect, String host, int port,
      SmtpClientConfig config)
      throws IOException {
    ClientCalls calls = new ClientCalls();
    SenderConnection connection = new SenderConnection(calls, host);
    connection.thread = calls.startSession("missive-smtp-" + host, () -> {
      try (client) {
        client.run(connect, port, c -> connection.attach(
            new SenderSession(new SmtpClient(config, EngineEnvironment.system(), c.peer(false)), calls, host)));
      }
      IOException reason = connection.endReason();
      if (reason != null) {
        throw reason;
      }
    });
    try {
      calls.call(answer -> answer.complete(null)); // served once the session is ready (RFC 5321 §4.1.4)
    } catch (IOException e) {
      connection.join();
      throw e;
    }
    return connection;
  }

  private SenderSession attach(SenderSession s) {
    session = s;
    return s;
  }

  private IOException endReason() {
    return session == null ? null : session.endReason();
  }

  /** {@return the server connected to} */
  public String host() {
    return host;
  }

  /**
   * Sends one message: MAIL FROM declares {@code BODY=8BITMIME}, {@code SMTPUTF8} and {@code SIZE} from
   * {@code content} (RFC 6152, RFC 6531, RFC 1870), keeping the envelope's other parameters; the content is streamed.
   * A server that cannot take the message (no 8BITMIME or SMTPUTF8 where needed, over its SIZE) gets nothing and
   * every recipient a permanent failure. The server's {@code LIMITS} (RFC 9422) are kept: more recipients than its
   * {@code RCPTMAX} (or domains than its {@code RCPTDOMAINMAX}) go as several transactions of the same message, one
   * after the other; recipients that would need more transactions than its {@code MAILMAX} leaves this session get a
   * temporary failure saying so ({@link SmtpSender#send} and {@link MxSender} open a new connection for them).
   *
   * @param envelope the sender and recipients
   * @param content  the message
   * @return one result per recipient; delivered only when the server accepted the whole message
   * @throws IOException              if the connection is gone before the message could be started, or a stream's
   *                                  content could not be read (the transaction was then broken off: nothing was
   *                                  delivered)
   * @throws IllegalArgumentException if the envelope has no recipient, or the server's limits need several
   *                                  transactions and {@code content} is a stream, which cannot be sent twice
   */
  public SendResult send(Envelope envelope, MessageContent content) throws IOException {
    Objects.requireNonNull(envelope, "envelope");
    Objects.requireNonNull(content, "content");
    if (envelope.recipients().isEmpty()) {
      throw new IllegalArgumentException("an envelope to send has at least one recipient");
    }
    LimitedSend.Progress p = sendWithinLimits(envelope, content);
    return LimitedSend.complete(envelope, p.results(), p.unsentReason());
  }

  /** The transactions the server's LIMITS ask for, as far as this session's MAILMAX goes (RFC 9422). */
  synchronized LimitedSend.Progress sendWithinLimits(Envelope envelope, MessageContent content) throws IOException {
    return LimitedSend.onConnection(this, envelope, content);
  }

  /** One transaction for the whole envelope, whatever the limits (the caller holds this connection's lock). */
  SendResult sendOne(Envelope envelope, MessageContent content) throws IOException {
    transactions++;
    envelope.recipients().forEach(r -> domains.add(TransactionLimits.domainOf(r.forwardPath())));
    return calls.call(answer -> session.send(envelope, content, answer));
  }

  /** {@return the recipient domains sent on this session (the caller holds this connection's lock)} */
  Set<String> domains() {
    return domains;
  }

  /** {@return the transactions started on this session (the caller holds this connection's lock)} */
  int transactions() {
    return transactions;
  }

  /**
   * The server's capabilities from its last EHLO reply (after TLS, the second one, RFC 3207 §4.2).
   *
   * @return the capabilities
   * @throws IOException if the session is over
   */
  public EhloCapabilities capabilities() throws IOException {
    return calls.call(answer -> answer.complete(session.client().capabilities()
        .orElse(EhloCapabilities.none(host))));
  }

  /** {@return whether the session is still open} */
  public boolean isOpen() {
    return !calls.isEnded();
  }

  /**
   * Ends the session with QUIT (RFC 5321 §4.1.1.10) and waits for it to end; does nothing once it is over.
   *
   * @throws IOException if waiting was interrupted
   */
  @Override
  public void close() throws IOException {
    try {
      if (!calls.isEnded()) {
        calls.call(answer -> {
          session.client().quit();
          answer.complete(null);
        });
      }
    } catch (IOException e) {
      // the session ended meanwhile: nothing left to close
    } finally {
      join();
    }
  }

  private void join() throws IOException {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while the SMTP session with " + host + " ended");
    }
  }
}
