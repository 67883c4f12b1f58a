package dev.missive.smtp.client;

import java.time.Duration;

/**
 * How long the client engine waits for each server reply (RFC 5321 §4.5.3.2), kept as deadlines in the
 * environment's monotonic time (docs/architecture.md, "Determinism").
 *
 * @param greeting        the initial 220 (RFC 5321 §4.5.3.2.1: 5 minutes)
 * @param mail            the reply to MAIL (§4.5.3.2.2: 5 minutes)
 * @param rcpt            the reply to RCPT (§4.5.3.2.3: 5 minutes)
 * @param dataInitiation  the 354 to DATA (§4.5.3.2.4: 2 minutes)
 * @param dataBlock       between two blocks of content while the host streams it (§4.5.3.2.5: 3 minutes)
 * @param dataTermination the reply after the end of data or BDAT (§4.5.3.2.6: 10 minutes)
 * @param command         replies to other commands (EHLO, STARTTLS, AUTH, RSET, QUIT); RFC 5321 sets none, 5 minutes
 */
public record SmtpClientTimeouts(Duration greeting, Duration mail, Duration rcpt, Duration dataInitiation,
    Duration dataBlock, Duration dataTermination, Duration command) {

  /** The values of RFC 5321 §4.5.3.2. */
  public static final SmtpClientTimeouts RFC_5321 = new SmtpClientTimeouts(Duration.ofMinutes(5),
      Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(2), Duration.ofMinutes(3),
      Duration.ofMinutes(10), Duration.ofMinutes(5));

  /**
   * Validates that every timeout is positive.
   *
   * @param greeting        the initial 220 (RFC 5321 §4.5.3.2.1: 5 minutes)
   * @param mail            the reply to MAIL (§4.5.3.2.2: 5 minutes)
   * @param rcpt            the reply to RCPT (§4.5.3.2.3: 5 minutes)
   * @param dataInitiation  the 354 to DATA (§4.5.3.2.4: 2 minutes)
   * @param dataBlock       between two blocks of content while the host streams it (§4.5.3.2.5: 3 minutes)
   * @param dataTermination the reply after the end of data or BDAT (§4.5.3.2.6: 10 minutes)
   * @param command         replies to other commands (EHLO, STARTTLS, AUTH, RSET, QUIT); RFC 5321 sets none, 5 minutes
   */
  public SmtpClientTimeouts {
    for (Duration d : new Duration[] {greeting, mail, rcpt, dataInitiation, dataBlock, dataTermination, command}) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("timeouts must be positive");
      }
    }
  }
}
