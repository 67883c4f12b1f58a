package dev.missive.pop3.server;

import dev.missive.pop3.Pop3Response;
import java.util.List;

/**
 * What a command, a SASL line or a host answer asks the engine to do; the phases ({@link Commands},
 * {@link LoginPhase}, {@link RetrievalPhase}) and {@link HostAnswers} return one and {@link Pop3ServerCore} alone
 * applies it, so no phase
 * touches the engine's state or output order.
 */
sealed interface Step {

  /** Nothing more: the reply was already written (TRANSACTION commands answered from the listing). */
  record Done() implements Step {
  }

  /** Send {@code response}. */
  record Reply(Pop3Response response) implements Step {
  }

  /** Send a multi-line response: {@code first}, the lines dot-stuffed, the terminating {@code .} (RFC 1939 §3). */
  record Listing(Pop3Response first, List<String> lines) implements Step {
  }

  /** Send a SASL challenge line ({@code + base64}, RFC 5034 §4); the client's next line is a response. */
  record Challenge(String line) implements Step {
  }

  /** A refused or malformed command: count it against the bad-command limit and answer {@code response}. */
  record Bad(Pop3Response response, String description) implements Step {
  }

  /** Ask the host: queue {@code pending}'s event and take no input until it is answered. */
  record Ask(Pending pending) implements Step {
  }

  /**
   * A failed login: report {@code event}, answer {@code response} once the event's delay has passed, then end the
   * session if {@code last} (docs/security.md, "Password guessing").
   */
  record Failed(Pop3ServerEvent.LoginFailed event, Pop3Response response, boolean last) implements Step {
  }

  /** STLS: answer {@code +OK} and pause for the handshake (RFC 2595 §4). */
  record StartTls() implements Step {
  }

  /** UTF8: turn UTF-8 mode on and answer {@code +OK} (RFC 6856 §2). */
  record EnableUtf8() implements Step {
  }

  /**
   * Send {@code response} and end the session: {@code updated} after the UPDATE state committed (RFC 1939 §6),
   * not after QUIT in AUTHORIZATION (§4) or a refused UPDATE.
   */
  record SignOff(Pop3Response response, boolean updated) implements Step {
  }

  /** The host opened the maildrop of {@code request}: enter TRANSACTION over {@code retrieval} (RFC 1939 §4). */
  record Opened(Pending.OpenMaildrop request, RetrievalPhase retrieval) implements Step {
  }

  /** End the session without a reply: a message failed after its {@code +OK} went out (RFC 1939 §7 RETR). */
  record Drop() implements Step {
  }
}
