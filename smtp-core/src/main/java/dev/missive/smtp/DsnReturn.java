package dev.missive.smtp;

/**
 * The {@code RET=} value of MAIL FROM: how much of the message a failure DSN returns (RFC 3461 §4.3).
 */
public enum DsnReturn {
  /** {@code RET=FULL}: the whole message. */
  FULL,
  /** {@code RET=HDRS}: the header only. */
  HDRS
}
