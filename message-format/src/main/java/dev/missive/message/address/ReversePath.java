package dev.missive.message.address;

import java.util.Objects;
import java.util.Optional;

/**
 * The reverse-path of an SMTP {@code MAIL} command: a mailbox in angle brackets, or the null path {@code <>}
 * (RFC 5321 §4.1.2 {@code Reverse-path}, §4.5.5 for the null path's use in notifications).
 *
 * <p>A source route that a client sent is parsed and dropped (RFC 5321 §4.1.2, Appendix C), so it is never held
 * here.
 *
 * @param mailbox the mailbox, or empty for the null reverse-path
 */
public record ReversePath(Optional<AddrSpec> mailbox) {

  /** The null reverse-path {@code <>} (RFC 5321 §4.5.5). */
  public static final ReversePath NULL = new ReversePath(Optional.empty());

  /**
   * Validates that the optional is present.
   *
   * @param mailbox the mailbox, or empty for the null reverse-path
   */
  public ReversePath {
    Objects.requireNonNull(mailbox, "mailbox");
  }

  /**
   * The reverse-path of the given mailbox.
   *
   * @param mailbox the sender's address
   * @return the reverse-path
   */
  public static ReversePath of(AddrSpec mailbox) {
    return new ReversePath(Optional.of(mailbox));
  }

  /** {@return whether this is the null reverse-path {@code <>}} */
  public boolean isNull() {
    return mailbox.isEmpty();
  }

  /** {@return whether the path needs SMTPUTF8 (RFC 6531 §3.3)} */
  public boolean requiresUtf8() {
    return mailbox.map(AddrSpec::requiresUtf8).orElse(false);
  }

  /**
   * The path as written after {@code MAIL FROM:}, e.g. {@code <a@example.org>} or {@code <>}.
   *
   * @return the path in wire form
   */
  public String toWireForm() {
    return mailbox.map(m -> "<" + m + ">").orElse("<>");
  }

  /** The wire form. */
  @Override
  public String toString() {
    return toWireForm();
  }
}
