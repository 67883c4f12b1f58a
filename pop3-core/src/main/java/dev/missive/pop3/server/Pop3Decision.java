package dev.missive.pop3.server;

import dev.missive.pop3.MaildropEntry;
import dev.missive.pop3.Password;
import dev.missive.pop3.Pop3Response;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The host's answer to a {@link Pop3ServerEvent.DecisionRequired} event, given with
 * {@link Pop3Server#answer(Pop3Decision)} (docs/architecture.md, "Decisions"). Which answers fit which event:
 * <ul>
 *   <li>{@link Pop3ServerEvent.LoginRequested}: {@link Accept} or {@link Reject} (RFC 1939 §7, PASS);</li>
 *   <li>{@link Pop3ServerEvent.ApopSecretRequested}: {@link ApopSecret}, or {@link Reject} for an unknown user
 *   (RFC 1939 §7, APOP);</li>
 *   <li>{@link Pop3ServerEvent.MaildropOpenRequested}: {@link MaildropOpened}, or {@link Reject} (say
 *   {@code -ERR [IN-USE]}, RFC 2449 §8.1.1);</li>
 *   <li>{@link Pop3ServerEvent.RetrieveRequested}: the content itself ({@link Pop3Server#content} and
 *   {@link Pop3Server#contentEnd()}), or {@link Reject} before the first chunk;</li>
 *   <li>{@link Pop3ServerEvent.UpdateRequested}: {@link Accept} once the deletions are committed, or {@link Reject}
 *   if some could not be (RFC 1939 §6).</li>
 * </ul>
 * An answer that does not fit the pending event throws {@link IllegalArgumentException}.
 */
public sealed interface Pop3Decision {

  /** Yes: the login is right, or the deletions are committed. */
  record Accept() implements Pop3Decision {
  }

  /**
   * No, with the event's standard {@code -ERR} or the host's own.
   *
   * @param response the negative response to send, or empty for the pending event's standard one
   */
  record Reject(Optional<Pop3Response> response) implements Pop3Decision {

    /**
     * Checks that a given response is negative.
     *
     * @param response the negative response to send, or empty for the pending event's standard one
     */
    public Reject {
      Objects.requireNonNull(response, "response");
      if (response.isPresent() && response.get().positive()) {
        throw new IllegalArgumentException("a rejection needs a -ERR response, not " + response.get());
      }
    }
  }

  /**
   * The APOP user's shared secret; the engine computes and compares the digest itself, in constant time.
   *
   * @param secret the user's shared secret
   */
  record ApopSecret(Password secret) implements Pop3Decision {

    /**
     * Checks the secret is present.
     *
     * @param secret the user's shared secret
     */
    public ApopSecret {
      Objects.requireNonNull(secret, "secret");
    }
  }

  /**
   * The maildrop is open and locked, with these messages: message {@code i + 1} is {@code listing.get(i)}.
   *
   * @param listing the messages, in message-number order
   */
  record MaildropOpened(List<MaildropEntry> listing) implements Pop3Decision {

    /**
     * Copies the listing.
     *
     * @param listing the messages, in message-number order
     */
    public MaildropOpened {
      listing = List.copyOf(listing);
    }
  }

  /** {@return yes} */
  static Pop3Decision accept() {
    return new Accept();
  }

  /** {@return no, with the pending event's standard {@code -ERR}} */
  static Pop3Decision reject() {
    return new Reject(Optional.empty());
  }

  /**
   * No, with the host's own response.
   *
   * @param response the {@code -ERR} response to send
   * @return the decision
   */
  static Pop3Decision reject(Pop3Response response) {
    return new Reject(Optional.of(response));
  }

  /**
   * The APOP user's shared secret.
   *
   * @param secret the user's shared secret
   * @return the decision
   */
  static Pop3Decision apopSecret(Password secret) {
    return new ApopSecret(secret);
  }

  /**
   * The maildrop is open, with these messages.
   *
   * @param listing the messages, in message-number order
   * @return the decision
   */
  static Pop3Decision opened(List<MaildropEntry> listing) {
    return new MaildropOpened(listing);
  }
}
