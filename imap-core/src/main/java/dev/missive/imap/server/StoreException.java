package dev.missive.imap.server;

import dev.missive.imap.ResponseCode;
import java.util.Optional;

/**
 * A store's refusal, answered as a tagged {@code NO} with its response code (RFC 5530 §3, RFC 9051 §7.1), such as
 * {@code NONEXISTENT}, {@code ALREADYEXISTS}, {@code TRYCREATE} or {@code OVERQUOTA}.
 */
public final class StoreException extends Exception {

  private static final long serialVersionUID = 1L;

  /** The response code, or null. */
  private final transient ResponseCode code;

  /**
   * A refusal.
   *
   * @param code the response code, or null for none
   * @param text the text sent to the client: printable, no CR or LF, not starting with {@code [}
   */
  public StoreException(ResponseCode code, String text) {
    super(text);
    this.code = code;
  }

  /** {@return the response code, if any} */
  public Optional<ResponseCode> code() {
    return Optional.ofNullable(code);
  }
}
