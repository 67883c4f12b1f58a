package dev.missive.pop3;

/**
 * Thrown by {@link dev.missive.pop3.server.Pop3Handler#open(String)} when another session holds the maildrop's lock;
 * the engine answers
 * {@code -ERR [IN-USE]} (RFC 1939 §8 on exclusive access, RFC 2449 §8.1.1).
 */
public final class MaildropLockedException extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message for the host's logs (not sent to the client).
   *
   * @param message why the maildrop is locked, for logs
   */
  public MaildropLockedException(String message) {
    super(message);
  }
}
