package dev.missive.smtp.server;

import dev.missive.message.address.ForwardPath;
import dev.missive.message.address.ReversePath;
import dev.missive.sasl.Authentication;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.MailParameters;
import dev.missive.smtp.MtPriority;
import dev.missive.smtp.RcptParameters;
import dev.missive.smtp.ReceivedField;
import java.io.IOException;
import java.util.Optional;

/**
 * The synchronous face of the SMTP server (RFC 5321 §3.3 mail transactions), driven by {@link SmtpHandlerServer}: one
 * handler per connection, made from the connection's {@link SmtpSession}, which it reads for the peer, TLS, the
 * authenticated identity and the envelope so far. Each command's method returns an {@link SmtpDecision}; every
 * method but {@link #data} accepts by default.
 *
 * <p>A method may throw {@link IOException} (storage or a directory down): the command is answered
 * {@link ReplyText#LOCAL_ERROR} ({@code 451 4.3.0}, RFC 5321 §4.2.1: the client tries again later), one WARN line
 * with the session id is logged, and the message being received, if any, is aborted. A {@link RuntimeException} is
 * answered the same way and logged as an ERROR (a bug). The notifications ({@link #authenticated}, {@link #reset},
 * {@link #violation}, {@link #closed}) have nothing to answer; what they throw is logged.
 *
 * <pre>{@code
 * Function<SmtpSession, SmtpHandler> handlers = session -> new SmtpHandler() {
 *   public SmtpDecision rcptTo(ForwardPath to, RcptParameters parameters) {
 *     return users.exists(to) ? SmtpDecision.accept()
 *         : SmtpDecision.reject(Reply.of(550, "5.1.1", "No such user here"));
 *   }
 *   public MessageSink data(Envelope envelope, ReceivedField trace) throws IOException {
 *     return store.begin(envelope, trace);      // streams the content to a file; end() makes it durable, then 250
 *   }
 * };
 * }</pre>
 */
@FunctionalInterface
public interface SmtpHandler {

  /**
   * The client greeted (HELO/EHLO/LHLO, RFC 5321 §4.1.1.1, RFC 2033 §4.1); accepting sends the greeting reply.
   *
   * @param kind       HELO, EHLO or LHLO
   * @param clientName the domain or address literal the client gave
   * @return the decision
   * @throws IOException answered with {@link ReplyText#LOCAL_ERROR}
   */
  default SmtpDecision hello(HelloKind kind, String clientName) throws IOException {
    return SmtpDecision.accept();
  }

  /**
   * MAIL FROM (RFC 5321 §4.1.1.2), syntax and parameters already checked. A submission handler checks here that
   * {@code from} belongs to {@link SmtpSession#authentication()} (RFC 6409 §6.1), refusing a mismatch as Postfix's
   * {@code reject_sender_login_mismatch} does:
   * {@code SmtpDecision.reject(Reply.of(553, "5.7.1", "Sender address rejected: not owned by user"))}.
   *
   * @param from       the reverse-path, possibly the null path ({@code <>})
   * @param parameters the MAIL parameters
   * @return the decision
   * @throws IOException answered with {@link ReplyText#LOCAL_ERROR}
   */
  default SmtpDecision mailFrom(ReversePath from, MailParameters parameters) throws IOException {
    return SmtpDecision.accept();
  }

  /**
   * MAIL FROM with the priority the client asked for (RFC 6710 §4.1), which the engine calls: {@code parameters}
   * carry the priority the configuration's {@link PriorityTrust} gave the message, {@code requestedPriority} the
   * client's own {@code MT-PRIORITY=} (worth logging, §4.1 item 3, or the ground of a refusal such as
   * {@link MtPriority#TOO_LOW}). By default it calls {@link #mailFrom(ReversePath, MailParameters)}; a handler that
   * needs the requested priority overrides this one instead.
   *
   * @param from              the reverse-path, possibly the null path ({@code <>})
   * @param parameters        the MAIL parameters, with the priority the server assigned
   * @param requestedPriority the client's {@code MT-PRIORITY=}, if it wrote one
   * @return the decision
   * @throws IOException answered with {@link ReplyText#LOCAL_ERROR}
   */
  default SmtpDecision mailFrom(ReversePath from, MailParameters parameters, Optional<MtPriority> requestedPriority)
      throws IOException {
    return mailFrom(from, parameters);
  }

  /**
   * RCPT TO (RFC 5321 §4.1.1.3), syntax, parameters and the recipient limit already checked;
   * {@link SmtpSession#envelope()} holds the recipients accepted so far.
   *
   * @param to         the forward-path
   * @param parameters the RCPT parameters
   * @return the decision
   * @throws IOException answered with {@link ReplyText#LOCAL_ERROR}
   */
  default SmtpDecision rcptTo(ForwardPath to, RcptParameters parameters) throws IOException {
    return SmtpDecision.accept();
  }

  /**
   * Message content is about to come, after DATA (RFC 5321 §4.1.1.4: a refusal is sent instead of 354, and the
   * client sends no content) or with the first BDAT chunk (RFC 3030 §2: a refusal answers that chunk and every
   * later one of the transaction, whose content is discarded). Accepting leads to {@link #data}.
   *
   * @param envelope the transaction's envelope
   * @return the decision; an accepting reply of its own is allowed for DATA only, and must be a 354
   * @throws IOException answered with {@link ReplyText#LOCAL_ERROR}
   */
  default SmtpDecision dataStart(Envelope envelope) throws IOException {
    return SmtpDecision.accept();
  }

  /**
   * Where this transaction's content goes: called once {@link #dataStart} accepted, before the 354 to DATA or the
   * first BDAT chunk's content. The content is streamed to the sink as it arrives, never held whole by the engine.
   *
   * @param envelope the transaction's envelope
   * @param trace    the {@code Received:} field to prepend (RFC 5321 §4.4)
   * @return the sink that receives the content
   * @throws IOException the sink cannot be opened: answered with {@link ReplyText#LOCAL_ERROR} instead of 354
   */
  MessageSink data(Envelope envelope, ReceivedField trace) throws IOException;

  /**
   * VRFY (RFC 5321 §3.5.1), only when the VRFY extension is configured; accept gives {@code 252}.
   *
   * @param argument the VRFY argument
   * @return the decision
   * @throws IOException answered with {@link ReplyText#LOCAL_ERROR}
   */
  default SmtpDecision vrfy(String argument) throws IOException {
    return SmtpDecision.accept();
  }

  /**
   * EXPN (RFC 5321 §3.5.2), only when the EXPN extension is configured; accept gives {@code 252}.
   *
   * @param argument the EXPN argument
   * @return the decision
   * @throws IOException answered with {@link ReplyText#LOCAL_ERROR}
   */
  default SmtpDecision expn(String argument) throws IOException {
    return SmtpDecision.accept();
  }

  /**
   * ETRN (RFC 1985 §5), only when {@link dev.missive.smtp.SmtpExtension#ETRN} is configured: start the queue run
   * for {@code etrn.request()} on other connections and answer with one of the event's replies, such as
   * {@code etrn.queuingStarted()} or {@code etrn.noMessagesWaiting()}. The default answers {@code 458 Unable to
   * queue messages for node <x>}, as does a failure of this method.
   *
   * @param etrn the request, with the RFC's replies to it
   * @return the decision
   * @throws IOException answered with {@code 458}
   */
  default SmtpDecision etrn(SmtpServerEvent.Etrn etrn) throws IOException {
    return etrn.unableToQueue();
  }

  /**
   * ATRN (RFC 2645 §5.2.1), only when {@link dev.missive.smtp.SmtpExtension#ATRN} is configured and the customer
   * authenticated: check the domains against {@code atrn.authentication()} and answer
   * {@code atrn.reverse(client)}, {@code atrn.noMail()}, {@code atrn.refused()} or {@code atrn.tryLater()}. The
   * default refuses (450); a failure of this method answers 451.
   *
   * @param atrn the request, with the RFC's answers to it
   * @return the decision
   * @throws IOException answered with {@code 451}
   */
  default SmtpDecision atrn(SmtpServerEvent.Atrn atrn) throws IOException {
    return atrn.refused();
  }

  /**
   * The client authenticated (RFC 4954 §4); 235 has been sent.
   *
   * @param who the mechanism and identities, as {@link SmtpSession#authentication()} reports from now on
   */
  default void authenticated(Authentication who) {
  }

  /** The transaction was reset (RSET, RFC 5321 §4.1.1.5, or a new HELO/EHLO); a sink in use was aborted first. */
  default void reset() {
  }

  /**
   * The engine reported a protocol violation, already answered (a sync error, too many errors, a smuggling
   * attempt, a timeout).
   *
   * @param violation what the client did wrong and the reply it got
   */
  default void violation(SmtpServerEvent.ProtocolViolation violation) {
  }

  /**
   * The session ended (QUIT, the peer closed, a timeout, a fatal error, shutdown), once; a sink in use was aborted
   * first. Release what the connection held here.
   */
  default void closed() {
  }
}
