package dev.missive.smtp.server;

import dev.missive.smtp.BodyType;
import dev.missive.smtp.DeliverBy;
import dev.missive.smtp.FutureRelease;
import dev.missive.smtp.FutureReleaseOffer;
import dev.missive.smtp.MailParameters;
import dev.missive.smtp.MtPriority;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.TransactionLimits;
import dev.missive.smtp.server.internal.BdatCommand;
import dev.missive.smtp.server.internal.CommandText;
import dev.missive.smtp.server.internal.MailRcptParser;
import dev.missive.smtp.server.internal.Parsed;
import dev.missive.smtp.server.internal.Verb;
import dev.missive.wire.LineFramer;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one command line and says what it asks for (RFC 5321 §4.1 and §4.3.2, RFC 3030, RFC 3207, RFC 4954,
 * RFC 2033): syntax, the command table, the TLS and AUTH requirements and the limits, as a {@link CommandResult}
 * that {@link SmtpServer} applies. Reads the session, never changes it.
 */
final class Commands {

  /** What a client may send before TLS when the configuration requires TLS (RFC 3207 §4). */
  private static final Set<Verb> BEFORE_TLS = EnumSet.of(Verb.HELO, Verb.EHLO, Verb.LHLO, Verb.STARTTLS, Verb.NOOP,
      Verb.RSET, Verb.QUIT);
  /** The results that carry nothing of the command line, shared: records are immutable. */
  private static final CommandResult QUIT = new CommandResult.Quit();
  private static final CommandResult DATA_START = new CommandResult.Ask(new SmtpServerEvent.DataStart(false));

  private final SmtpServerConfig config;
  /** The configuration's replies and limits, shared by every session. */
  private final ServerSetup setup;
  /** The wall clock FUTURERELEASE holds are judged by (RFC 4865 §3). */
  private final Clock clock;

  /** The session as the host sees it, for the configuration's {@link PriorityTrust}; set once the engine exists. */
  private SmtpSession view;

  Commands(ServerSetup setup, Clock clock) {
    this.config = setup.config();
    this.setup = setup;
    this.clock = clock;
  }

  /** Gives the commands the engine's {@link SmtpSession}, which the priority policy judges (RFC 6710 §4.1). */
  void view(SmtpSession session) {
    this.view = session;
  }

  /** Reads the framer's line (its status not {@code NEED_MORE}) as a command in {@code state}. */
  CommandResult read(LineFramer.Status status, LineFramer framer, ServerState state, SessionState session) {
    if (status == LineFramer.Status.LINE_TOO_LONG) {
      return refuse(ReplyText.LINE_TOO_LONG);
    }
    if (framer.lineHasBareLineEnding()) {
      return new CommandResult.BareLineEnding(reply(ReplyText.BARE_LINE_ENDING));
    }
    ByteBuffer line = framer.line();
    Verb verb = Verb.of(line);
    if (verb != Verb.AUTH && line.remaining() > setup.commandMax(session.tls())) {
      return refuse(ReplyText.LINE_TOO_LONG);
    }
    if (config.lmtp() ? verb == Verb.HELO || verb == Verb.EHLO : verb == Verb.LHLO) {
      verb = Verb.UNKNOWN;
    }
    if (verb == Verb.UNKNOWN) {
      return refuse(ReplyText.COMMAND_UNRECOGNIZED);
    }
    if (verb == Verb.SEND || verb == Verb.SOML || verb == Verb.SAML || verb == Verb.TURN) {
      return refuse(ReplyText.COMMAND_NOT_IMPLEMENTED);
    }
    String args = CommandText.argument(line, verb, session.offered().contains(SmtpExtension.SMTPUTF8));
    if (args == null) {
      return refuse(ReplyText.INVALID_UTF8);
    }
    if (config.tlsRequired() && !session.tls() && !BEFORE_TLS.contains(verb)) {
      return verb == Verb.BDAT ? discard(args, reply(ReplyText.STARTTLS_FIRST)) : refuse(ReplyText.STARTTLS_FIRST);
    }
    if (!CommandTable.allows(state, verb)) {
      boolean noRecipients = state == ServerState.MAIL;
      if (verb == Verb.BDAT) {
        return discard(args, reply(noRecipients ? ReplyText.NO_VALID_RECIPIENTS : ReplyText.BAD_SEQUENCE));
      }
      return refuse(verb == Verb.DATA && noRecipients ? ReplyText.NO_VALID_RECIPIENTS : ReplyText.BAD_SEQUENCE);
    }
    return command(verb, args, state, session);
  }

  private CommandResult command(Verb verb, String args, ServerState state, SessionState session) {
    switch (verb) {
      case HELO:
      case EHLO:
      case LHLO:
        return hello(HelloKind.valueOf(verb.name()), args);
      case MAIL:
        return mail(args, session);
      case RCPT:
        return rcpt(args, session);
      case DATA:
        return data(args, session);
      case BDAT:
        return bdat(args, state, session);
      case RSET:
        return new CommandResult.Junk(args.isEmpty() ? new CommandResult.Reset() : refuse(ReplyText.RSET_SYNTAX));
      case NOOP:
        return new CommandResult.Junk(new CommandResult.Send(Reply.ok(), true));
      case QUIT:
        return args.isEmpty() ? QUIT : refuse(ReplyText.QUIT_SYNTAX);
      case VRFY:
      case EXPN:
        return new CommandResult.Junk(verify(verb, args));
      case HELP:
        return new CommandResult.Junk(new CommandResult.Send(Capabilities.help(config, session.tls()), true));
      case STARTTLS:
        return startTls(args, session);
      case AUTH:
        return auth(args, session);
      case XCLIENT:
      case XFORWARD:
        return ForwardingCommand.read(verb == Verb.XCLIENT, args, config);
      case ETRN:
        return QueueRunCommand.etrn(args, config);
      case ATRN:
        return QueueRunCommand.atrn(args, config, session);
      default:
        return refuse(ReplyText.COMMAND_UNRECOGNIZED);
    }
  }

  private CommandResult hello(HelloKind kind, String args) {
    String name = args.trim();
    int space = name.indexOf(' ');
    if (space >= 0) {
      name = name.substring(0, space);
    }
    if (name.isEmpty()) {
      return new CommandResult.Refuse(Reply.of(501, "5.5.4", "Syntax: " + kind + " hostname"), false);
    }
    if (!CommandText.isClientName(name)) {
      return new CommandResult.Refuse(reply(ReplyText.INVALID_DOMAIN), false);
    }
    return new CommandResult.Ask(new SmtpServerEvent.Hello(kind, name));
  }

  private CommandResult mail(String args, SessionState session) {
    if (config.authRequired() && !session.authenticated()) {
      return refuse(ReplyText.AUTHENTICATION_REQUIRED);
    }
    if (session.mailCommands() >= config.limits().maxTransactions()) {
      return new CommandResult.Send(reply(ReplyText.TOO_MANY_TRANSACTIONS), true); // RFC 9422 MAILMAX
    }
    Parsed<MailRcptParser.MailCommand> p = MailRcptParser.mail(args, session.offered(),
        config.limits().maxMessageSize(), session.authenticated());
    if (p.failed()) {
      return new CommandResult.Refuse(p.error(), true);
    }
    long minBy = config.limits().minDeliverBy().getSeconds();
    Optional<DeliverBy> by = p.value().parameters().deliverBy();
    if (by.isPresent() && by.get().mode() == DeliverBy.Mode.RETURN && by.get().byTime() < minBy) {
      return new CommandResult.Refuse(Reply.of(555, "5.5.4", // RFC 2852 §3: below the min-by-time, 55z
          "BY time is below the minimum of " + minBy + " seconds"), true);
    }
    Optional<FutureRelease> hold = p.value().parameters().release();
    if (hold.isPresent()) { // RFC 4865 §3: not longer nor later than offered, in the future; 501 as §4 advises
      Instant now = clock.instant();
      String why = FutureReleaseOffer.of(now, config.limits().maxFutureRelease()).refusal(hold.get(), now);
      if (why != null) {
        return new CommandResult.Refuse(Reply.of(501, "5.5.4", why), true);
      }
    }
    MailParameters parameters = p.value().parameters();
    Optional<MtPriority> requested = parameters.priority();
    if (session.offered().contains(SmtpExtension.MT_PRIORITY)) { // RFC 6710 §4.1: the server's policy decides
      MtPriority assigned = Objects.requireNonNull(config.priorityTrust().assign(requested, view),
          "the configuration's PriorityTrust returned null");
      if (requested.isPresent() || !assigned.equals(MtPriority.NORMAL)) {
        parameters = parameters.withPriority(assigned);
      }
    }
    return new CommandResult.Ask(new SmtpServerEvent.MailFrom(p.value().reversePath(), parameters,
        session.authentication(), requested));
  }

  private CommandResult rcpt(String args, SessionState session) {
    Parsed<MailRcptParser.RcptCommand> p = MailRcptParser.rcpt(args, session.offered(),
        session.mailParameters().smtpUtf8());
    if (p.failed()) {
      return new CommandResult.Refuse(p.error(), true);
    }
    if (session.recipientCount() >= config.limits().maxRecipients()) {
      return new CommandResult.Send(reply(ReplyText.TOO_MANY_RECIPIENTS), true);
    }
    String domain = TransactionLimits.domainOf(p.value().forwardPath());
    if (!session.hasRecipientDomain(domain) // RFC 9422 §4.3: RCPTDOMAINMAX, distinct domains per session
        && session.recipientDomains() >= config.limits().maxRecipientDomains()) {
      return new CommandResult.Send(reply(ReplyText.TOO_MANY_RECIPIENT_DOMAINS), true);
    }
    return new CommandResult.Ask(new SmtpServerEvent.RcptTo(p.value().forwardPath(), p.value().parameters()));
  }

  private CommandResult data(String args, SessionState session) {
    if (!args.isEmpty()) {
      return refuse(ReplyText.DATA_SYNTAX);
    }
    if (session.mailParameters().body().orElse(null) == BodyType.BINARY_MIME) {
      return refuse(ReplyText.BINARYMIME_NEEDS_BDAT);
    }
    return DATA_START;
  }

  private CommandResult bdat(String args, ServerState state, SessionState session) {
    if (!session.offered().contains(SmtpExtension.CHUNKING)) {
      return discard(args, reply(ReplyText.COMMAND_NOT_IMPLEMENTED));
    }
    Optional<BdatCommand> chunk = BdatCommand.parse(args);
    return chunk.isEmpty() ? refuse(ReplyText.BDAT_SYNTAX)
        : new CommandResult.Bdat(chunk.get(), state != ServerState.CHUNKING);
  }

  /** RFC 3030 §2: a refused BDAT's octets are still read, so the framing holds; bad syntax leaves no size. */
  private CommandResult discard(String args, Reply reply) {
    Optional<BdatCommand> chunk = BdatCommand.parse(args);
    return chunk.isEmpty() ? refuse(ReplyText.BDAT_SYNTAX) : new CommandResult.DiscardChunk(chunk.get(), reply);
  }

  private CommandResult verify(Verb verb, String args) {
    if (args.isEmpty()) {
      return new CommandResult.Refuse(Reply.of(501, "5.5.4", "Syntax: " + verb + " string"), true);
    }
    SmtpExtension ext = verb == Verb.VRFY ? SmtpExtension.VRFY : SmtpExtension.EXPN;
    if (!config.extensions().contains(ext)) {
      return new CommandResult.Send(reply(ReplyText.CANNOT_VERIFY), true);
    }
    return new CommandResult.Ask(verb == Verb.VRFY ? new SmtpServerEvent.Vrfy(args) : new SmtpServerEvent.Expn(args));
  }

  private CommandResult startTls(String args, SessionState session) {
    if (!args.isEmpty()) {
      return refuse(ReplyText.STARTTLS_SYNTAX);
    }
    if (session.tls()) {
      return refuse(ReplyText.TLS_ALREADY_ACTIVE);
    }
    if (!config.tlsAvailable() || !config.extensions().contains(SmtpExtension.STARTTLS)) {
      return refuse(ReplyText.COMMAND_NOT_IMPLEMENTED);
    }
    return new CommandResult.StartTls();
  }

  /** RFC 4954 §4 and §6: 502 when AUTH is off, 503 after AUTH or HELO, 501 for bad syntax. */
  private CommandResult auth(String args, SessionState session) {
    if (config.authMechanisms().isEmpty() || !config.extensions().contains(SmtpExtension.AUTH)) {
      return refuse(ReplyText.COMMAND_NOT_IMPLEMENTED);
    }
    if (session.authenticated()) {
      return refuse(ReplyText.ALREADY_AUTHENTICATED);
    }
    if (session.saidHelo()) {
      return refuse(ReplyText.BAD_SEQUENCE);
    }
    String[] parts = args.split(" ", -1);
    if (args.isEmpty() || parts.length > 2 || parts[0].isEmpty() || parts[0].length() > 20) {
      return refuse(ReplyText.AUTH_SYNTAX);
    }
    if (parts.length == 2 && parts[1].length() > config.limits().authLineLength()) {
      return refuse(ReplyText.AUTH_LINE_TOO_LONG);
    }
    return new CommandResult.Auth(parts[0], parts.length == 2 ? parts[1] : null);
  }

  private CommandResult refuse(ReplyText which) {
    return new CommandResult.Refuse(reply(which), true);
  }

  private Reply reply(ReplyText which) {
    return setup.reply(which);
  }
}
