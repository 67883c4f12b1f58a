package dev.missive.imap;

/**
 * The condition of a status response (RFC 9051 §7.1): {@code OK}, {@code NO}, {@code BAD} (tagged or not),
 * {@code PREAUTH} (greeting only) and {@code BYE} (untagged only).
 */
public enum ResponseStatus {
  /** Success, or information. */
  OK,
  /** Operational failure. */
  NO,
  /** Protocol-level error. */
  BAD,
  /** Greeting: the connection is already authenticated (RFC 9051 §7.1.4). */
  PREAUTH,
  /** The server is about to close the connection (RFC 9051 §7.1.5). */
  BYE
}
