package dev.missive.imap.internal;

import dev.missive.imap.ResponseCode;
import dev.missive.imap.ResponseStatus;

/**
 * A command that is well-formed enough to refuse with a specific answer rather than a plain BAD: for example
 * {@code NO [BADCHARSET]} for a SEARCH charset the server does not support (RFC 9051 §6.4.4).
 */
public final class Refusal extends SyntaxException {

  private static final long serialVersionUID = 1L;

  /** BAD or NO. */
  public final transient ResponseStatus status;
  /** The response code, or null. */
  public final transient ResponseCode code;

  /**
   * A refusal.
   *
   * @param status  BAD or NO
   * @param code    the response code, or null
   * @param message the response text
   */
  public Refusal(ResponseStatus status, ResponseCode code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  /**
   * The status that answers a syntax error: a refusal's own, BAD for any other.
   *
   * @param e the error
   * @return BAD or NO
   */
  public static ResponseStatus statusOf(SyntaxException e) {
    return e instanceof Refusal r ? r.status : ResponseStatus.BAD;
  }

  /**
   * The response code that answers a syntax error: a refusal's own, none for any other.
   *
   * @param e the error
   * @return the code, or null
   */
  public static ResponseCode codeOf(SyntaxException e) {
    return e instanceof Refusal r ? r.code : null;
  }
}
