package dev.missive.pop3.host;

import dev.missive.pop3.ResponseCode;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * The server refused the login (RFC 1939 §7, RFC 5034 §4; the response codes of RFC 2449 §8 and RFC 3206 tell a wrong
 * password {@code [AUTH]} from a maildrop in use {@code [IN-USE]} or a temporary failure {@code [SYS/TEMP]}).
 */
public final class Pop3LoginException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The login method tried. */
  private final String method;
  private final transient ResponseCode code;

  /**
   * Creates the failure.
   *
   * @param method     {@code USER}, {@code APOP} or {@code AUTH <mechanism>}
   * @param serverText the server's text, or the engine's reason
   * @param code       the server's response code, if any
   */
  public Pop3LoginException(String method, String serverText, Optional<ResponseCode> code) {
    super("login (" + method + ") refused: " + code.map(c -> "[" + c.value() + "] ").orElse("") + serverText);
    this.method = Objects.requireNonNull(method, "method");
    this.code = code.orElse(null);
  }

  /** {@return the login method tried: {@code USER}, {@code APOP} or {@code AUTH <mechanism>}} */
  public String method() {
    return method;
  }

  /** {@return the server's response code, such as {@code [AUTH]} or {@code [IN-USE]}, if it gave one} */
  public Optional<ResponseCode> code() {
    return Optional.ofNullable(code);
  }
}
