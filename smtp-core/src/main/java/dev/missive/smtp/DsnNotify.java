package dev.missive.smtp;

/**
 * One value of the {@code NOTIFY=} parameter of RCPT TO (RFC 3461 §4.1); {@code NEVER} excludes the others.
 */
public enum DsnNotify {
  /** Never send a DSN for this recipient. */
  NEVER,
  /** Notify on successful delivery. */
  SUCCESS,
  /** Notify on failure. */
  FAILURE,
  /** Notify on delay. */
  DELAY
}
