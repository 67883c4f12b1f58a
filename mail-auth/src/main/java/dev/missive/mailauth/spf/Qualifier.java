package dev.missive.mailauth.spf;

/** The qualifier of a directive (RFC 7208 §4.6.2): the result when its mechanism matches. */
public enum Qualifier {
  /** {@code +}, the default. */
  PASS('+', SpfResult.Status.PASS),
  /** {@code -}. */
  FAIL('-', SpfResult.Status.FAIL),
  /** {@code ~}. */
  SOFTFAIL('~', SpfResult.Status.SOFTFAIL),
  /** {@code ?}. */
  NEUTRAL('?', SpfResult.Status.NEUTRAL);

  private final char symbol;
  private final SpfResult.Status result;

  Qualifier(char symbol, SpfResult.Status result) {
    this.symbol = symbol;
    this.result = result;
  }

  /** {@return the character written before the mechanism} */
  public char symbol() {
    return symbol;
  }

  /** {@return the result a match gives} */
  public SpfResult.Status result() {
    return result;
  }

  static Qualifier of(char c) {
    for (Qualifier q : values()) {
      if (q.symbol == c) {
        return q;
      }
    }
    return null;
  }
}
