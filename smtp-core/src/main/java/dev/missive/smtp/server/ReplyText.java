package dev.missive.smtp.server;

import dev.missive.smtp.EnhancedStatus;
import java.util.Optional;

/**
 * One reply the server engine composes itself, with its fixed reply code (RFC 5321 §4.2.2, §4.2.3), its fixed
 * enhanced status code (RFC 3463, RFC 2034 §4; none for 3xx and for the EHLO reply) and its default text; the text
 * is what {@link ReplyTexts} lets a host replace (RFC 5321 §4.2: "the text may be receiver dependent").
 *
 * <p>A text may name the server with {@code {host}}; the EHLO/LHLO first line may also name the client with
 * {@code {client}} (RFC 5321 §4.1.1.1: {@code "250" SP Domain [ SP ehlo-greet ]}).
 */
public enum ReplyText {
  /** The first line of the EHLO/LHLO reply (RFC 5321 §4.1.1.1); it must begin with the server's name. */
  EHLO_GREETING(250, null, "{host} greets {client}"),
  /** QUIT (RFC 5321 §4.1.1.10); RFC 5321 §4.2.2 starts it with the server's name. */
  CLOSING(221, "2.0.0", "{host} Service closing transmission channel"),
  /** DATA accepted (RFC 5321 §4.1.1.4). */
  START_MAIL_INPUT(354, null, "Start mail input; end with <CRLF>.<CRLF>"),
  /** STARTTLS accepted (RFC 3207 §4). */
  READY_TO_START_TLS(220, "2.0.0", "Ready to start TLS"),
  /** An unrecognised command (RFC 5321 §4.2.4; docs/architecture.md, "Reply codes"). */
  COMMAND_UNRECOGNIZED(500, "5.5.2", "Command unrecognized"),
  /** A command line over the limit (RFC 5321 §4.5.3.1.4). */
  LINE_TOO_LONG(500, "5.5.2", "Line too long"),
  /** A bare CR or LF in a command line (RFC 5321 §2.3.8). */
  BARE_LINE_ENDING(500, "5.5.2", "Bare CR or LF in command line"),
  /** A command that is not UTF-8 (RFC 6531 §3.3). */
  INVALID_UTF8(501, "5.5.2", "Invalid UTF-8 in command"),
  /** RSET with arguments (RFC 5321 §4.1.1.5). */
  RSET_SYNTAX(501, "5.5.4", "Syntax: RSET"),
  /** QUIT with arguments (RFC 5321 §4.1.1.10). */
  QUIT_SYNTAX(501, "5.5.4", "Syntax: QUIT"),
  /** DATA with arguments (RFC 5321 §4.1.1.4). */
  DATA_SYNTAX(501, "5.5.4", "Syntax: DATA"),
  /** A malformed BDAT (RFC 3030 §2). */
  BDAT_SYNTAX(501, "5.5.4", "Syntax: BDAT chunk-size [LAST]"),
  /** STARTTLS with arguments (RFC 3207 §4). */
  STARTTLS_SYNTAX(501, "5.5.4", "Syntax error (no parameters allowed)"),
  /** A malformed AUTH (RFC 4954 §4). */
  AUTH_SYNTAX(501, "5.5.4", "Syntax: AUTH mechanism [initial-response]"),
  /** HELO/EHLO/LHLO with a name that is not a domain or address literal (RFC 5321 §4.1.1.1). */
  INVALID_DOMAIN(501, "5.5.4", "Invalid domain name"),
  /** A command recognised but not implemented (RFC 5321 §4.2.4). */
  COMMAND_NOT_IMPLEMENTED(502, "5.5.1", "Command not implemented"),
  /** A command out of sequence (RFC 5321 §4.1.4, §4.3.2). */
  BAD_SEQUENCE(503, "5.5.1", "Bad sequence of commands"),
  /** AUTH after a successful AUTH (RFC 4954 §4). */
  ALREADY_AUTHENTICATED(503, "5.5.1", "Already authenticated"),
  /** DATA without an accepted recipient (RFC 5321 §3.3). */
  NO_VALID_RECIPIENTS(554, "5.5.1", "No valid recipients"),
  /** DATA after {@code BODY=BINARYMIME} (RFC 3030 §3). */
  BINARYMIME_NEEDS_BDAT(503, "5.5.1", "BODY=BINARYMIME requires BDAT"),
  /** STARTTLS under TLS (RFC 3207 §4.2). */
  TLS_ALREADY_ACTIVE(554, "5.5.1", "TLS already active"),
  /** Data sent before the greeting or the 354 reply (RFC 5321 §4.3.1; docs/architecture.md, "The synchronisation check"). */
  SYNCHRONIZATION_ERROR(554, "5.5.0", "Error: SMTP protocol synchronization"),
  /** A command that needs TLS first (RFC 3207 §4). */
  STARTTLS_FIRST(530, "5.7.0", "Must issue a STARTTLS command first"),
  /** MAIL before the required AUTH (RFC 4954 §6). */
  AUTHENTICATION_REQUIRED(530, "5.7.0", "Authentication required"),
  /** An unknown AUTH mechanism (RFC 4954 §4). */
  MECHANISM_UNRECOGNIZED(504, "5.5.4", "Unrecognized authentication type"),
  /** AUTH succeeded (RFC 4954 §6). */
  AUTHENTICATION_SUCCEEDED(235, "2.7.0", "Authentication successful"),
  /** Invalid credentials (RFC 4954 §6). */
  CREDENTIALS_INVALID(535, "5.7.8", "Authentication credentials invalid"),
  /** The mechanism is weaker than the policy allows for that user (RFC 4954 §6). */
  MECHANISM_TOO_WEAK(534, "5.7.9", "Authentication mechanism is too weak"),
  /** A mechanism that needs TLS, without TLS (RFC 4954 §6). */
  ENCRYPTION_REQUIRED(538, "5.7.11", "Encryption required for requested authentication mechanism"),
  /** A temporary AUTH failure (RFC 4954 §6). */
  AUTHENTICATION_TEMPORARY_FAILURE(454, "4.7.0", "Temporary authentication failure"),
  /** An AUTH response that is not base64 (RFC 4954 §4). */
  RESPONSE_UNDECODABLE(501, "5.5.2", "Cannot decode response"),
  /** AUTH cancelled with {@code *} (RFC 4954 §4). */
  AUTHENTICATION_CANCELLED(501, "5.0.0", "Authentication cancelled"),
  /** An AUTH response over the limit (RFC 4954 §4). */
  AUTH_LINE_TOO_LONG(500, "5.5.6", "Authentication Exchange line is too long"),
  /** A recipient past the limit (RFC 5321 §4.5.3.1.10). */
  TOO_MANY_RECIPIENTS(452, "4.5.3", "Too many recipients"),
  /** A MAIL past {@link SmtpLimits#maxTransactions()}, announced as LIMITS MAILMAX (RFC 9422): a new session may go on. */
  TOO_MANY_TRANSACTIONS(451, "4.5.3", "No more transactions allowed in this session"),
  /**
   * A RCPT for a domain past {@link SmtpLimits#maxRecipientDomains()}, announced as LIMITS RCPTDOMAINMAX (RFC 9422
   * §4.3): the recipient may go in another session.
   */
  TOO_MANY_RECIPIENT_DOMAINS(452, "4.5.3", "Too many recipient domains in this session"),
  /** VRFY/EXPN without a host answer (RFC 5321 §3.5.3). */
  CANNOT_VERIFY(252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery"),
  /** Closing after too many errors (RFC 5321 §4.2.4, §3.8). */
  TOO_MANY_ERRORS(421, "4.7.0", "{host} Error: too many errors"),
  /** Closing after {@link SmtpLimits#maxAuthFailures()} failed AUTH exchanges (RFC 4954 §4, RFC 5321 §3.8). */
  TOO_MANY_AUTH_FAILURES(421, "4.7.0", "{host} Error: too many failed authentications"),
  /** Closing after too many NOOP/RSET/VRFY/EXPN/HELP (RFC 5321 §3.8). */
  TOO_MANY_COMMANDS(421, "4.7.0", "{host} Error: too many commands"),
  /** Closing at a timeout (RFC 5321 §4.5.3.2, §3.8). */
  TIMEOUT(421, "4.4.2", "{host} Error: timeout exceeded"),
  /** Closing at shutdown (RFC 5321 §3.8). */
  SHUTDOWN(421, "4.3.2", "{host} Service not available, closing transmission channel"),
  /** A handler of {@link SmtpHandlerServer} failed (RFC 5321 §4.2.1 "local error in processing", RFC 3463 4.3.0). */
  LOCAL_ERROR(451, "4.3.0", "Local error in processing");

  private final int code;
  private final EnhancedStatus status;
  private final String defaultText;

  ReplyText(int code, String status, String defaultText) {
    this.code = code;
    this.status = status == null ? null : EnhancedStatus.parse(status);
    this.defaultText = defaultText;
  }

  /** {@return the reply code, which a host cannot change} */
  public int code() {
    return code;
  }

  /** {@return the enhanced status code (RFC 3463), which a host cannot change; empty for 3xx and the EHLO reply} */
  public Optional<EnhancedStatus> status() {
    return Optional.ofNullable(status);
  }

  /** {@return the engine's own text} */
  public String defaultText() {
    return defaultText;
  }
}
