package dev.missive.smtp.server;

import dev.missive.sasl.SaslFailure;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.smtp.BodyType;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.internal.AuthExchange;
import dev.missive.smtp.internal.Capabilities;
import dev.missive.smtp.internal.CommandTable;
import dev.missive.smtp.internal.EnvelopeCommands;
import dev.missive.smtp.internal.Parsed;
import dev.missive.smtp.internal.Verb;
import dev.missive.wire.LineFramer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads command lines and message content for {@link SmtpServer} and answers them (RFC 5321 §4.1 and §4.3.2,
 * RFC 3030, RFC 3207, RFC 4954, RFC 2033); the engine's state lives in {@link SmtpServer} and {@link Session}.
 */
final class CommandProcessor {

  private static final Reply BAD_SEQUENCE = Reply.of(503, "5.5.1", "Bad sequence of commands");
  private static final Reply NO_RECIPIENTS = Reply.of(554, "5.5.1", "No valid recipients");
  private static final Reply NOT_IMPLEMENTED = Reply.of(502, "5.5.1", "Command not implemented");
  private static final Reply UNRECOGNIZED = Reply.of(500, "5.5.2", "Command unrecognized");
  private static final Reply LINE_TOO_LONG = Reply.of(500, "5.5.2", "Line too long");

  private final SmtpServer s;
  private final Session session;
  private int commandMax;

  CommandProcessor(SmtpServer server) {
    this.s = server;
    this.session = server.session;
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
        return contentStep();
      case TLS_PENDING:
      case CLOSED:
        return false;
      default:
        return lineStep();
    }
  }

  // ------------------------------------------------------------------ content

  private boolean contentStep() {
    ByteBuffer slice = s.content.next(s.inbox);
    if (slice != null) {
      if (session.refusal == null && session.chunkDiscardReply == null && !s.content.oversize()
          && slice.hasRemaining()) {
        s.events.add(new SmtpServerEvent.DataChunk(slice));
      }
      return true;
    }
    if (!s.content.isEnded()) {
      return false;
    }
    if (s.state == ServerState.BDAT) {
      chunkEnded();
    } else {
      endOfContent();
    }
    return true;
  }

  private void chunkEnded() {
    if (session.chunkDiscardReply != null) {
      Reply r = session.chunkDiscardReply;
      session.chunkDiscardReply = null;
      s.content.reset();
      s.transition(session.stateBeforeChunk);
      error(r);
      return;
    }
    if (session.refusal == null && s.content.oversize()) {
      session.refusal = s.content.refusal();
    }
    if (session.chunkLast) {
      endOfContent();
      return;
    }
    s.transition(ServerState.CHUNKING);
    if (session.refusal != null) {
      s.write(session.refusal, true);
    } else {
      s.write(Reply.of(250, "2.0.0", session.chunkSize + " octets received"), true);
    }
  }

  private void endOfContent() {
    s.dataSyncMark = -1;
    Reply refusal = session.refusal != null ? session.refusal : s.content.refusal();
    if (refusal != null) {
      s.events.add(new SmtpServerEvent.DataAborted(refusal));
      s.write(refusal, true);
      finishTransaction();
      return;
    }
    MessageInfo info = new MessageInfo(s.content.size(), s.content.eightBit(), s.content.bareLineEnding(),
        session.chunked, session.recipients.size());
    decision(new SmtpServerEvent.DataEnd(info));
  }

  private void finishTransaction() {
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
    boolean auth = s.state == ServerState.AUTH;
    if (status == LineFramer.Status.LINE_TOO_LONG) {
      if (auth) {
        authStep(AuthExchange.failure(SaslFailure.RESPONSE_TOO_LONG));
      } else {
        error(LINE_TOO_LONG);
      }
      return true;
    }
    ByteBuffer line = s.framer.line();
    if (s.framer.lineHasBareLineEnding()) {
      if (auth) {
        authStep(AuthExchange.failure(SaslFailure.MALFORMED_RESPONSE));
      } else {
        Reply r = Reply.of(500, "5.5.2", "Bare CR or LF in command line");
        s.events.add(new SmtpServerEvent.ProtocolViolation(r, "bare CR or LF in a command line", false));
        error(r);
      }
      return true;
    }
    if (auth) {
      if (line.remaining() > s.config.limits().authLineLength()) {
        authStep(AuthExchange.failure(SaslFailure.RESPONSE_TOO_LONG));
      } else {
        authStep(session.auth.respond(line));
      }
      return true;
    }
    command(line);
    return true;
  }

  private void command(ByteBuffer line) {
    Verb verb = Verb.of(line);
    if (verb != Verb.AUTH && line.remaining() > commandMax) {
      error(LINE_TOO_LONG);
      return;
    }
    if (s.config.lmtp() ? verb == Verb.HELO || verb == Verb.EHLO : verb == Verb.LHLO) {
      verb = Verb.UNKNOWN;
    }
    if (verb == Verb.UNKNOWN) {
      error(UNRECOGNIZED);
      return;
    }
    if (verb == Verb.SEND || verb == Verb.SOML || verb == Verb.SAML || verb == Verb.TURN) {
      error(NOT_IMPLEMENTED);
      return;
    }
    String args = argument(line, verb);
    if (args == null) {
      error(Reply.of(501, "5.5.2", "Invalid UTF-8 in command"));
      return;
    }
    if (s.config.tlsRequired() && !session.tls && !EnumSet.of(Verb.HELO, Verb.EHLO, Verb.LHLO, Verb.STARTTLS,
        Verb.NOOP, Verb.RSET, Verb.QUIT).contains(verb)) {
      if (verb == Verb.BDAT) {
        bdatOutOfSequence(args, Reply.of(530, "5.7.0", "Must issue a STARTTLS command first"));
      } else {
        error(Reply.of(530, "5.7.0", "Must issue a STARTTLS command first"));
      }
      return;
    }
    if (!CommandTable.allows(s.state, verb)) {
      boolean noRecipients = s.state == ServerState.MAIL;
      if (verb == Verb.BDAT) {
        bdatOutOfSequence(args, noRecipients ? NO_RECIPIENTS : BAD_SEQUENCE);
      } else {
        error(verb == Verb.DATA && noRecipients ? NO_RECIPIENTS : BAD_SEQUENCE);
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
        data(args);
        break;
      case BDAT:
        bdat(args);
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
        auth(args);
        break;
      default:
        error(UNRECOGNIZED);
    }
  }

  /** The text after the verb and one space, trimmed of trailing spaces; UTF-8 when SMTPUTF8 is offered. */
  private String argument(ByteBuffer line, Verb verb) {
    int len = verb.length();
    if (line.remaining() <= len + 1) {
      return "";
    }
    ByteBuffer rest = line.duplicate();
    rest.position(line.position() + len + 1);
    String text;
    if (session.offered.contains(SmtpExtension.SMTPUTF8)) {
      try {
        text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(rest).toString();
      } catch (CharacterCodingException e) {
        return null;
      }
    } else {
      text = StandardCharsets.ISO_8859_1.decode(rest).toString();
    }
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == ' ') {
      end--;
    }
    return text.substring(0, end);
  }

  // ------------------------------------------------------------------ commands

  private void hello(HelloKind kind, String args) {
    String name = args.trim();
    int space = name.indexOf(' ');
    if (space >= 0) {
      name = name.substring(0, space);
    }
    if (name.isEmpty() || !validClientName(name)) {
      error(Reply.of(501, "5.5.4", name.isEmpty() ? "Syntax: " + kind + " hostname" : "Invalid domain name"),
          false);
      return;
    }
    if (session.inTransaction()) {
      s.events.add(new SmtpServerEvent.Reset()); // RFC 5321 §4.1.4: EHLO resets like RSET
      finishTransaction();
    }
    decision(new SmtpServerEvent.Hello(kind, name));
  }

  private static boolean validClientName(String name) {
    if (name.length() > 255) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
          || c == '-' || c == '_' || c == ':' || c == '[' || c == ']' || c > 0x7F && Character.isLetterOrDigit(c);
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private void mail(String args) {
    if (s.config.authRequired() && !session.authenticated()) {
      error(Reply.of(530, "5.7.0", "Authentication required"));
      return;
    }
    Parsed<SmtpServerEvent.MailFrom> p = EnvelopeCommands.mail(args, session.offered,
        s.config.limits().maxMessageSize(), session.authenticated());
    if (p.failed()) {
      error(p.error());
    } else {
      decision(p.value());
    }
  }

  private void rcpt(String args) {
    Parsed<SmtpServerEvent.RcptTo> p = EnvelopeCommands.rcpt(args, session.offered,
        session.mailParameters.smtpUtf8());
    if (p.failed()) {
      error(p.error());
    } else if (session.recipients.size() >= s.config.limits().maxRecipients()) {
      s.write(Reply.of(452, "4.5.3", "Too many recipients"), true);
    } else {
      decision(p.value());
    }
  }

  private void data(String args) {
    if (!args.isEmpty()) {
      error(Reply.of(501, "5.5.4", "Syntax: DATA"));
    } else if (session.mailParameters.body().orElse(null) == BodyType.BINARY_MIME) {
      error(Reply.of(503, "5.5.1", "BODY=BINARYMIME requires BDAT"));
    } else {
      decision(new SmtpServerEvent.DataStart(false));
    }
  }

  /** Parses {@code chunk-size [LAST]} (RFC 3030 §2) into {size, last ? 1 : 0}, or null. */
  private static long[] parseBdat(String args) {
    String[] parts = args.split(" ", -1);
    if (parts.length < 1 || parts.length > 2 || parts[0].isEmpty() || parts[0].length() > 18) {
      return null;
    }
    long n = 0;
    for (int i = 0; i < parts[0].length(); i++) {
      char c = parts[0].charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      n = n * 10 + (c - '0');
    }
    if (parts.length == 2 && !parts[1].equalsIgnoreCase("LAST")) {
      return null;
    }
    return new long[] {n, parts.length == 2 ? 1 : 0};
  }

  private void bdat(String args) {
    long[] p = parseBdat(args);
    if (p == null) {
      error(Reply.of(501, "5.5.4", "Syntax: BDAT chunk-size [LAST]"));
      return;
    }
    if (!session.offered.contains(SmtpExtension.CHUNKING)) {
      discardChunk(p, NOT_IMPLEMENTED);
      return;
    }
    session.chunkSize = p[0];
    session.chunkLast = p[1] == 1;
    if (s.state == ServerState.CHUNKING) {
      startChunk();
    } else {
      decision(new SmtpServerEvent.DataStart(true));
    }
  }

  private void bdatOutOfSequence(String args, Reply reply) {
    long[] p = parseBdat(args);
    if (p == null) {
      error(Reply.of(501, "5.5.4", "Syntax: BDAT chunk-size [LAST]"));
    } else {
      discardChunk(p, reply);
    }
  }

  /** RFC 3030 §2: the chunk's octets are read and discarded before the error reply, so framing holds. */
  private void discardChunk(long[] p, Reply reply) {
    session.chunkDiscardReply = reply;
    session.stateBeforeChunk = s.state;
    session.chunkSize = p[0];
    session.chunkLast = p[1] == 1;
    s.content.reset();
    s.content.startChunk(p[0], true);
    s.transition(ServerState.BDAT);
  }

  private void startChunk() {
    session.chunked = true;
    boolean binary = session.mailParameters.body().orElse(null) == BodyType.BINARY_MIME;
    s.content.startChunk(session.chunkSize, binary);
    s.transition(ServerState.BDAT);
  }

  private void rset(String args) {
    if (!junk()) {
      return;
    }
    if (!args.isEmpty()) {
      error(Reply.of(501, "5.5.4", "Syntax: RSET"));
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
      error(Reply.of(501, "5.5.4", "Syntax: QUIT"));
      return;
    }
    abortContent(null);
    s.write(Reply.of(221, "2.0.0", s.config.hostname() + " Service closing transmission channel"), true);
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
      s.write(cannotVerify(), true);
    }
  }

  private static Reply cannotVerify() {
    return Reply.of(252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery");
  }

  private void startTls(String args) {
    if (!args.isEmpty()) {
      error(Reply.of(501, "5.5.4", "Syntax error (no parameters allowed)"));
    } else if (session.tls) {
      error(Reply.of(554, "5.5.1", "TLS already active"));
    } else if (!s.config.tlsAvailable() || !s.config.extensions().contains(SmtpExtension.STARTTLS)) {
      error(NOT_IMPLEMENTED);
    } else {
      s.write(Reply.of(220, "2.0.0", "Ready to start TLS"), true);
      s.events.add(new SmtpServerEvent.StartTlsRequested());
      s.startTlsPause();
    }
  }

  private void auth(String args) {
    Optional<SaslServerMechanisms> registry = s.config.authMechanisms();
    if (registry.isEmpty() || !s.config.extensions().contains(SmtpExtension.AUTH)) {
      error(NOT_IMPLEMENTED);
      return;
    }
    if (session.authenticated() || session.kind == HelloKind.HELO) {
      error(session.authenticated() ? Reply.of(503, "5.5.1", "Already authenticated") : BAD_SEQUENCE);
      return;
    }
    String[] parts = args.split(" ", -1);
    if (args.isEmpty() || parts.length > 2 || parts[0].isEmpty() || parts[0].length() > 20) {
      error(Reply.of(501, "5.5.4", "Syntax: AUTH mechanism [initial-response]"));
      return;
    }
    String name = parts[0].toUpperCase(Locale.ROOT);
    if (parts.length == 2 && parts[1].length() > s.config.limits().authLineLength()) {
      error(AuthExchange.replyFor(SaslFailure.RESPONSE_TOO_LONG));
      return;
    }
    Optional<dev.missive.sasl.SaslServerMechanism> mechanism = registry.get().create(name);
    if (mechanism.isEmpty()) {
      error(Reply.of(504, "5.5.4", "Unrecognized authentication type"));
      return;
    }
    if (!session.tls && !s.config.plaintextAuthAllowed() && registry.get().requiresEncryption(name)) {
      error(AuthExchange.replyFor(SaslFailure.ENCRYPTION_REQUIRED));
      return;
    }
    session.auth = new AuthExchange(mechanism.get());
    authStep(session.auth.start(parts.length == 2 ? parts[1] : null));
  }

  private void authStep(AuthExchange.Step step) {
    if (!step.finished()) {
      s.writeRaw("334 " + step.challenge() + "\r\n");
      s.transition(ServerState.AUTH);
      return;
    }
    AuthExchange exchange = session.auth;
    session.auth = null;
    s.transition(ServerState.GREETED);
    if (step.success() != null) {
      session.mechanism = exchange.mechanismName();
      session.authorizationId = step.success().authorizationId();
      session.authenticationId = step.success().authenticationId();
      s.write(step.reply(), true);
      s.events.add(new SmtpServerEvent.AuthSucceeded(session.mechanism, session.authorizationId,
          session.authenticationId));
    } else {
      error(step.reply());
    }
  }

  // ------------------------------------------------------------------ decisions

  private void decision(SmtpServerEvent event) {
    s.pending = event;
    s.events.add(event);
  }

  /** Applies the host's answer to the pending event: {@code reply} null means the standard positive reply. */
  void decide(SmtpServerEvent event, Reply reply, List<Reply> perRecipient) {
    s.pending = null;
    boolean positive = perRecipient == null && (reply == null || reply.code() < 400);
    if (event instanceof SmtpServerEvent.Hello) {
      hello((SmtpServerEvent.Hello) event, positive ? reply : null, positive ? null : reply);
    } else if (event instanceof SmtpServerEvent.MailFrom) {
      if (positive) {
        SmtpServerEvent.MailFrom m = (SmtpServerEvent.MailFrom) event;
        session.reversePath = m.reversePath();
        session.mailParameters = m.parameters();
        s.transition(ServerState.MAIL);
      }
      s.write(reply == null ? Reply.ok() : reply, true);
    } else if (event instanceof SmtpServerEvent.RcptTo) {
      if (positive) {
        SmtpServerEvent.RcptTo r = (SmtpServerEvent.RcptTo) event;
        session.recipients.add(new Envelope.Recipient(r.forwardPath(), r.parameters()));
        s.transition(ServerState.RCPT);
      }
      s.write(reply == null ? Reply.ok() : reply, true);
    } else if (event instanceof SmtpServerEvent.DataStart) {
      dataStart(((SmtpServerEvent.DataStart) event).chunked(), positive, reply);
    } else if (event instanceof SmtpServerEvent.DataEnd) {
      dataEnd(reply, perRecipient);
    } else {
      s.write(reply == null ? cannotVerify() : reply, true);
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

  private void dataStart(boolean chunked, boolean positive, Reply reply) {
    if (chunked) {
      if (!positive) {
        session.refusal = reply;
      }
      startChunk();
      return;
    }
    if (!positive) {
      s.write(reply, true);
      return;
    }
    s.write(reply != null ? reply : Reply.of(354, "Start mail input; end with <CRLF>.<CRLF>"), false);
    s.content.startData();
    s.transition(ServerState.DATA);
    s.dataSyncMark = s.totalWritten();
    if (s.config.synchronizationCheck() && s.inbox.hasRemaining()) {
      abortContent(null);
      fatal(Reply.of(554, "5.5.0", "Error: SMTP protocol synchronization"), "message data sent before the 354 reply");
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

  private void error(Reply reply) {
    error(reply, true);
  }

  private void error(Reply reply, boolean enhanced) {
    s.write(reply, enhanced);
    if (++session.errors >= s.config.limits().maxErrors()) {
      abortContent(null);
      fatal(Reply.of(421, "4.7.0", s.config.hostname() + " Error: too many errors"), "too many errors");
    }
  }

  /** Counts a NOOP/RSET/VRFY/EXPN/HELP; false (and the session closed) past the limit. */
  private boolean junk() {
    if (++session.junk > s.config.limits().maxJunkCommands()) {
      abortContent(null);
      fatal(Reply.of(421, "4.7.0", s.config.hostname() + " Error: too many commands"), "too many commands");
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
