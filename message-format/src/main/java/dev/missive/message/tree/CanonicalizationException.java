package dev.missive.message.tree;

/**
 * Thrown by {@link Message#canonicalized()} when a message has no canonical form (RFC 5322 §2.1, §2.2; RFC 2045
 * §2.7–§2.8, §6; RFC 2046 §5.1.1) that reads back as the same message under the limits it was parsed with, or
 * whose canonical form would lose octets the parser set aside: the message is then left as it is, and its
 * {@link #getMessage() message} names the entity and the reason. The documented reasons are:
 *
 * <ul>
 *   <li>the parser skipped header fields of an entity at a limit (too long, too many, header too large): the tree
 *       does not hold them, so a canonical copy would drop them for good; parse with larger
 *       {@link dev.missive.message.stream.MessageLimits} first;</li>
 *   <li>the canonical header of an entity would have more fields, a longer field or more octets than
 *       {@code maxFieldCount}, {@code maxFieldLength} or {@code maxHeaderBlockSize} allow (a re-encoded body needs
 *       a {@code Content-Transfer-Encoding} field, a rebuilt field may grow by its folds and by UTF-8), so parsing
 *       it again would drop fields;</li>
 *   <li>a line of a preamble or epilogue, or of a body in an unknown transfer encoding, would become a delimiter
 *       line of an enclosing multipart once its bare CR is made a line break, which would change the structure.</li>
 * </ul>
 */
public final class CanonicalizationException extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * An exception naming the entity and the reason.
   *
   * @param message what cannot be made canonical, and why
   */
  public CanonicalizationException(String message) {
    super(message);
  }
}
