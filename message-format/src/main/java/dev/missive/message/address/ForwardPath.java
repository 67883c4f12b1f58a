package dev.missive.message.address;

import java.util.Objects;
import java.util.Optional;

/**
 * The forward-path of an SMTP {@code RCPT} command: a mailbox in angle brackets, or the special
 * {@code <Postmaster>} without a domain that every server must accept (RFC 5321 §4.1.2 {@code Forward-path},
 * §4.1.1.3, §4.5.1).
 *
 * <p>A source route that a client sent is parsed and dropped (RFC 5321 §4.1.2, Appendix C). A path such as
 * {@code <postmaster@example.org>} is an ordinary mailbox, not {@link #POSTMASTER}.
 *
 * @param mailbox the mailbox, or empty for the domain-less {@code <Postmaster>}
 */
public record ForwardPath(Optional<AddrSpec> mailbox) {

  /** The domain-less {@code <Postmaster>} recipient (RFC 5321 §4.1.1.3), matched case-insensitively. */
  public static final ForwardPath POSTMASTER = new ForwardPath(Optional.empty());

  /**
   * Validates that the optional is present.
   *
   * @param mailbox the mailbox, or empty for the domain-less {@code <Postmaster>}
   */
  public ForwardPath {
    Objects.requireNonNull(mailbox, "mailbox");
  }

  /**
   * The forward-path of the given mailbox.
   *
   * @param mailbox the recipient's address
   * @return the forward-path
   */
  public static ForwardPath of(AddrSpec mailbox) {
    return new ForwardPath(Optional.of(mailbox));
  }

  /** {@return whether this is the domain-less {@code <Postmaster>} (RFC 5321 §4.1.1.3)} */
  public boolean isPostmaster() {
    return mailbox.isEmpty();
  }

  /** {@return whether the path needs SMTPUTF8 (RFC 6531 §3.3)} */
  public boolean requiresUtf8() {
    return mailbox.map(AddrSpec::requiresUtf8).orElse(false);
  }

  /**
   * The path as written after {@code RCPT TO:}, e.g. {@code <a@example.org>} or {@code <Postmaster>}.
   *
   * @return the path in wire form
   */
  public String toWireForm() {
    return mailbox.map(m -> "<" + m + ">").orElse("<Postmaster>");
  }

  /** The wire form. */
  @Override
  public String toString() {
    return toWireForm();
  }
}
