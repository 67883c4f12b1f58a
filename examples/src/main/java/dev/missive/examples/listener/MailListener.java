package dev.missive.examples.listener;

import java.io.IOException;
import java.util.List;

/**
 * What an application implements to receive mail: one callback per message accepted over SMTP (RFC 5321 §3.3), with
 * the envelope and the exact message bytes as they came after {@code DATA} (dot-unstuffed, RFC 5321 §4.5.2).
 *
 * <p>It is the SubEthaSMTP {@code SimpleMessageListener} / go-smtp {@code Session} experience reduced to two
 * methods; {@link ListenerHandler} turns the SMTP handler engine's calls into these.
 */
@FunctionalInterface
public interface MailListener {

  /**
   * Whether to accept mail for {@code recipient} (an RFC 5321 §4.1.2 mailbox without angle brackets, or
   * {@code Postmaster}); a refusal becomes {@code 550 5.1.1}. Accepts every recipient by default.
   */
  default boolean accept(String reversePath, String recipient) {
    return true;
  }

  /**
   * Receives one message; the client gets its {@code 250} only after this returns, so the message must be safe
   * once it does. Throwing makes the reply {@code 451} (the engine's local error) and the client tries again later
   * (RFC 5321 §4.5.4.1).
   *
   * @param reversePath the envelope sender without angle brackets, empty for the null reverse path {@code <>}
   * @param recipients  the accepted recipients, in order
   * @param content     the message (header and body) exactly as received
   */
  void deliver(String reversePath, List<String> recipients, byte[] content) throws IOException;
}
