package dev.missive.smtp.server;

import dev.missive.smtp.EtrnRequest;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;

/**
 * Reads ETRN (RFC 1985 §5) and holds its replies, exactly as RFC 1985 §5 words them. The command is answered
 * {@code 502 5.5.1} unless the host put {@link SmtpExtension#ETRN} in the configuration (then it is advertised in
 * the EHLO reply, RFC 1985 §2); without an argument it gets {@code 500 Syntax Error}, with an argument that is not
 * a fully qualified node name, {@code @domain} or {@code #queue} {@code 501 Syntax Error in Parameters} (RFC 1985
 * §7's examples). A well-formed request goes to the host as {@link SmtpServerEvent.Etrn}: the host decides whether
 * and how to start the queue run, on another connection (RFC 1985 §1), and answers with one of the replies below.
 */
final class QueueRunCommand {

  private static final Reply NO_ARGUMENT = Reply.of(500, "5.5.2", "Syntax Error");
  private static final Reply BAD_ARGUMENT = Reply.of(501, "5.5.4", "Syntax Error in Parameters");

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

  /** Whether {@code code} is one of ETRN's refusals a host gives (RFC 1985 §5: 458, 459). */
  static boolean isRefusal(int code) {
    return code == 458 || code == 459;
  }
}
