package dev.missive.smtp.server;

import dev.missive.sasl.SaslFailure;

/** The reply of RFC 4954 §6 (with the enhanced codes of RFC 3463) for each way a SASL exchange fails. */
final class AuthReplies {

  private AuthReplies() {
  }

  static ReplyText of(SaslFailure reason) {
    switch (reason) {
      case INVALID_CREDENTIALS:
      case AUTHORIZATION_DENIED:
        return ReplyText.CREDENTIALS_INVALID;
      case MALFORMED_RESPONSE:
        return ReplyText.RESPONSE_UNDECODABLE;
      case CANCELLED:
        return ReplyText.AUTHENTICATION_CANCELLED;
      case TEMPORARY_FAILURE:
        return ReplyText.AUTHENTICATION_TEMPORARY_FAILURE;
      case ENCRYPTION_REQUIRED:
        return ReplyText.ENCRYPTION_REQUIRED;
      case UNKNOWN_MECHANISM:
        return ReplyText.MECHANISM_UNRECOGNIZED;
      case RESPONSE_TOO_LONG:
      default:
        return ReplyText.AUTH_LINE_TOO_LONG;
    }
  }
}
