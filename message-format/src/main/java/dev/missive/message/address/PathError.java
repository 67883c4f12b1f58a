package dev.missive.message.address;

/**
 * Why an SMTP path was refused (RFC 5321 §4.1.2 syntax, §4.5.3.1 size limits, RFC 6531 §3.3 UTF-8), with the
 * reply an SMTP server would send for it (RFC 5321 §4.2, §4.5.3.1.10; RFC 3463 §3.2).
 */
public enum PathError {
  /** Not the syntax of RFC 5321 §4.1.2 / §4.1.3. */
  SYNTAX(501),
  /** A local part over 64 octets (RFC 5321 §4.5.3.1.1). */
  LOCAL_PART_TOO_LONG(501),
  /** A domain over 255 octets (RFC 5321 §4.5.3.1.2). */
  DOMAIN_TOO_LONG(501),
  /** A reverse-path or forward-path over 256 octets, brackets included (RFC 5321 §4.5.3.1.3). */
  PATH_TOO_LONG(501),
  /**
   * A non-ASCII character where SMTPUTF8 is not in effect (RFC 6531 §3.3); the suggested reply is 553 with the
   * enhanced code X.6.7 "Non-ASCII addresses not permitted for that sender/recipient" (RFC 6531, RFC 5248).
   */
  NON_ASCII(553);

  private final int replyCode;

  PathError(int replyCode) {
    this.replyCode = replyCode;
  }

  /** {@return the suggested SMTP reply code (RFC 5321 §4.2.3)} */
  public int replyCode() {
    return replyCode;
  }

  /**
   * The suggested enhanced status code (RFC 3463): 5.1.7 (bad sender's mailbox address syntax) for a
   * reverse-path, 5.1.3 (bad destination mailbox address syntax) for a forward-path, 5.6.7 for {@link #NON_ASCII}.
   *
   * @param reversePath whether the path came from {@code MAIL FROM} rather than {@code RCPT TO}
   * @return the enhanced status code, such as {@code 5.1.3}
   */
  public String enhancedStatus(boolean reversePath) {
    if (this == NON_ASCII) {
      return "5.6.7";
    }
    return reversePath ? "5.1.7" : "5.1.3";
  }
}
