package dev.missive.smtp.client;

import dev.missive.smtp.Envelope;
import dev.missive.smtp.MtPriority;
import dev.missive.smtp.Recipient;
import dev.missive.smtp.Reply;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the client engine reports to its host (docs/architecture.md, "Events and queries"), one edge-triggered record
 * per occurrence, taken with {@link SmtpClient#nextEvent()}; the replies are those of RFC 5321 §4.2 with their enhanced
 * status codes (RFC 3463). Java 17 hosts test them with an {@code instanceof} chain:
 *
 * <pre>{@code
 * for (SmtpClientEvent e; (e = client.nextEvent()) != null; ) {
 *   if (e instanceof SmtpClientEvent.DataReady) { content = message; }   // a ByteBuffer held in memory
 *   else if (e instanceof SmtpClientEvent.TransactionResult t) { record(t); client.quit(); }
 *   else if (e instanceof SmtpClientEvent.Failed f) { log(f.reason()); }
 * }
 * if (content != null && client.canWriteContent()) {   // checked again after every drain and receive
 *   client.writeContent(content);                       // takes all of it, or throws and takes nothing
 *   client.endContent();
 *   content = null;
 * }
 * }</pre>
 */
public sealed interface SmtpClientEvent {

  /** The server greeted with 220 (RFC 5321 §4.3.1). */
  record Greeted(Reply reply) implements SmtpClientEvent {
  }

  /**
   * The server answered EHLO (or HELO, with no extensions); sent again after the TLS handshake (RFC 3207 §4.2).
   *
   * @param capabilities the announced extensions
   * @param tls          whether TLS is active
   */
  record CapabilitiesKnown(EhloCapabilities capabilities, boolean tls) implements SmtpClientEvent {
  }

  /**
   * The server accepted STARTTLS (RFC 3207 §4): the engine's {@link SmtpClient#pendingStreamChange()} is a
   * {@link dev.missive.wire.StreamChange.StartTls}; drain the output, drop what was read but not fed, layer TLS on
   * the transport, then call {@link SmtpClient#streamChanged(dev.missive.wire.StreamLayer)} with its
   * {@link dev.missive.wire.TlsInfo}.
   */
  record TlsRequested() implements SmtpClientEvent {
  }

  /** AUTH succeeded with 235 (RFC 4954 §6). */
  record Authenticated(String mechanism) implements SmtpClientEvent {
  }

  /**
   * AUTH failed (RFC 4954 §6: 535, 534, 538, 454, …) or could not start; the session then ends with QUIT.
   *
   * @param mechanism the SASL mechanism name
   * @param reply     the server's reply, if the server gave the verdict
   * @param reason    what went wrong, without credentials
   */
  record AuthFailed(String mechanism, Optional<Reply> reply, String reason) implements SmtpClientEvent {
  }

  /** The session is idle: {@link SmtpClient#send(Envelope)} or {@link SmtpClient#quit()} may follow. */
  record Ready() implements SmtpClientEvent {
  }

  /**
   * The server's reply to VRFY (RFC 5321 §4.1.1.6, §3.5.3: 250/251 verified, 252 cannot verify, 550/551/553 …).
   *
   * @param argument the string the host asked to verify
   * @param reply    the reply
   */
  record Verified(String argument, Reply reply) implements SmtpClientEvent {
  }

  /**
   * The server's answer to ETRN (RFC 1985 §5), or {@link QueueRunOutcome#NOT_OFFERED} without a reply when the
   * server did not advertise ETRN. The session is {@link SmtpClientState#READY} again after it.
   *
   * @param request what the host asked a queue run for
   * @param outcome what the reply code says
   * @param reply   the server's reply, empty when the command was not sent
   */
  record QueueRunResult(dev.missive.smtp.EtrnRequest request, QueueRunOutcome outcome, Optional<Reply> reply)
      implements SmtpClientEvent {

    /**
     * Checks that every value is present.
     *
     * @param request what the host asked a queue run for
     * @param outcome what the reply code says
     * @param reply   the server's reply, empty when the command was not sent
     */
    public QueueRunResult {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(reply, "reply");
    }

    /**
     * The number of waiting messages a {@code 253 OK, <n> pending messages for node <x> started} names.
     *
     * @return the count, or empty for any other reply or a 253 whose text does not start with {@code OK, <n> }
     */
    public java.util.OptionalInt pendingMessages() {
      if (outcome != QueueRunOutcome.PENDING_COUNTED) {
        return java.util.OptionalInt.empty();
      }
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("OK, ([0-9]{1,9}) ").matcher(reply.get().text());
      return m.lookingAt() ? java.util.OptionalInt.of(Integer.parseInt(m.group(1))) : java.util.OptionalInt.empty();
    }
  }

  /**
   * The provider's answer to ATRN (RFC 2645 §5.2.1). On {@code 250} ({@link #reversed()}) the engine asks for a
   * {@link dev.missive.wire.StreamChange.Handover} to the successor the host supplied, which answers from now on
   * with its 220 greeting (RFC 2645 §5.3); on any other reply ({@code 450} refused, {@code 451} later, {@code 453}
   * no mail, {@code 502}, {@code 530}) the session is {@link SmtpClientState#READY} again. Empty when the server did
   * not advertise ATRN, so the command was not sent.
   *
   * @param request what the host asked for
   * @param reply   the provider's reply, or empty when ATRN was not offered
   */
  record AtrnResult(dev.missive.smtp.AtrnRequest request, Optional<Reply> reply) implements SmtpClientEvent {

    /**
     * Checks that every value is present.
     *
     * @param request what the host asked for
     * @param reply   the provider's reply, or empty when ATRN was not offered
     */
    public AtrnResult {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(reply, "reply");
    }

    /** {@return whether the provider answered 250: the roles reverse} */
    public boolean reversed() {
      return reply.isPresent() && reply.get().code() == 250;
    }

    /** {@return whether the provider said it holds no mail for the customer (453)} */
    public boolean noMail() {
      return reply.isPresent() && reply.get().code() == 453;
    }
  }

  /**
   * The server's reply to the RCPT TO of one recipient (RFC 5321 §4.1.1.3).
   *
   * @param index     the recipient's position in the envelope
   * @param recipient the recipient
   * @param reply     the reply
   */
  record RecipientResult(int index, Recipient recipient, Reply reply) implements SmtpClientEvent {

    /** {@return whether the server accepted this recipient} */
    public boolean accepted() {
      return reply.isPositiveCompletion();
    }
  }

  /**
   * The host may stream the message content now ({@link SmtpClient#writeContent(java.nio.ByteBuffer)} while
   * {@link SmtpClient#canWriteContent()}, then {@link SmtpClient#endContent()}): DATA got 354 (RFC 5321 §4.1.1.4),
   * or BDAT will carry it (RFC 3030 §2).
   *
   * @param bdat whether the content goes with BDAT
   */
  record DataReady(boolean bdat) implements SmtpClientEvent {
  }

  /**
   * The end of one transaction (RFC 5321 §3.3), with one result per recipient.
   *
   * @param envelope   the envelope
   * @param outcome    whether the server took the message (under LMTP: for at least one recipient)
   * @param reply      the deciding reply: the final reply after the data (under LMTP the first of them), or the
   *                   failing MAIL, DATA or BDAT reply
   * @param recipients the RCPT result of each recipient that got one, in envelope order
   * @param deliveries under LMTP (RFC 2033 §4.2), the reply after the data for each recipient accepted at RCPT, in
   *                   order; empty under SMTP, where {@code reply} holds for every accepted recipient
   * @param reason     why the transaction failed or was not sent, or empty
   * @param assignedPriority the priority the server said it gave the message instead of the one asked for (RFC 6710
   *                   §4.1: X.3.6 and the new priority, in the reply to MAIL FROM or after the data, read by
   *                   {@link MtPriority#assignedIn}), or empty when it said none (the envelope's own stands)
   */
  record TransactionResult(Envelope envelope, Outcome outcome, Optional<Reply> reply,
      List<RecipientResult> recipients, List<RecipientResult> deliveries, String reason,
      Optional<MtPriority> assignedPriority) implements SmtpClientEvent {

    /**
     * Copies the lists.
     *
     * @param envelope   the envelope
     * @param outcome    whether the server took the message (under LMTP: for at least one recipient)
     * @param reply      the deciding reply: the final reply after the data (under LMTP the first of them), or the
     *                   failing MAIL, DATA or BDAT reply
     * @param recipients the RCPT result of each recipient that got one, in envelope order
     * @param deliveries under LMTP (RFC 2033 §4.2), the reply after the data for each recipient accepted at RCPT, in
     *                   order; empty under SMTP, where {@code reply} holds for every accepted recipient
     * @param reason     why the transaction failed or was not sent, or empty
   * @param assignedPriority the priority the server said it gave the message instead of the one asked for (RFC 6710
   *                   §4.1: X.3.6 and the new priority, in the reply to MAIL FROM or after the data, read by
   *                   {@link MtPriority#assignedIn}), or empty when it said none (the envelope's own stands)
     */
    public TransactionResult {
      Objects.requireNonNull(outcome, "outcome");
      recipients = List.copyOf(recipients);
      deliveries = List.copyOf(deliveries);
      Objects.requireNonNull(assignedPriority, "assignedPriority");
    }

    /**
     * A result without a priority assigned by the server.
     *
     * @param envelope   the envelope
     * @param outcome    whether the server took the message (under LMTP: for at least one recipient)
     * @param reply      the deciding reply: the final reply after the data (under LMTP the first of them), or the
     *                   failing MAIL, DATA or BDAT reply
     * @param recipients the RCPT result of each recipient that got one, in envelope order
     * @param deliveries under LMTP (RFC 2033 §4.2), the reply after the data for each recipient accepted at RCPT, in
     *                   order; empty under SMTP, where {@code reply} holds for every accepted recipient
     * @param reason     why the transaction failed or was not sent, or empty
     */
    public TransactionResult(Envelope envelope, Outcome outcome, Optional<Reply> reply,
        List<RecipientResult> recipients, List<RecipientResult> deliveries, String reason) {
      this(envelope, outcome, reply, recipients, deliveries, reason, Optional.empty());
    }

    /**
     * The recipients the message was delivered to: under SMTP those accepted at RCPT when the message was
     * accepted; under LMTP those whose own reply after the data was positive.
     *
     * @return the recipients the message was delivered to
     */
    public List<Recipient> deliveredTo() {
      if (!deliveries.isEmpty()) {
        return deliveries.stream().filter(RecipientResult::accepted).map(RecipientResult::recipient).toList();
      }
      return outcome != Outcome.ACCEPTED ? List.of()
          : recipients.stream().filter(RecipientResult::accepted).map(RecipientResult::recipient).toList();
    }
  }

  /** How a transaction ended. */
  enum Outcome {
    /** The server accepted the message for the accepted recipients (RFC 5321 §4.1.1.4: 250 after the data). */
    ACCEPTED,
    /** The server refused the transaction (a 4xx/5xx reply, or no recipient accepted). */
    REJECTED,
    /** The engine refused to send it: the server cannot take it (size, 8-bit, SMTPUTF8, REQUIRETLS, …). */
    NOT_SENT
  }

  /**
   * The session failed: a fatal reply (421, a refused greeting, a TLS requirement not met), a protocol error by the
   * server, a timeout or a closed connection. QUIT follows when the session can still carry it.
   *
   * @param reply  the server's reply, if one caused the failure
   * @param reason what went wrong
   */
  record Failed(Optional<Reply> reply, String reason) implements SmtpClientEvent {
  }

  /** The session is over; the host closes the connection once the output is drained. */
  record Closed() implements SmtpClientEvent {
  }
}
