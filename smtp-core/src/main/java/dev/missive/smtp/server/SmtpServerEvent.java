package dev.missive.smtp.server;

import dev.missive.message.address.ForwardPath;
import dev.missive.message.address.ReversePath;
import dev.missive.sasl.Authentication;
import dev.missive.smtp.MailParameters;
import dev.missive.smtp.MtPriority;
import dev.missive.smtp.RcptParameters;
import dev.missive.smtp.Reply;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * What the SMTP server engine reports to its host (RFC 5321 §4.1, RFC 2033; docs/architecture.md, "Events and
 * queries"): edge-triggered records pulled with {@link SmtpServer#nextEvent()}.
 *
 * <p>Events marked <em>decision</em> wait for the host's {@link SmtpServer#answer(SmtpDecision)} (or its sugar
 * {@link SmtpServer#accept()}, {@link SmtpServer#reject(Reply)}, {@link SmtpServer#complete(java.util.List)});
 * until then the engine holds pipelined input and {@code nextEvent()} returns null. The others only inform. On Java 17 test them with an {@code instanceof} chain:
 * <pre>{@code
 * if (e instanceof SmtpServerEvent.MailFrom m) smtp.accept();
 * else if (e instanceof SmtpServerEvent.DataChunk c) sink.write(c.bytes());
 * }</pre>
 */
public sealed interface SmtpServerEvent {

  /** {@return whether the host must answer this event with a decision (it is a {@link DecisionRequired})} */
  default boolean needsDecision() {
    return this instanceof DecisionRequired;
  }

  /** The events the host answers with accept, reject or (LMTP) complete (RFC 5321 §4.2: each gets a reply). */
  sealed interface DecisionRequired extends SmtpServerEvent {
  }

  /**
   * Decision: the client greeted with HELO, EHLO or LHLO (RFC 5321 §4.1.1.1, RFC 2033 §4.1); accepting sends the
   * greeting reply with the extension keywords.
   *
   * @param kind       which command
   * @param clientName the domain or address literal the client gave
   */
  record Hello(HelloKind kind, String clientName) implements DecisionRequired {
  }

  /**
   * Decision: MAIL FROM (RFC 5321 §4.1.1.2), syntax and parameters already checked. A submission server checks
   * here that the sender belongs to {@code authentication} (RFC 6409 §6.1; Postfix's
   * {@code reject_sender_login_mismatch} answers {@code 553 5.7.1}).
   *
   * <p>While MT-PRIORITY is offered, {@code parameters} carry the priority the configuration's {@link PriorityTrust}
   * gave the message (RFC 6710 §4.1), the one to act on and relay; {@code requestedPriority} is what the client
   * asked for (§4.1 item 3: worth logging).
   *
   * @param reversePath       the reverse-path, possibly the null path ({@code <>})
   * @param parameters        the ESMTP parameters, with the priority the server assigned
   * @param authentication    who the client authenticated as in this session, if it did (RFC 4954 §4)
   * @param requestedPriority the client's {@code MT-PRIORITY=}, if it wrote one
   */
  record MailFrom(ReversePath reversePath, MailParameters parameters, Optional<Authentication> authentication,
      Optional<MtPriority> requestedPriority) implements DecisionRequired {

    /**
     * Checks that every value is present.
     *
     * @param reversePath       the reverse-path, possibly the null path ({@code <>})
     * @param parameters        the ESMTP parameters, with the priority the server assigned
     * @param authentication    who the client authenticated as in this session, if it did (RFC 4954 §4)
     * @param requestedPriority the client's {@code MT-PRIORITY=}, if it wrote one
     */
    public MailFrom {
      Objects.requireNonNull(reversePath, "reversePath");
      Objects.requireNonNull(parameters, "parameters");
      Objects.requireNonNull(authentication, "authentication");
      Objects.requireNonNull(requestedPriority, "requestedPriority");
    }

    /** {@return whether the server gave the message another priority than the client asked for (RFC 6710 §4.1)} */
    public boolean priorityChanged() {
      return !parameters.priority().orElse(MtPriority.NORMAL).equals(requestedPriority.orElse(MtPriority.NORMAL));
    }
  }

  /**
   * Decision: RCPT TO (RFC 5321 §4.1.1.3), syntax, parameters and the recipient limit already checked.
   *
   * @param forwardPath the forward-path
   * @param parameters  the ESMTP parameters
   */
  record RcptTo(ForwardPath forwardPath, RcptParameters parameters) implements DecisionRequired {
  }

  /**
   * Decision: the client is about to send message content, with DATA (accepting sends 354, RFC 5321 §4.1.1.4) or
   * its first BDAT chunk (RFC 3030 §2; rejecting discards the chunk). The host opens its message sink now.
   *
   * @param chunked whether the content comes with BDAT
   */
  record DataStart(boolean chunked) implements DecisionRequired {
  }

  /**
   * A piece of message content, already dot-unstuffed (RFC 5321 §4.5.2) or, with BDAT, exactly as sent.
   *
   * <p>{@code bytes} is a view of the host's input buffer, not a copy, and the engine reuses it (and this event) for
   * every piece, so nothing is allocated per piece: read or copy it before calling into the engine again. The next
   * {@code nextEvent()} empties it and {@code receive} moves it to the next piece, so a buffer kept longer never
   * shows the piece it came with: pieces kept until the message ends all read as empty (and throw
   * {@link java.nio.BufferUnderflowException} on a relative {@code get}).
   *
   * @param bytes    read-only content, valid only until the next call into the engine (then empty)
   * @param eightBit whether an octet with the high bit set has appeared in this message so far, this piece
   *                 included (RFC 6152: a host may refuse 8-bit content sent without BODY=8BITMIME)
   */
  record DataChunk(ByteBuffer bytes, boolean eightBit) implements SmtpServerEvent {
    @Override
    public String toString() {
      return "DataChunk[" + bytes.remaining() + " bytes" + (eightBit ? ", 8-bit" : "") + "]";
    }
  }

  /**
   * Decision: the message content ended ({@code CRLF.CRLF}, or BDAT LAST) and passed the engine's checks; the host
   * commits it durably and accepts (250), rejects, or under LMTP completes with one reply per recipient.
   *
   * @param info what the engine observed about the content
   */
  record DataEnd(ReceivedContent info) implements DecisionRequired {
  }

  /**
   * The message was refused by the engine (too large, bare line endings, line too long, SIZE exceeded) or cut off
   * (the client closed or timed out); the host discards what it received. No decision.
   *
   * @param reply the reply the engine sent, if the connection still stood
   */
  record DataAborted(Reply reply) implements SmtpServerEvent {
  }

  /**
   * The client authenticated (RFC 4954 §4); 235 has been sent.
   *
   * @param mechanism        the SASL mechanism name
   * @param authorizationId  the identity the client acts as
   * @param authenticationId the identity whose credentials were checked
   */
  record AuthSucceeded(String mechanism, String authorizationId, String authenticationId)
      implements SmtpServerEvent {
  }

  /**
   * An AUTH exchange ended without success (RFC 4954 §4: wrong credentials, a cancel, an undecodable or over-long
   * response, a temporary failure, or the host's {@link AuthMechanismPolicy} refusing the mechanism). The reply is
   * held back for {@code delay} on the engine's clock (reported by {@link SmtpServer#nextDeadline()}; the engine
   * never sleeps) and the session ends with {@code 421 4.7.0} after {@link SmtpLimits#maxAuthFailures()}; a host
   * may count these per client address.
   *
   * @param mechanism the SASL mechanism name
   * @param failures  the failed AUTH exchanges of this session so far, this one included
   * @param delay     how long the reply is held back
   */
  record AuthFailed(String mechanism, int failures, java.time.Duration delay) implements SmtpServerEvent {
  }

  /**
   * The engine answered STARTTLS with 220 and waits for the handshake (RFC 3207 §4): its
   * {@link SmtpServer#pendingStreamChange()} is a {@link dev.missive.wire.StreamChange.StartTls}.
   */
  record StartTlsRequested() implements SmtpServerEvent {
  }

  /** The transaction was reset (RSET, RFC 5321 §4.1.1.5, or a new HELO/EHLO); the host drops its envelope. */
  record Reset() implements SmtpServerEvent {
  }

  /** The client sent QUIT (RFC 5321 §4.1.1.10); 221 has been sent and the engine is closed. */
  record Quit() implements SmtpServerEvent {
  }

  /**
   * Decision: VRFY (RFC 5321 §3.5.1), only when the VRFY extension is enabled; otherwise the engine answers 252.
   *
   * @param argument the string to verify
   */
  record Vrfy(String argument) implements DecisionRequired {
  }

  /**
   * Decision: EXPN (RFC 5321 §3.5.2), only when the EXPN extension is enabled; otherwise the engine answers 252.
   *
   * @param argument the list to expand
   */
  record Expn(String argument) implements DecisionRequired {
  }

  /**
   * Decision: ETRN (RFC 1985 §5), offered only when the configuration lists {@link dev.missive.smtp.SmtpExtension#ETRN};
   * its syntax already checked. The host decides whether to start the queue run for {@code request} (on other
   * connections, RFC 1985 §1) and answers with one of the RFC's replies, built by the methods below; a plain
   * {@link SmtpServer#accept()} sends {@code 250 OK, queuing for node <x> started}. Any other reply is refused with
   * {@link IllegalArgumentException}.
   *
   * @param request the node, {@code @domain} or {@code #queue} to start the run for
   */
  record Etrn(dev.missive.smtp.EtrnRequest request) implements DecisionRequired {

    /**
     * Checks that a request is given.
     *
     * @param request the node, domain or queue to start the run for
     */
    public Etrn {
      Objects.requireNonNull(request, "request");
    }

    /** {@return the answer {@code 250 OK, queuing for node <x> started}} */
    public SmtpDecision queuingStarted() {
      return SmtpDecision.accept(QueueRunCommand.queuingStarted(request));
    }

    /** {@return the answer {@code 251 OK, no messages waiting for node <x>}} */
    public SmtpDecision noMessagesWaiting() {
      return SmtpDecision.accept(QueueRunCommand.noMessagesWaiting(request));
    }

    /** {@return the answer {@code 252 OK, pending messages for node <x> started}} */
    public SmtpDecision pendingStarted() {
      return SmtpDecision.accept(QueueRunCommand.pendingStarted(request));
    }

    /**
     * The answer {@code 253 OK, <n> pending messages for node <x> started}.
     *
     * @param count the number of messages waiting
     * @return the answer
     */
    public SmtpDecision pendingStarted(int count) {
      return SmtpDecision.accept(QueueRunCommand.pendingStarted(request, count));
    }

    /** {@return the answer {@code 458 Unable to queue messages for node <x>}} */
    public SmtpDecision unableToQueue() {
      return SmtpDecision.reject(QueueRunCommand.unableToQueue(request));
    }

    /**
     * The answer {@code 459 Node <x> not allowed: <reason>}.
     *
     * @param reason why, printable US-ASCII on one line
     * @return the answer
     */
    public SmtpDecision notAllowed(String reason) {
      return SmtpDecision.reject(QueueRunCommand.notAllowed(request, reason));
    }
  }

  /**
   * Decision: ATRN from an authenticated customer (RFC 2645 §5.2.1, On-Demand Mail Relay), offered only when the
   * configuration lists {@link dev.missive.smtp.SmtpExtension#ATRN}. The host checks every requested domain against
   * {@code authentication} (no domain: every domain it holds mail for that customer) and answers with one of the
   * methods below: {@link #reverse(dev.missive.wire.ProtocolEngine)} with the SMTP client engine that will deliver
   * the held mail on this connection, or a refusal. Any other answer is refused with
   * {@link IllegalArgumentException}.
   *
   * @param request        the domains asked for
   * @param authentication who the customer authenticated as (RFC 4954 §4)
   */
  record Atrn(dev.missive.smtp.AtrnRequest request, Authentication authentication) implements DecisionRequired {

    /**
     * Checks that every value is present.
     *
     * @param request        the domains asked for
     * @param authentication who the customer authenticated as
     */
    public Atrn {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(authentication, "authentication");
    }

    /**
     * The answer {@code 250 OK now reversing the connection}: the engine sends it and asks for a
     * {@link dev.missive.wire.StreamChange.Handover} to {@code successor}, which the host drives from then on
     * ({@link dev.missive.wire.HandoverEngine} does it for any transport). The successor is a client engine built for
     * this connection; it waits for the customer's 220 greeting (RFC 2645 §5.3).
     *
     * @param successor the engine that delivers the held mail, usually an {@code SmtpClient}
     * @return the answer
     */
    public SmtpDecision reverse(dev.missive.wire.ProtocolEngine successor) {
      return new SmtpDecision.Reverse(successor);
    }

    /** {@return the answer {@code 450 ATRN request refused}: a domain is not this customer's} */
    public SmtpDecision refused() {
      return SmtpDecision.reject(QueueRunCommand.ATRN_REFUSED);
    }

    /** {@return the answer {@code 451 Unable to process ATRN request now}} */
    public SmtpDecision tryLater() {
      return SmtpDecision.reject(QueueRunCommand.ATRN_LATER);
    }

    /** {@return the answer {@code 453 You have no mail}} */
    public SmtpDecision noMail() {
      return SmtpDecision.reject(QueueRunCommand.NO_MAIL);
    }
  }

  /**
   * The client broke the protocol in a way the host may want to log or count (sync error, too many errors,
   * smuggling attempt, timeout); the reply has been sent.
   *
   * @param reply       the reply sent
   * @param description what happened
   * @param fatal       whether the engine closed the session
   */
  record ProtocolViolation(Reply reply, String description, boolean fatal) implements SmtpServerEvent {
  }
}
