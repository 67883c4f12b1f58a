package dev.missive.smtp.host;

/** What became of a message for one recipient (RFC 5321 §4.2.1: the reply's first digit; RFC 3463 classes). */
public enum DeliveryStatus {
  /** The server took responsibility for delivering to this recipient (RFC 5321 §4.1.1.4: 250 after the data). */
  DELIVERED,
  /**
   * Not delivered, and trying again later may succeed: a 4xx reply, a lost connection, a timeout, every MX host
   * unreachable (RFC 5321 §4.5.4.1 leaves the retry to the sender's queue).
   */
  TEMPORARY_FAILURE,
  /**
   * Not delivered, and trying again will not help: a 5xx reply, a null MX (RFC 7505 §3), content the server cannot
   * take (SMTPUTF8 or 8BITMIME not offered, over its SIZE).
   */
  PERMANENT_FAILURE
}
