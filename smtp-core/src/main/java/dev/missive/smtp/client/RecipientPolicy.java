package dev.missive.smtp.client;

/** What the client does when the server refuses some of a transaction's recipients (RFC 5321 §4.1.1.3). */
public enum RecipientPolicy {
  /** The message goes to the recipients the server accepted; the others are reported one by one. */
  EACH,
  /**
   * The message goes only if the server accepts every recipient: at the first refused RCPT the engine abandons the
   * transaction with RSET (RFC 5321 §4.1.1.5, Appendix D.2) and sends DATA only after every RCPT reply, even when
   * pipelining.
   */
  ALL
}
