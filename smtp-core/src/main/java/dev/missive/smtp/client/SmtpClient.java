package dev.missive.smtp.client;

import dev.missive.smtp.BodyType;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.client.SmtpClientEvent.AuthFailed;
import dev.missive.smtp.client.SmtpClientEvent.Failed;
import dev.missive.smtp.client.internal.AuthExchange;
import dev.missive.smtp.client.internal.Command;
import dev.missive.smtp.client.internal.ContentWriter;
import dev.missive.smtp.client.internal.EnvelopeCommands;
import dev.missive.smtp.client.internal.ReplyReader;
import dev.missive.smtp.client.internal.Transaction;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.OutputQueue;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.TlsInfo;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The sans-IO SMTP client engine (RFC 5321 §3–§4, with RFC 3207 STARTTLS, RFC 4954 AUTH, RFC 2920 PIPELINING,
 * RFC 3030 CHUNKING, RFC 1870 SIZE, RFC 6152 8BITMIME, RFC 6531 SMTPUTF8, RFC 3461 DSN and RFC 8689 REQUIRETLS).
 *
 * <p>The engine greets, reads the capabilities, upgrades to TLS and authenticates as its {@link SmtpClientConfig}
 * says, then runs the transactions the host submits with {@link #send(Envelope)}; the host streams each message's
 * content after {@link SmtpClientEvent.DataReady} and reads the outcome from {@link SmtpClientEvent.TransactionResult}.
 * Bytes move through the {@link ProtocolEngine} contract. Replies are matched to commands in order, so pipelined
 * groups (RFC 2920 §3.1: RSET, MAIL, every RCPT and DATA; STARTTLS and AUTH always end a group) need no special
 * case. A reply the engine cannot parse, a 421, a timeout, or any byte after the 220 to STARTTLS (SECURITY.md
 * item 11) ends the session at once; other fatal replies end it with QUIT.
 */
public final class SmtpClient implements ProtocolEngine {

  /** The most BDAT chunks in flight when pipelining. */
  private static final int MAX_BDAT_IN_FLIGHT = 16;

  private record Queued(Command kind, String line) {
  }

  private final SmtpClientConfig config;
  private final EngineEnvironment env;
  private final OutputQueue out;
  private final ReplyReader reader;
  private final ContentWriter content = new ContentWriter();
  private final ArrayDeque<Command> pending = new ArrayDeque<>();
  private final ArrayDeque<Queued> queued = new ArrayDeque<>();
  private final ArrayDeque<SmtpClientEvent> events = new ArrayDeque<>();
  private SmtpClientState state = SmtpClientState.GREETING;
  private EhloCapabilities capabilities;
  private boolean tls;
  private boolean tlsDeclined;
  private boolean authenticated;
  private AuthExchange auth;
  private Envelope waiting;
  private Transaction transaction;
  private int transactions;
  private int bdatInFlight;
  private boolean quitRequested;
  private boolean failing;
  private boolean lastChunkDue;
  private long deadline;
  private boolean hasDeadline;

  /** Creates an engine for one connection; it waits for the server's greeting (RFC 5321 §3.1). */
  public SmtpClient(SmtpClientConfig config, EngineEnvironment env) {
    this.config = config;
    this.env = env;
    SmtpClientLimits limits = config.limits();
    this.out = new OutputQueue(limits.maxUndrainedOutput());
    this.reader = new ReplyReader(limits.maxReplyLineLength(), limits.maxReplyLines(), limits.maxReplySize());
    this.tls = config.implicitTls();
    pending.add(Command.GREETING);
    arm();
  }

  // ---- host API ------------------------------------------------------------------------------------------------

  /** The next event, or {@code null} when there is none. */
  public SmtpClientEvent nextEvent() {
    return events.poll();
  }

  /** Where the session stands. */
  public SmtpClientState state() {
    return state;
  }

  /** The capabilities of the last EHLO/HELO reply; empty before it and after the TLS handshake until the next. */
  public Optional<EhloCapabilities> capabilities() {
    return Optional.ofNullable(capabilities);
  }

  /**
   * Submits a transaction; it starts once the session is ready (after the greeting, EHLO, STARTTLS and AUTH).
   *
   * @throws IllegalStateException if a transaction is already submitted or running, or the session is ending
   */
  public void send(Envelope envelope) {
    if (state == SmtpClientState.CLOSED || state == SmtpClientState.QUIT || quitRequested) {
      throw new IllegalStateException("cannot send in state " + state + (quitRequested ? " after quit()" : ""));
    }
    if (transaction != null || waiting != null) {
      throw new IllegalStateException("a transaction is already in progress (state " + state + ")");
    }
    if (state == SmtpClientState.READY) {
      begin(envelope);
    } else {
      waiting = envelope;
    }
  }

  /** Whether {@link #writeContent(ByteBuffer)} will take bytes now. */
  public boolean canWriteContent() {
    return state == SmtpClientState.CONTENT && !out.isOverLimit()
        && (!content.isBdat() || transaction.failed() || (pipelining() ? bdatInFlight < MAX_BDAT_IN_FLIGHT
            : bdatInFlight == 0));
  }

  /**
   * Streams message content: consumes what fits below the output limit (advancing {@code in}); the host drains
   * and calls again with what is left. After DATA the bytes are CRLF-canonicalised and dot-stuffed; with BDAT each
   * call sends at most one chunk. After a refused BDAT chunk the rest is discarded (RFC 3030 §2).
   *
   * @throws IllegalStateException    if no content is expected now
   * @throws IllegalArgumentException if {@code in} holds an 8-bit octet and the envelope did not declare
   *                                  {@code BODY=8BITMIME} or {@code BINARYMIME} (nothing of it is written)
   */
  public void writeContent(ByteBuffer in) {
    requireState(SmtpClientState.CONTENT, "writeContent");
    if (transaction.envelope().parameters().body().orElse(BodyType.SEVEN_BIT) == BodyType.SEVEN_BIT) {
      for (int i = in.position(); i < in.limit(); i++) {
        if (in.get(i) < 0) {
          throw new IllegalArgumentException("8-bit octet at " + i + " in a body not declared BODY=8BITMIME");
        }
      }
    }
    if (content.isBdat() && transaction.failed()) {
      in.position(in.limit());
      return;
    }
    if (!canWriteContent()) {
      return;
    }
    boolean wasIdle = pending.isEmpty();
    int chunks = content.write(in, out, config.limits().maxUndrainedOutput());
    for (int i = 0; i < chunks; i++) {
      pending.add(Command.BDAT);
      bdatInFlight++;
    }
    if (wasIdle) {
      arm();
    }
  }

  /**
   * Ends the message content: the final dot after DATA, or {@code BDAT n LAST}.
   *
   * @throws IllegalStateException if no content is expected now
   */
  public void endContent() {
    requireState(SmtpClientState.CONTENT, "endContent");
    transition(SmtpClientState.DATA_END);
    if (content.isBdat()) {
      lastChunkDue = true;
      sendLastChunkWhenDue();
      return;
    }
    boolean wasIdle = pending.isEmpty();
    content.finish(out);
    pending.add(Command.DATA_END);
    if (wasIdle) {
      arm();
    }
  }

  /** Ends the session with QUIT once the current transaction (if any) is over; idempotent. */
  public void quit() {
    if (state == SmtpClientState.CLOSED || state == SmtpClientState.QUIT) {
      return;
    }
    quitRequested = true;
    if (state == SmtpClientState.READY) {
      sendQuit();
    }
  }

  // ---- ProtocolEngine ------------------------------------------------------------------------------------------

  @Override
  public void receive(ByteBuffer in) {
    requireOpen("receive");
    while (in.hasRemaining() && state != SmtpClientState.CLOSED && !out.isOverLimit()) {
      if (state == SmtpClientState.TLS_HANDSHAKE) {
        abort(null, "the server sent bytes after its 220 reply to STARTTLS (RFC 3207 §5)");
        return;
      }
      Reply reply = reader.next(in);
      if (reply == null) {
        if (reader.error() != null) {
          abort(null, "protocol error: " + reader.error());
        }
        return;
      }
      onReply(reply);
    }
  }

  @Override
  public void receiveEnd() {
    if (state == SmtpClientState.CLOSED) {
      return;
    }
    if (state == SmtpClientState.QUIT) {
      close();
    } else {
      abort(null, "the server closed the connection in state " + state);
    }
  }

  @Override
  public boolean hasOutput() {
    return out.hasOutput();
  }

  @Override
  public void drainOutput(ByteBuffer buffer) {
    out.drainTo(buffer);
  }

  @Override
  public boolean wantsInput() {
    return state != SmtpClientState.CLOSED && state != SmtpClientState.TLS_HANDSHAKE && !out.isOverLimit();
  }

  @Override
  public OptionalLong nextDeadline() {
    return hasDeadline ? OptionalLong.of(deadline) : OptionalLong.empty();
  }

  @Override
  public void onTimeout() {
    if (state == SmtpClientState.CLOSED || !hasDeadline || env.now() - deadline < 0) {
      return;
    }
    Command head = pending.peek();
    abort(null, "timed out " + (head == null ? "waiting for message content" : "waiting for the reply to " + head)
        + " (RFC 5321 §4.5.3.2)");
  }

  @Override
  public boolean tlsRequested() {
    return state == SmtpClientState.TLS_HANDSHAKE;
  }

  @Override
  public void tlsEstablished(TlsInfo info) {
    requireState(SmtpClientState.TLS_HANDSHAKE, "tlsEstablished");
    tls = true;
    capabilities = null;
    reader.reset();
    hello();
  }

  @Override
  public boolean isClosed() {
    return state == SmtpClientState.CLOSED;
  }

  // ---- replies -------------------------------------------------------------------------------------------------

  private void onReply(Reply reply) {
    Command command = pending.poll();
    if (command == null) {
      abort(reply, reply.code() == 421 ? "the server is closing the session" : "unexpected reply " + reply);
      return;
    }
    if (command == Command.QUIT || reply.code() == 421) {
      if (command != Command.QUIT) {
        abort(reply, "the server is closing the session");
      } else {
        close();
      }
      return;
    }
    if (!failing) {
      dispatch(command, reply);
      flush();
    }
    arm();
  }

  private void dispatch(Command command, Reply reply) {
    switch (command) {
      case GREETING -> onGreeting(reply);
      case EHLO -> onEhlo(reply);
      case HELO -> onHelo(reply);
      case STARTTLS -> onStartTls(reply);
      case AUTH -> onAuth(reply);
      case RSET, MAIL, RCPT, DATA -> onEnvelope(command, reply);
      case BDAT, BDAT_LAST, DATA_END -> onContentReply(command, reply);
      default -> throw new IllegalStateException("no handler for " + command);
    }
  }

  private void onGreeting(Reply reply) {
    if (reply.code() != 220) {
      failQuit(reply, "the server refused the session");
      return;
    }
    events.add(new SmtpClientEvent.Greeted(reply));
    hello();
  }

  private void hello() {
    transition(SmtpClientState.EHLO);
    sendNow(Command.EHLO, "EHLO " + config.ehloName());
  }

  private void onEhlo(Reply reply) {
    if (reply.isPositiveCompletion()) {
      capabilitiesKnown(EhloCapabilities.parse(reply));
    } else if (reply.code() == 500 || reply.code() == 502) {
      transition(SmtpClientState.HELO);
      sendNow(Command.HELO, "HELO " + config.ehloName());
    } else {
      failQuit(reply, "the server refused EHLO");
    }
  }

  private void onHelo(Reply reply) {
    if (reply.isPositiveCompletion()) {
      String first = reply.lines().get(0).trim();
      capabilitiesKnown(EhloCapabilities.none(first.isEmpty() ? "" : first.split(" ")[0]));
    } else {
      failQuit(reply, "the server refused HELO");
    }
  }

  private void capabilitiesKnown(EhloCapabilities caps) {
    capabilities = caps;
    events.add(new SmtpClientEvent.CapabilitiesKnown(caps, tls));
    afterHello();
  }

  private void afterHello() {
    if (!tls && config.tlsPolicy() != TlsPolicy.NONE && !tlsDeclined && capabilities.has(SmtpExtension.STARTTLS)) {
      transition(SmtpClientState.STARTTLS);
      sendNow(Command.STARTTLS, "STARTTLS");
    } else if (!tls && config.tlsPolicy() == TlsPolicy.REQUIRED) {
      failQuit(null, "TLS is required and the server does not offer STARTTLS");
    } else if (config.authentication().isPresent() && !authenticated) {
      startAuth();
    } else {
      ready();
    }
  }

  private void onStartTls(Reply reply) {
    if (reply.code() == 220) {
      transition(SmtpClientState.TLS_HANDSHAKE);
      events.add(new SmtpClientEvent.TlsRequested());
    } else if (config.tlsPolicy() == TlsPolicy.REQUIRED) {
      failQuit(reply, "TLS is required and the server refused STARTTLS");
    } else {
      tlsDeclined = true;
      afterHello();
    }
  }

  private void startAuth() {
    AuthExchange exchange = new AuthExchange(config.authentication().orElseThrow().get());
    if (!capabilities.authMechanisms().contains(exchange.name().toUpperCase(Locale.ROOT))) {
      events.add(new AuthFailed(exchange.name(), Optional.empty(), "the server does not offer " + exchange.name()));
      failQuit(null, "authentication is configured and the server does not offer " + exchange.name());
      return;
    }
    auth = exchange;
    transition(SmtpClientState.AUTH);
    sendNow(Command.AUTH, auth.command());
  }

  private void onAuth(Reply reply) {
    if (reply.code() == 334) {
      sendNow(Command.AUTH, auth.respond(reply));
      return;
    }
    String name = auth.name();
    if (reply.code() == 235 && auth.mechanismComplete()) {
      authenticated = true;
      auth = null;
      events.add(new SmtpClientEvent.Authenticated(name));
      afterHello();
      return;
    }
    String reason = reply.code() == 235 ? "the server reported success before the mechanism completed"
        : auth.cancelReason() != null ? "cancelled: " + auth.cancelReason() : "the server refused authentication";
    auth = null;
    events.add(new AuthFailed(name, Optional.of(reply), reason));
    failQuit(reply, "authentication failed: " + reason);
  }

  private void ready() {
    transition(SmtpClientState.READY);
    if (quitRequested) {
      sendQuit();
    } else if (waiting != null) {
      Envelope next = waiting;
      waiting = null;
      begin(next);
    } else {
      events.add(new SmtpClientEvent.Ready());
    }
  }

  // ---- transactions --------------------------------------------------------------------------------------------

  private void begin(Envelope envelope) {
    boolean bdat = config.chunking() && capabilities.has(SmtpExtension.CHUNKING);
    EnvelopeCommands commands = new EnvelopeCommands(envelope, capabilities);
    String refusal = commands.refusal(tls, bdat);
    if (refusal != null) {
      events.add(Transaction.notSent(envelope, refusal));
      ready();
      return;
    }
    transaction = new Transaction(envelope, commands, bdat);
    transition(SmtpClientState.ENVELOPE);
    if (transactions++ > 0) {
      queued.add(new Queued(Command.RSET, "RSET"));
    }
    queued.add(new Queued(Command.MAIL, commands.mail()));
    for (Recipient r : envelope.recipients()) {
      queued.add(new Queued(Command.RCPT, commands.rcpt(r)));
    }
    if (!bdat) {
      queued.add(new Queued(Command.DATA, "DATA"));
    }
    flush();
  }

  private void onEnvelope(Command command, Reply reply) {
    Transaction t = transaction;
    switch (command) {
      case RSET -> {
        if (!reply.isPositiveCompletion()) {
          failQuit(reply, "the server refused RSET");
          return;
        }
      }
      case MAIL -> {
        if (!reply.isPositiveCompletion()) {
          t.fail(reply, "the server refused the sender");
        }
      }
      case RCPT -> {
        events.add(t.recipientReply(reply));
        if (t.allRecipientsAnswered() && t.accepted() == 0) {
          t.fail(reply, "the server accepted no recipient");
        }
      }
      default -> { // DATA
        if (reply.code() == 354) {
          if (t.failed()) {
            out.writeAscii(".\r\n"); // RFC 2920 §3.1: the server took DATA without a valid recipient
            pending.add(Command.DATA_END);
            transition(SmtpClientState.DATA_END);
          } else {
            startContent(false);
          }
          return;
        }
        t.fail(reply, "the server refused DATA");
      }
    }
    if (!pending.isEmpty()) {
      return;
    }
    if (t.failed()) {
      queued.clear();
      finish(t.result(reply));
    } else if (queued.isEmpty() && t.bdat() && t.allRecipientsAnswered()) {
      startContent(true);
    }
  }

  private void startContent(boolean bdat) {
    BodyType body = transaction.envelope().parameters().body().orElse(BodyType.SEVEN_BIT);
    content.start(bdat, body == BodyType.BINARY_MIME);
    bdatInFlight = 0;
    lastChunkDue = false;
    transition(SmtpClientState.CONTENT);
    events.add(new SmtpClientEvent.DataReady(bdat));
  }

  private void onContentReply(Command command, Reply reply) {
    Transaction t = transaction;
    if (command == Command.DATA_END || command == Command.BDAT_LAST) {
      finish(t.result(reply));
      return;
    }
    bdatInFlight--;
    if (!reply.isPositiveCompletion()) {
      t.fail(reply, "the server refused a BDAT chunk");
    }
    sendLastChunkWhenDue();
  }

  /** Sends BDAT LAST once every earlier chunk is answered or pipelining allows it; ends a failed transaction. */
  private void sendLastChunkWhenDue() {
    if (!lastChunkDue || (!pipelining() && bdatInFlight > 0)) {
      return;
    }
    if (transaction.failed()) {
      if (bdatInFlight == 0) {
        lastChunkDue = false;
        finish(transaction.result(null));
      }
      return;
    }
    lastChunkDue = false;
    boolean wasIdle = pending.isEmpty();
    content.finish(out);
    pending.add(Command.BDAT_LAST);
    if (wasIdle) {
      arm();
    }
  }

  private void finish(SmtpClientEvent.TransactionResult result) {
    events.add(result);
    transaction = null;
    ready();
  }

  // ---- sending, failing, closing -------------------------------------------------------------------------------

  private boolean pipelining() {
    return config.pipelining() && capabilities != null && capabilities.has(SmtpExtension.PIPELINING);
  }

  private void flush() {
    while (!queued.isEmpty() && (pending.isEmpty() || pipelining()) && !failing) {
      Queued q = queued.poll();
      sendNow(q.kind(), q.line());
    }
  }

  private void sendNow(Command kind, String line) {
    boolean wasIdle = pending.isEmpty();
    if (transaction != null && transaction.commands().utf8()) {
      out.writeUtf8(line);
    } else {
      out.writeAscii(line);
    }
    out.writeAscii("\r\n");
    pending.add(kind);
    if (wasIdle) {
      arm();
    }
  }

  private void sendQuit() {
    transition(SmtpClientState.QUIT);
    sendNow(Command.QUIT, "QUIT");
  }

  /** Reports a failure and ends the session politely with QUIT; later replies to earlier commands are ignored. */
  private void failQuit(Reply reply, String reason) {
    events.add(new Failed(Optional.ofNullable(reply), reason));
    endTransactions(reply, reason);
    failing = true;
    queued.clear();
    sendQuit();
  }

  /** Reports a failure and ends the session at once, without another command. */
  private void abort(Reply reply, String reason) {
    events.add(new Failed(Optional.ofNullable(reply), reason));
    endTransactions(reply, reason);
    close();
  }

  private void endTransactions(Reply reply, String reason) {
    if (transaction != null) {
      events.add(transaction.aborted(reply, reason));
      transaction = null;
    }
    if (waiting != null) {
      events.add(Transaction.notSent(waiting, reason));
      waiting = null;
    }
  }

  private void close() {
    failing = true;
    queued.clear();
    pending.clear();
    transition(SmtpClientState.CLOSED);
    hasDeadline = false;
    events.add(new SmtpClientEvent.Closed());
  }

  private void transition(SmtpClientState to) {
    state = to;
  }

  /** Starts the timer of the oldest unanswered command, or of the content the host streams. */
  private void arm() {
    Command head = pending.peek();
    SmtpClientTimeouts t = config.timeouts();
    Duration timeout = head == null ? (state == SmtpClientState.CONTENT ? t.dataBlock() : null)
        : switch (head) {
          case GREETING -> t.greeting();
          case MAIL -> t.mail();
          case RCPT -> t.rcpt();
          case DATA -> t.dataInitiation();
          case DATA_END, BDAT, BDAT_LAST -> t.dataTermination();
          default -> t.command();
        };
    hasDeadline = timeout != null && state != SmtpClientState.CLOSED;
    if (hasDeadline) {
      deadline = env.now() + timeout.toNanos();
    }
  }

  private void requireOpen(String operation) {
    if (state == SmtpClientState.CLOSED) {
      throw new IllegalStateException(operation + " after the session closed");
    }
  }

  private void requireState(SmtpClientState expected, String operation) {
    if (state != expected) {
      throw new IllegalStateException(operation + " is not allowed in state " + state);
    }
  }
}
