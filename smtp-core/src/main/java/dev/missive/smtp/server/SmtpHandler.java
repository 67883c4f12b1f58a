package dev.missive.smtp.server;

import dev.missive.message.address.ForwardPath;
import dev.missive.message.address.ReversePath;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.MailParameters;
import dev.missive.smtp.RcptParameters;
import dev.missive.smtp.ReceivedField;
import java.util.Optional;

/**
 * The synchronous face of the SMTP server (RFC 5321 §3.3 mail transactions): one method per decision, each
 * returning a {@link SmtpDecision}; every method but {@link #message} accepts by default. Driven by
 * {@link SmtpHandlerAdapter}, one handler instance per connection (or a thread-safe shared one).
 *
 * <pre>{@code
 * SmtpHandler handler = (envelope, trace) -> MessageSink.collecting((info, bytes) -> {
 *   store(trace.toBytes(), bytes);          // durable first
 *   return SmtpDecision.accept();           // then 250
 * });
 * }</pre>
 */
@FunctionalInterface
public interface SmtpHandler {

  /**
   * The client greeted (HELO/EHLO/LHLO).
   *
   * @param kind       HELO, EHLO or LHLO
   * @param clientName the domain or address literal the client gave
   * @return the decision
   */
  default SmtpDecision hello(HelloKind kind, String clientName) {
    return SmtpDecision.accept();
  }

  /**
   * MAIL FROM (RFC 5321 §4.1.1.2). A submission handler checks here that {@code from} belongs to
   * {@code authentication} (RFC 6409 §6.1), refusing a mismatch as Postfix's {@code reject_sender_login_mismatch}
   * does: {@code SmtpDecision.reject(Reply.of(553, "5.7.1", "Sender address rejected: not owned by user"))}.
   *
   * @param from           the reverse-path, possibly the null path ({@code <>})
   * @param parameters     the MAIL parameters
   * @param authentication who the client authenticated as in this session, if it did (RFC 4954 §4)
   * @return the decision
   */
  default SmtpDecision mailFrom(ReversePath from, MailParameters parameters, Optional<Authentication> authentication) {
    return SmtpDecision.accept();
  }

  /**
   * RCPT TO (RFC 5321 §4.1.1.3); {@code envelope} holds the recipients accepted so far.
   *
   * @param to         the forward-path
   * @param parameters the RCPT parameters
   * @param envelope   the transaction so far
   * @return the decision
   */
  default SmtpDecision rcptTo(ForwardPath to, RcptParameters parameters, Envelope envelope) {
    return SmtpDecision.accept();
  }

  /**
   * Message content is about to arrive (after DATA's 354 or with the first BDAT chunk): returns where to put it.
   *
   * @param envelope the transaction's envelope
   * @param trace    the {@code Received:} field to prepend (RFC 5321 §4.4)
   * @return the sink that receives the content
   */
  MessageSink message(Envelope envelope, ReceivedField trace);

  /**
   * VRFY, only when the VRFY extension is configured (accept gives 252).
   *
   * @param argument the VRFY argument
   * @return the decision
   */
  default SmtpDecision vrfy(String argument) {
    return SmtpDecision.accept();
  }

  /**
   * EXPN, only when the EXPN extension is configured (accept gives 252).
   *
   * @param argument the EXPN argument
   * @return the decision
   */
  default SmtpDecision expn(String argument) {
    return SmtpDecision.accept();
  }

  /**
   * The client authenticated as {@code authorizationId} (RFC 4954).
   *
   * @param mechanism       the SASL mechanism used
   * @param authorizationId the identity the client now acts as
   */
  default void authenticated(String mechanism, String authorizationId) {
  }

  /** The transaction was reset (RSET or a new EHLO). */
  default void reset() {
  }

  /**
   * The engine reported a protocol violation (already answered).
   *
   * @param violation what the client did wrong and the reply it got
   */
  default void violation(SmtpServerEvent.ProtocolViolation violation) {
  }
}
