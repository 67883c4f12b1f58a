package dev.missive.pop3.server.internal;

import dev.missive.pop3.Pop3Response;
import dev.missive.pop3.ResponseCode;
import dev.missive.sasl.SaslFailure;

/**
 * POP3's answer to each way a SASL exchange fails (RFC 5034 §4; response codes of RFC 3206 §4–§5 and RFC 2449
 * §8): the only part of AUTH besides the {@code + } prefix that is POP3's own.
 */
public final class AuthReplies {

  private AuthReplies() {
  }

  /**
   * The {@code -ERR} for {@code reason}.
   *
   * @param reason why the exchange failed
   * @return the response to send
   */
  public static Pop3Response reply(SaslFailure reason) {
    switch (reason) {
      case UNKNOWN_MECHANISM:
        return Pop3Response.err("unrecognized authentication type");
      case ENCRYPTION_REQUIRED:
        return Pop3Response.err(ResponseCode.AUTH, "encryption required for this mechanism; use STLS first");
      case INVALID_CREDENTIALS:
      case AUTHORIZATION_DENIED:
        return Pop3Response.err(ResponseCode.AUTH, "authentication failed");
      case TEMPORARY_FAILURE:
        return Pop3Response.err(ResponseCode.SYS_TEMP, "authentication is not possible now");
      case CANCELLED:
        return Pop3Response.err("authentication cancelled");
      case RESPONSE_TOO_LONG:
        return Pop3Response.err("authentication response too long");
      default:
        return Pop3Response.err("malformed authentication response");
    }
  }
}
