package dev.missive.mailauth;

/**
 * A record or header field from the outside (a DKIM-Signature, a DKIM key record, an SPF or DMARC record, an
 * Authentication-Results field) does not follow its grammar; the message says where and why. The parsers of this
 * module throw nothing else for any input, so a fuzz target needs to catch only this.
 */
public final class MalformedRecordException extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * An exception with a reason.
   *
   * @param reason what is wrong, with the grammar's RFC section
   */
  public MalformedRecordException(String reason) {
    super(reason);
  }
}
