package dev.missive.smtp;

import dev.missive.message.address.AddrSpec;
import dev.missive.message.address.ForwardPath;
import java.util.Objects;

/**
 * One recipient of an {@link Envelope}: the forward-path of RCPT TO (RFC 5321 §4.1.1.3) with its DSN parameters
 * (RFC 3461 §4.1–§4.2).
 *
 * @param forwardPath the forward-path
 * @param parameters  the RCPT TO parameters (a client sends them only when the server offers DSN)
 */
public record Recipient(ForwardPath forwardPath, RcptParameters parameters) {

  /**
   * Validates that both values are present.
   *
   * @param forwardPath the forward-path
   * @param parameters  the RCPT TO parameters (a client sends them only when the server offers DSN)
   */
  public Recipient {
    Objects.requireNonNull(forwardPath, "forwardPath");
    Objects.requireNonNull(parameters, "parameters");
  }

  /**
   * A recipient without parameters from a host-supplied mailbox, parsed strictly with
   * {@link AddrSpec#parse(CharSequence)}.
   *
   * @param mailbox the mailbox without angle brackets, such as {@code alice@example.org}; {@code Postmaster} (any
   *                case) is the domain-less {@link ForwardPath#POSTMASTER} (RFC 5321 §4.1.1.3)
   * @return the recipient
   * @throws IllegalArgumentException if {@code mailbox} is not a valid mailbox
   */
  public static Recipient of(String mailbox) {
    Objects.requireNonNull(mailbox, "mailbox");
    return of("postmaster".equalsIgnoreCase(mailbox) ? ForwardPath.POSTMASTER : ForwardPath.of(AddrSpec.parse(mailbox)));
  }

  /**
   * A recipient without parameters.
   *
   * @param forwardPath the forward-path
   * @return the recipient
   */
  public static Recipient of(ForwardPath forwardPath) {
    return new Recipient(forwardPath, RcptParameters.NONE);
  }

  /**
   * This recipient with other RCPT parameters.
   *
   * @param newParameters the RCPT TO parameters
   * @return a copy with those parameters
   */
  public Recipient withParameters(RcptParameters newParameters) {
    return new Recipient(forwardPath, newParameters);
  }
}
