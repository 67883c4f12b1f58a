package dev.missive.pop3.pop2;

import dev.missive.pop3.Password;
import java.time.Duration;
import java.util.Objects;

/**
 * The configuration of a POP2 client session: who logs in with HELO, and the limits the client holds the server
 * to.
 *
 * @param user               the user name for HELO: no control characters (spaces and back slashes are quoted,
 *                           RFC 937, "Quoting")
 * @param password           the password for HELO, sent in the clear: use POP2 only over a trusted link
 * @param maxReplyLineLength octets of a reply line, excluding CRLF (RFC 937, "Sizes", allows 512 with CRLF; the
 *                           default is lenient); a longer line ends the session
 * @param responseTimeout    how long the client waits for a reply, and between two reads of message data (RFC 937's
 *                           timeout T1)
 */
public record Pop2ClientConfig(String user, Password password, int maxReplyLineLength, Duration responseTimeout) {

  /** The default reply line limit: 1000 octets. */
  public static final int DEFAULT_MAX_REPLY_LINE_LENGTH = 1000;
  /** The default response timeout: 2 minutes. */
  public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofMinutes(2);

  /**
   * Validates the values.
   *
   * @param user               the user name for HELO
   * @param password           the password for HELO
   * @param maxReplyLineLength octets of a reply line, excluding CRLF, at least 64
   * @param responseTimeout    the wait for a reply, positive
   */
  public Pop2ClientConfig {
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(responseTimeout, "responseTimeout");
    Pop2Client.checkArgument("user", user);
    if (Pop2Client.hasControl(password.reveal())) {
      throw new IllegalArgumentException("password must not contain control characters");
    }
    if (maxReplyLineLength < 64 || responseTimeout.isZero() || responseTimeout.isNegative()) {
      throw new IllegalArgumentException("maxReplyLineLength >= 64 and a positive responseTimeout required");
    }
  }

  /**
   * A configuration with the default limits.
   *
   * @param user     the user name for HELO
   * @param password the password for HELO
   * @return the configuration
   */
  public static Pop2ClientConfig of(String user, Password password) {
    return new Pop2ClientConfig(user, password, DEFAULT_MAX_REPLY_LINE_LENGTH, DEFAULT_RESPONSE_TIMEOUT);
  }
}
