package dev.missive.smtp.server;

import dev.missive.sasl.SaslFailure;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;


import dev.missive.smtp.server.internal.CommandText;
import dev.missive.smtp.server.internal.MailRcptParser;
import dev.missive.smtp.server.internal.Parsed;
import dev.missive.smtp.server.internal.Verb;
import dev.missive.wire.LineFramer;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.List;

/**
 * Reads command lines and message content for {@link SmtpServer} and answers them (RFC 5321 §4.1 and §4.3.2,
 * RFC 3030, RFC 3207, RFC 4954, RFC 2033); the engine's state lives in {@link SmtpServer} and {@link Session}.
 */
final class CommandProcessor {

  /** MAIL accepted: X.1.0 "other address status" (RFC 3463 §3.2), as in RFC 2034 §6's example. */
  static final Reply SENDER_OK = Reply.of(250, "2.1.0", "OK");
  /** RCPT accepted: X.1.5 "destination address valid" (RFC 3463 §3.2), as in RFC 2034 §6's example. */
  static final Reply RECIPIENT_OK = Reply.of(250, "2.1.5", "OK");

  private final SmtpServer s;
  private final Session session;
  private final ContentPhase content;
  private final AuthCommand auth;
  private int commandMax;

  CommandProcessor(SmtpServer server) {
    this.s = server;
    this.session = server.session;
    this.content = new ContentPhase(this, server);
    this.auth = new AuthCommand(this, server);
  }

  /** {@return the AUTH command, whose failed-authentication throttle the engine consults} */
  AuthCommand auth() {
    return auth;
  }

  /** Sets the framer's limit for commands (and AUTH lines when AUTH is offered), DESIGN.md rule 5. */
  void updateLineLimit() {
    // before EHLO, allow for what EHLO will offer: a client may pipeline EHLO and MAIL
    commandMax = Capabilities.commandLineLength(s.config, Capabilities.offered(s.config, session.tls));
    boolean auth = !Capabilities.authMechanisms(s.config, session.tls).isEmpty();
    s.framer.setMaxLineLength(Math.max(commandMax, auth ? s.config.limits().authLineLength() + 32 : 0));
  }

  /** Processes one line or one piece of content; false when more input is needed. */
  boolean step() {
    switch (s.state) {
      case DATA:
      case BDAT:
        return content.contentStep();
      case TLS_PENDING:
      case CLOSED:
        return false;
      default:
        return lineStep();
    }
  }

  // ------------------------------------------------------------------ content

  void finishTransaction() {
    session.clearTransaction();
    session.transactions++;
    s.content.reset();
    s.transition(session.clientName != null ? ServerState.GREETED : ServerState.CONNECTED);
  }

  /** Reports an unfinished message as aborted (peer closed, timeout, shutdown). */
  void abortContent(Reply reply) {
    ServerState st = s.state;
    boolean inContent = st == ServerState.DATA || st == ServerState.BDAT || st == ServerState.CHUNKING;
    if (inContent || s.pending instanceof SmtpServerEvent.DataEnd) {
      s.events.add(new SmtpServerEvent.DataAborted(reply));
      s.content.reset();
      session.clearTransaction();
    }
  }

  // ------------------------------------------------------------------ lines

  private boolean lineStep() {
    LineFramer.Status status = s.framer.next(s.inbox);
    if (status == LineFramer.Status.NEED_MORE) {
      return false;
    }
    boolean inAuth = s.state == ServerState.AUTH;
    if (status == LineFramer.Status.LINE_TOO_LONG) {
      if (inAuth) {
        auth.authStep(session.auth.failure(SaslFailure.RESPONSE_TOO_LONG));
      } else {
        error(s.reply(ReplyText.LINE_TOO_LONG));
      }
      return true;
    }
    ByteBuffer line = s.framer.line();
    if (s.framer.lineHasBareLineEnding()) {
      if (inAuth) {
        auth.authStep(session.auth.failure(SaslFailure.MALFORMED_RESPONSE));
      } else {
        Reply r = s.reply(ReplyText.BARE_LINE_ENDING);
        s.events.add(new SmtpServerEvent.ProtocolViolation(r, "bare CR or LF in a command line", false));
        error(r);
      }
      return true;
    }
    if (inAuth) {
      if (line.remaining() > s.config.limits().authLineLength()) {
        auth.authStep(session.auth.failure(SaslFailure.RESPONSE_TOO_LONG));
      } else {
        auth.authStep(session.auth.respond(line));
      }
      return true;
    }
    command(line);
    return true;
  }

  private void command(ByteBuffer line) {
    Verb verb = Verb.of(line);
    if (verb != Verb.AUTH && line.remaining() > commandMax) {
      error(s.reply(ReplyText.LINE_TOO_LONG));
      return;
    }
    if (s.config.lmtp() ? verb == Verb.HELO || verb == Verb.EHLO : verb == Verb.LHLO) {
      verb = Verb.UNKNOWN;
    }
    if (verb == Verb.UNKNOWN) {
      error(s.reply(ReplyText.COMMAND_UNRECOGNIZED));
      return;
    }
    if (verb == Verb.SEND || verb == Verb.SOML || verb == Verb.SAML || verb == Verb.TURN) {
      error(s.reply(ReplyText.COMMAND_NOT_IMPLEMENTED));
      return;
    }
    String args = CommandText.argument(line, verb, session.offered.contains(SmtpExtension.SMTPUTF8));
    if (args == null) {
      error(s.reply(ReplyText.INVALID_UTF8));
      return;
    }
    if (s.config.tlsRequired() && !session.tls && !EnumSet.of(Verb.HELO, Verb.EHLO, Verb.LHLO, Verb.STARTTLS,
        Verb.NOOP, Verb.RSET, Verb.QUIT).contains(verb)) {
      if (verb == Verb.BDAT) {
        content.bdatOutOfSequence(args, s.reply(ReplyText.STARTTLS_FIRST));
      } else {
        error(s.reply(ReplyText.STARTTLS_FIRST));
      }
      return;
    }
    if (!CommandTable.allows(s.state, verb)) {
      boolean noRecipients = s.state == ServerState.MAIL;
      if (verb == Verb.BDAT) {
        content.bdatOutOfSequence(args, s.reply(noRecipients ? ReplyText.NO_VALID_RECIPIENTS : ReplyText.BAD_SEQUENCE));
      } else {
        error(s.reply(verb == Verb.DATA && noRecipients ? ReplyText.NO_VALID_RECIPIENTS : ReplyText.BAD_SEQUENCE));
      }
      return;
    }
    dispatch(verb, args);
  }

  private void dispatch(Verb verb, String args) {
    switch (verb) {
      case HELO:
      case EHLO:
      case LHLO:
        hello(HelloKind.valueOf(verb.name()), args);
        break;
      case MAIL:
        mail(args);
        break;
      case RCPT:
        rcpt(args);
        break;
      case DATA:
        content.data(args);
        break;
      case BDAT:
        content.bdat(args);
        break;
      case RSET:
        rset(args);
        break;
      case NOOP:
        if (junk()) {
          s.write(Reply.ok(), true);
        }
        break;
      case QUIT:
        quit(args);
        break;
      case VRFY:
      case EXPN:
        verify(verb, args);
        break;
      case HELP:
        if (junk()) {
          s.write(Reply.of(214, "2.0.0", "Commands: HELO EHLO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP STARTTLS AUTH",
              "See RFC 5321"), true);
        }
        break;
      case STARTTLS:
        startTls(args);
        break;
      case AUTH:
        auth.auth(args);
        break;
      default:
        error(s.reply(ReplyText.COMMAND_UNRECOGNIZED));
    }
  }


  // ------------------------------------------------------------------ commands

  private void hello(HelloKind kind, String args) {
    String name = args.trim();
    int space = name.indexOf(' ');
    if (space >= 0) {
      name = name.substring(0, space);
    }
    if (name.isEmpty() || !CommandText.isClientName(name)) {
      error(name.isEmpty() ? Reply.of(501, "5.5.4", "Syntax: " + kind + " hostname")
          : s.reply(ReplyText.INVALID_DOMAIN), false);
      return;
    }
    if (session.inTransaction()) {
      s.events.add(new SmtpServerEvent.Reset()); // RFC 5321 §4.1.4: EHLO resets like RSET
      finishTransaction();
    }
    decision(new SmtpServerEvent.Hello(kind, name));
  }


  private void mail(String args) {
    if (s.config.authRequired() && !session.authenticated()) {
      error(s.reply(ReplyText.AUTHENTICATION_REQUIRED));
      return;
    }
    Parsed<MailRcptParser.MailCommand> p = MailRcptParser.mail(args, session.offered,
        s.config.limits().maxMessageSize(), session.authenticated());
    if (p.failed()) {
      error(p.error());
    } else {
      decision(new SmtpServerEvent.MailFrom(p.value().reversePath(), p.value().parameters(),
          java.util.Optional.ofNullable(session.authentication)));
    }
  }

  private void rcpt(String args) {
    Parsed<MailRcptParser.RcptCommand> p = MailRcptParser.rcpt(args, session.offered,
        session.mailParameters.smtpUtf8());
    if (p.failed()) {
      error(p.error());
    } else if (session.recipients.size() >= s.config.limits().maxRecipients()) {
      s.write(s.reply(ReplyText.TOO_MANY_RECIPIENTS), true);
    } else {
      decision(new SmtpServerEvent.RcptTo(p.value().forwardPath(), p.value().parameters()));
    }
  }

  private void rset(String args) {
    if (!junk()) {
      return;
    }
    if (!args.isEmpty()) {
      error(s.reply(ReplyText.RSET_SYNTAX));
      return;
    }
    if (s.state == ServerState.CHUNKING) {
      s.events.add(new SmtpServerEvent.DataAborted(null));
    }
    finishTransaction();
    s.events.add(new SmtpServerEvent.Reset());
    s.write(Reply.ok(), true);
  }

  private void quit(String args) {
    if (!args.isEmpty()) {
      error(s.reply(ReplyText.QUIT_SYNTAX));
      return;
    }
    abortContent(null);
    s.write(s.reply(ReplyText.CLOSING), true);
    s.events.add(new SmtpServerEvent.Quit());
    s.close();
  }

  private void verify(Verb verb, String args) {
    if (!junk()) {
      return;
    }
    if (args.isEmpty()) {
      error(Reply.of(501, "5.5.4", "Syntax: " + verb + " string"));
      return;
    }
    SmtpExtension ext = verb == Verb.VRFY ? SmtpExtension.VRFY : SmtpExtension.EXPN;
    if (s.config.extensions().contains(ext)) {
      decision(verb == Verb.VRFY ? new SmtpServerEvent.Vrfy(args) : new SmtpServerEvent.Expn(args));
    } else {
      s.write(s.reply(ReplyText.CANNOT_VERIFY), true);
    }
  }

  private void startTls(String args) {
    if (!args.isEmpty()) {
      error(s.reply(ReplyText.STARTTLS_SYNTAX));
    } else if (session.tls) {
      error(s.reply(ReplyText.TLS_ALREADY_ACTIVE));
    } else if (!s.config.tlsAvailable() || !s.config.extensions().contains(SmtpExtension.STARTTLS)) {
      error(s.reply(ReplyText.COMMAND_NOT_IMPLEMENTED));
    } else {
      s.write(s.reply(ReplyText.READY_TO_START_TLS), true);
      s.events.add(new SmtpServerEvent.StartTlsRequested());
      s.startTlsPause();
    }
  }

  // ------------------------------------------------------------------ decisions

  void decision(SmtpServerEvent.DecisionRequired event) {
    s.pending = event;
    s.events.add(event);
  }

  /** Applies the host's answer, already checked by {@link SmtpServer#answer(SmtpDecision)}, to the pending event. */
  void decide(SmtpServerEvent.DecisionRequired event, SmtpDecision decision) {
    s.pending = null;
    boolean positive = decision instanceof SmtpDecision.Accept;
    Reply reply = decision instanceof SmtpDecision.Accept a ? a.reply().orElse(null)
        : decision instanceof SmtpDecision.Reject r ? r.reply() : null;
    if (event instanceof SmtpServerEvent.Hello h) {
      hello(h, positive ? reply : null, positive ? null : reply);
    } else if (event instanceof SmtpServerEvent.MailFrom m) {
      if (positive) {
        session.reversePath = m.reversePath();
        session.mailParameters = m.parameters();
        s.transition(ServerState.MAIL);
      }
      s.write(reply == null ? SENDER_OK : reply, true);
    } else if (event instanceof SmtpServerEvent.RcptTo r) {
      if (positive) {
        session.recipients.add(new Envelope.Recipient(r.forwardPath(), r.parameters()));
        s.transition(ServerState.RCPT);
      }
      s.write(reply == null ? RECIPIENT_OK : reply, true);
    } else if (event instanceof SmtpServerEvent.DataStart d) {
      content.dataStart(d.chunked(), positive, reply);
    } else if (event instanceof SmtpServerEvent.DataEnd) {
      dataEnd(reply, decision instanceof SmtpDecision.PerRecipient p ? p.replies() : null);
    } else {
      s.write(reply == null ? s.reply(ReplyText.CANNOT_VERIFY) : reply, true);
    }
  }

  private void hello(SmtpServerEvent.Hello h, Reply positive, Reply negative) {
    if (negative != null) {
      s.write(negative, false);
      return;
    }
    session.clientName = h.clientName();
    session.kind = h.kind();
    session.offered = h.kind() == HelloKind.HELO ? EnumSet.noneOf(SmtpExtension.class)
        : Capabilities.offered(s.config, session.tls);
    updateLineLimit();
    s.transition(ServerState.GREETED);
    if (h.kind() == HelloKind.HELO) {
      s.write(positive != null ? positive : Reply.of(250, s.config.hostname()), false);
    } else {
      s.write(Capabilities.ehloReply(s.config, session.tls, h.clientName()), false);
    }
  }

  private void dataEnd(Reply reply, List<Reply> perRecipient) {
    if (s.config.lmtp()) {
      for (int i = 0; i < session.recipients.size(); i++) {
        s.write(perRecipient != null ? perRecipient.get(i) : reply != null ? reply : Reply.ok(), true);
      }
    } else {
      s.write(reply != null ? reply : Reply.ok(), true);
    }
    session.junk = 0;
    finishTransaction();
  }

  // ------------------------------------------------------------------ errors and limits

  void error(Reply reply) {
    error(reply, true);
  }

  void error(Reply reply, boolean enhanced) {
    s.write(reply, enhanced);
    if (++session.errors >= s.config.limits().maxErrors()) {
      abortContent(null);
      fatal(s.reply(ReplyText.TOO_MANY_ERRORS), "too many errors");
    }
  }

  /** Counts a NOOP/RSET/VRFY/EXPN/HELP; false (and the session closed) past the limit. */
  private boolean junk() {
    if (++session.junk > s.config.limits().maxJunkCommands()) {
      abortContent(null);
      fatal(s.reply(ReplyText.TOO_MANY_COMMANDS), "too many commands");
      return false;
    }
    return true;
  }

  /** Sends {@code reply}, reports the violation and closes the session. */
  void fatal(Reply reply, String description) {
    s.write(reply, true);
    s.events.add(new SmtpServerEvent.ProtocolViolation(reply, description, true));
    s.close();
  }
}
