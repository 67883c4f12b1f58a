package dev.missive.examples.listener;

import dev.missive.message.address.ForwardPath;
import dev.missive.message.address.ReversePath;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.RcptParameters;
import dev.missive.smtp.ReceivedField;
import dev.missive.smtp.Reply;
import dev.missive.smtp.server.MessageSink;
import dev.missive.smtp.server.ReceivedContent;
import dev.missive.smtp.server.SmtpDecision;
import dev.missive.smtp.server.SmtpHandler;
import dev.missive.smtp.server.SmtpHandlerServer;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.smtp.server.SmtpSession;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.PeerInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Adapts one connection's SMTP session (RFC 5321) to a {@link MailListener}: each recipient is the listener's to
 * accept ({@code 550 5.1.1} otherwise, RFC 3463), the content of each transaction (RFC 5321 §3.3) is gathered in
 * memory (bounded by the engine's {@code SIZE} limit, RFC 1870) and handed to the listener at the end of the data,
 * before the {@code 250}. What the listener throws is answered with the handler engine's local error
 * ({@code 451}), so the client tries again later (RFC 5321 §4.5.4.1).
 */
public final class ListenerHandler implements SmtpHandler {

  private static final Reply NO_SUCH_USER = Reply.of(550, "5.1.1", "No such user here");

  private final SmtpSession session;
  private final MailListener listener;

  /**
   * The handler of one connection.
   *
   * @param session  the connection's session view
   * @param listener receives the accepted messages
   */
  public ListenerHandler(SmtpSession session, MailListener listener) {
    this.session = session;
    this.listener = listener;
  }

  /**
   * The engine of one connection whose every accepted message goes to {@code listener}.
   *
   * @param config      the server's configuration
   * @param environment time and randomness
   * @param peer        the client and the session id
   * @param listener    receives the accepted messages
   * @return the engine, for any transport
   */
  public static SmtpHandlerServer engine(SmtpServerConfig config, EngineEnvironment environment, PeerInfo peer,
      MailListener listener) {
    return new SmtpHandlerServer(config, environment, peer, session -> new ListenerHandler(session, listener));
  }

  /**
   * The reverse path as a {@link MailListener} sees it.
   *
   * @param path the MAIL FROM path
   * @return the mailbox without angle brackets, empty for the null reverse path {@code <>}
   */
  public static String sender(ReversePath path) {
    return path.mailbox().map(Object::toString).orElse("");
  }

  /**
   * A forward path as a {@link MailListener} sees it.
   *
   * @param path the RCPT TO path
   * @return the mailbox without angle brackets, or {@code Postmaster}
   */
  public static String recipient(ForwardPath path) {
    return path.mailbox().map(Object::toString).orElse("Postmaster");
  }

  @Override
  public SmtpDecision rcptTo(ForwardPath to, RcptParameters parameters) {
    String from = sender(session.envelope().orElseThrow().reversePath());
    return listener.accept(from, recipient(to)) ? SmtpDecision.accept() : SmtpDecision.reject(NO_SUCH_USER);
  }

  @Override
  public MessageSink data(Envelope envelope, ReceivedField trace) {
    String from = sender(envelope.reversePath());
    List<String> to = envelope.recipients().stream().map(r -> recipient(r.forwardPath())).toList();
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    return new MessageSink() {
      @Override
      public void write(ByteBuffer chunk) {
        byte[] bytes = new byte[chunk.remaining()];
        chunk.get(bytes);
        content.writeBytes(bytes);
      }

      @Override
      public SmtpDecision end(ReceivedContent info) throws IOException {
        listener.deliver(from, to, content.toByteArray()); // the 250 only once the listener has it
        return SmtpDecision.accept();
      }
    };
  }
}
