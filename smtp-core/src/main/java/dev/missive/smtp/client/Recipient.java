package dev.missive.smtp.client;

import dev.missive.message.address.ForwardPath;
import dev.missive.smtp.RcptParameters;
import java.util.Objects;

/**
 * One recipient of an {@link Envelope}: the forward-path of RCPT TO (RFC 5321 §4.1.1.3) with its DSN parameters
 * (RFC 3461 §4.1–§4.2).
 *
 * @param forwardPath the mailbox, without angle brackets, such as {@code alice@example.org}; never CR, LF, NUL or
 *                    another control character (SECURITY.md item 20)
 * @param parameters  the RCPT parameters (sent only when the server offers DSN)
 */
public record Recipient(String forwardPath, RcptParameters parameters) {

  /**
   * Validates the path.
   *
   * @param forwardPath the mailbox, without angle brackets, such as {@code alice@example.org}; never CR, LF, NUL or
   *                    another control character (SECURITY.md item 20)
   * @param parameters  the RCPT parameters (sent only when the server offers DSN)
   */
  public Recipient {
    Envelope.requirePath(forwardPath, false);
    Objects.requireNonNull(parameters, "parameters");
  }

  /**
   * A recipient without parameters.
   *
   * @param forwardPath the RCPT TO address
   * @return the recipient
   */
  public static Recipient of(String forwardPath) {
    return new Recipient(forwardPath, RcptParameters.NONE);
  }

  /**
   * A recipient without parameters from message-format's path ({@code <Postmaster>} for
   * {@link ForwardPath#POSTMASTER}, RFC 5321 §4.1.1.3).
   *
   * @param forwardPath the path
   * @return the recipient
   */
  public static Recipient of(ForwardPath forwardPath) {
    return of(Envelope.withoutBrackets(forwardPath.toWireForm()));
  }
}
