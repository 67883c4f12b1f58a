package dev.missive.imap.internal;

/**
 * A grammar violation found by the {@link Lexer} or a parser built on it (RFC 9051 §9). Internal control flow:
 * the decoders catch it and turn it into a BAD (or NO) answer or a protocol error; it never leaves the module.
 * It carries no stack trace, so throwing it costs little.
 */
public class SyntaxException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * A violation with the text of the answer.
   *
   * @param message what is wrong, fit for a BAD response text (no CR or LF)
   */
  public SyntaxException(String message) {
    super(message, null, false, false);
  }
}
