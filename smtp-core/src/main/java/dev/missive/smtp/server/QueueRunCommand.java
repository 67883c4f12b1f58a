package dev.missive.smtp.server;

import dev.missive.smtp.AtrnRequest;
import dev.missive.smtp.EtrnRequest;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;

/**
 * Reads ETRN (RFC 1985 §5) and ATRN (RFC 2645 §5.2.1), the two ways a client asks for the mail a server holds for
 * it, and holds their replies, exactly as the RFCs word them. ETRN asks for a queue run on other connections; ATRN,
 * from an authenticated customer, for delivery on this one with the roles reversed.
 *
 * <p>ETRN. The command is answered
 * {@code 502 5.5.1} unless the host put {@link SmtpExtension#ETRN} in the configuration (then it is advertised in
 * the EHLO reply, RFC 1985 §2); without an argument it gets {@code 500 Syntax Error}, with an argument that is not
 * a fully qualified node name, {@code @domain} or {@code #queue} {@code 501 Syntax Error in Parameters} (RFC 1985
 * §7's examples). A well-formed request goes to the host as {@link SmtpServerEvent.Etrn}: the host decides whether
 * and how to start the queue run, on another connection (RFC 1985 §1), and answers with one of the replies below.
 */
final class QueueRunCommand {

  private static final Reply NO_ARGUMENT = Reply.of(500, "5.5.2", "Syntax Error");
  private static final Reply BAD_ARGUMENT = Reply.of(501, "5.5.4", "Syntax Error in Parameters");
  /** RFC 2645 §5.2.1 and §7's replies to ATRN. */
  private static final Reply AUTHENTICATION_REQUIRED = Reply.of(530, "5.7.0", "Authentication required");
  private static final Reply ATRN_SYNTAX = Reply.of(501, "5.5.4", "Syntax: ATRN [domain *(,domain)]");
  private static final Reply REVERSING = Reply.of(250, "2.0.0", "OK now reversing the connection");
  static final Reply ATRN_REFUSED = Reply.of(450, "4.7.0", "ATRN request refused");
  static final Reply ATRN_LATER = Reply.of(451, "4.3.0", "Unable to process ATRN request now");
  static final Reply NO_MAIL = Reply.of(453, "4.3.0", "You have no mail");

  private QueueRunCommand() {
  }

  /**
   * Reads the argument of ETRN.
   *
   * @param args   the text after the verb
   * @param config the configuration whose extensions say whether ETRN is offered
   * @return the request to ask the host about, or the refusal
   */
  static CommandResult etrn(String args, SmtpServerConfig config) {
    if (!config.extensions().contains(SmtpExtension.ETRN)) {
      return new CommandResult.Refuse(config.texts().reply(ReplyText.COMMAND_NOT_IMPLEMENTED, config.hostname()),
          true);
    }
    if (args.isEmpty()) {
      return new CommandResult.Refuse(NO_ARGUMENT, true);
    }
    EtrnRequest request = EtrnRequest.parse(args);
    return request == null ? new CommandResult.Refuse(BAD_ARGUMENT, true)
        : new CommandResult.Ask(new SmtpServerEvent.Etrn(request));
  }

  /**
   * Reads the argument of ATRN (RFC 2645 §5.2.1): {@code 502} unless {@link SmtpExtension#ATRN} is configured,
   * {@code 530 5.7.0 Authentication required} before AUTH, {@code 501} unless the argument is empty or a
   * comma-separated list of fully qualified domains.
   *
   * @param args    the text after the verb
   * @param config  the configuration whose extensions say whether ATRN is offered
   * @param session whether and as whom the customer authenticated
   * @return the request to ask the host about, or the refusal
   */
  static CommandResult atrn(String args, SmtpServerConfig config, SessionState session) {
    if (!config.extensions().contains(SmtpExtension.ATRN)) {
      return new CommandResult.Refuse(config.texts().reply(ReplyText.COMMAND_NOT_IMPLEMENTED, config.hostname()),
          true);
    }
    if (!session.authenticated()) {
      return new CommandResult.Refuse(AUTHENTICATION_REQUIRED, true);
    }
    AtrnRequest request = AtrnRequest.parse(args);
    return request == null ? new CommandResult.Refuse(ATRN_SYNTAX, true)
        : new CommandResult.Ask(new SmtpServerEvent.Atrn(request, session.authentication().orElseThrow()));
  }

  /** {@return 250 before the roles reverse (RFC 2645 §5.2.1)} */
  static Reply reversing() {
    return REVERSING;
  }

  /** {@return 250: the run for {@code request} started (RFC 1985 §5), the engine's reply to a plain accept} */
  static Reply queuingStarted(EtrnRequest request) {
    return Reply.of(250, "2.0.0", "OK, queuing for node " + request.argument() + " started");
  }

  static Reply noMessagesWaiting(EtrnRequest request) {
    return Reply.of(251, "2.0.0", "OK, no messages waiting for node " + request.argument());
  }

  static Reply pendingStarted(EtrnRequest request) {
    return Reply.of(252, "2.0.0", "OK, pending messages for node " + request.argument() + " started");
  }

  static Reply pendingStarted(EtrnRequest request, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("a message count is not negative: " + count);
    }
    return Reply.of(253, "2.0.0", "OK, " + count + " pending messages for node " + request.argument() + " started");
  }

  static Reply unableToQueue(EtrnRequest request) {
    return Reply.of(458, "4.3.0", "Unable to queue messages for node " + request.argument());
  }

  static Reply notAllowed(EtrnRequest request, String reason) {
    if (reason.isEmpty() || !reason.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
      throw new IllegalArgumentException("the reason is printable US-ASCII on one line");
    }
    return Reply.of(459, "4.7.0", "Node " + request.argument() + " not allowed: " + reason);
  }

  /** Whether {@code code} is one of ETRN's positive replies (RFC 1985 §5: 250–253). */
  static boolean isPositive(int code) {
    return code >= 250 && code <= 253;
  }

  /** Whether {@code code} is one of ATRN's refusals a host gives (RFC 2645 §7: 450, 451, 453). */
  static boolean isAtrnRefusal(int code) {
    return code == 450 || code == 451 || code == 453;
  }

  /** Whether {@code code} is one of ETRN's refusals a host gives (RFC 1985 §5: 458, 459). */
  static boolean isRefusal(int code) {
    return code == 458 || code == 459;
  }
}
