package dev.missive.smtp.client;

import java.time.Duration;

/**
 * The commands the client engine sends, each awaiting one reply (RFC 5321 §4.1), plus the greeting the session
 * awaits first; replies are matched to them in order, which is what makes pipelining (RFC 2920 §3.1) work.
 */
enum Command {
  /** The server's opening 220 (RFC 5321 §3.1). */
  GREETING,
  /** EHLO (RFC 5321 §4.1.1.1). */
  EHLO,
  /** HELO (RFC 5321 §4.1.1.1). */
  HELO,
  /** STARTTLS (RFC 3207 §4). */
  STARTTLS,
  /** AUTH or one response line of its exchange (RFC 4954 §4). */
  AUTH,
  /** RSET (RFC 5321 §4.1.1.5). */
  RSET,
  /** MAIL (RFC 5321 §4.1.1.2). */
  MAIL,
  /** RCPT (RFC 5321 §4.1.1.3). */
  RCPT,
  /** DATA, awaiting 354 (RFC 5321 §4.1.1.4). */
  DATA,
  /** The end of data, awaiting the final reply (RFC 5321 §4.1.1.4). */
  DATA_END,
  /** A BDAT chunk before the last (RFC 3030 §2). */
  BDAT,
  /** BDAT ... LAST (RFC 3030 §2). */
  BDAT_LAST,
  /** VRFY (RFC 5321 §4.1.1.6). */
  VRFY,
  /** ETRN (RFC 1985 §5). */
  ETRN,
  /** ATRN (RFC 2645 §5.2.1). */
  ATRN,
  /** QUIT (RFC 5321 §4.1.1.10). */
  QUIT;

  /** {@return how long the server may take to answer this command (RFC 5321 §4.5.3.2)} */
  Duration replyTimeout(SmtpClientLimits limits) {
    return switch (this) {
      case GREETING -> limits.greetingTimeout();
      case MAIL -> limits.mailTimeout();
      case RCPT -> limits.rcptTimeout();
      case DATA -> limits.dataInitiationTimeout();
      case DATA_END, BDAT, BDAT_LAST -> limits.dataTerminationTimeout();
      default -> limits.commandTimeout();
    };
  }
}
