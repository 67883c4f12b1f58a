package dev.missive.smtp.client;

import dev.missive.smtp.BodyType;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.client.SmtpClientEvent.AuthFailed;
import dev.missive.smtp.client.SmtpClientEvent.Failed;
import dev.missive.smtp.client.internal.AuthExchange;
import dev.missive.smtp.client.internal.Command;
import dev.missive.smtp.client.internal.CommandPipe;
import dev.missive.smtp.client.internal.ContentWriter;
import dev.missive.smtp.client.internal.EnvelopeCommands;
import dev.missive.smtp.client.internal.ReplyReader;
import dev.missive.smtp.client.internal.Transaction;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.TlsInfo;
import java.nio.ByteBuffer;
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

  private final SmtpClientConfig config;
  private final CommandPipe pipe;
  private final ReplyReader reader;
  private final ContentWriter content = new ContentWriter();
  private final ArrayDeque<SmtpClientEvent> events = new ArrayDeque<>();
  private SmtpClientState state = SmtpClientState.GREETING;
  private EhloCapabilities capabilities;
  private boolean tls;
  private boolean tlsDeclined;
  private boolean authenticated;
  private AuthExchange auth;
  private Envelope waiting;
  private Transaction transaction;
  private boolean needsReset;
  private boolean dataQueued;
  private String verifying;
  private int bdatInFlight;
  private boolean quitRequested;
  private boolean failing;
  private boolean lastChunkDue;

  /** Creates an engine for one connection; it waits for the server's greeting (RFC 5321 §3.1). */
  public SmtpClient(SmtpClientConfig config, EngineEnvironment env) {
    this.config = config;
    SmtpClientLimits limits = config.limits();
    this.pipe = new CommandPipe(limits.maxUndrainedOutput(), env, config.timeouts());
    this.reader = new ReplyReader(limits.maxReplyLineLength(), limits.maxReplyLines(), limits.maxReplySize());
    this.tls = config.implicitTls();
    pipe.expect(Command.GREETING);
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
    requireIdle("send");
    if (state == SmtpClientState.READY) {
      begin(envelope);
    } else {
      waiting = envelope;
    }
  }

  /**
   * Asks the server to verify a user name or mailbox with VRFY (RFC 5321 §4.1.1.6); the answer comes as
   * {@link SmtpClientEvent.Verified}.
   *
   * @throws IllegalStateException    unless the session is {@link SmtpClientState#READY}
   * @throws IllegalArgumentException if {@code argument} is empty, not printable US-ASCII or holds CR, LF or NUL
   */
  public void verify(String argument) {
    requireIdle("verify");
    requireState(SmtpClientState.READY, "verify");
    if (argument.isEmpty() || !argument.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
      throw new IllegalArgumentException("VRFY argument must be printable US-ASCII");
    }
    verifying = argument;
    transition(SmtpClientState.VERIFY);
    pipe.send(Command.VRFY, "VRFY " + argument, false);
  }

  /** Whether {@link #writeContent(ByteBuffer)} will take bytes now. */
  public boolean canWriteContent() {
    return state == SmtpClientState.CONTENT && pipe.out().size() < config.limits().maxUndrainedOutput()
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
      ContentWriter.requireSevenBit(in);
    }
    if (content.isBdat() && transaction.failed()) {
      in.position(in.limit());
      return;
    }
    if (canWriteContent()) {
      int chunks = content.write(in, pipe.out(), config.limits().maxUndrainedOutput());
      for (int i = 0; i < chunks; i++) {
        pipe.expect(Command.BDAT);
        bdatInFlight++;
      }
      if (!pipe.awaiting()) {
        pipe.arm(true);
      }
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
    } else {
      content.finish(pipe.out());
      pipe.expect(Command.DATA_END);
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
    if (state == SmtpClientState.CLOSED) {
      throw new IllegalStateException("receive after the session closed");
    }
    while (in.hasRemaining() && state != SmtpClientState.CLOSED && !pipe.out().isOverLimit()) {
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
    if (state == SmtpClientState.QUIT) {
      close();
    } else if (state != SmtpClientState.CLOSED) {
      abort(null, "the server closed the connection in state " + state);
    }
  }

  @Override
  public boolean hasOutput() {
    return pipe.out().hasOutput();
  }

  @Override
  public void drainOutput(ByteBuffer buffer) {
    pipe.out().drainTo(buffer);
  }

  @Override
  public boolean wantsInput() {
    return state != SmtpClientState.CLOSED && state != SmtpClientState.TLS_HANDSHAKE && !pipe.out().isOverLimit();
  }

  @Override
  public OptionalLong nextDeadline() {
    return pipe.deadline();
  }

  @Override
  public void onTimeout() {
    if (state != SmtpClientState.CLOSED && pipe.due()) {
      Command head = pipe.peek();
      abort(null, "timed out " + (head == null ? "waiting for message content" : "waiting for the reply to " + head)
          + " (RFC 5321 §4.5.3.2)");
    }
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
    Command command = pipe.poll();
    if (command == null || reply.code() == 421 && command != Command.QUIT) {
      abort(reply, reply.code() == 421 ? "the server is closing the session" : "unexpected reply " + reply);
      return;
    }
    if (command == Command.QUIT) {
      close();
      return;
    }
    if (!failing) {
      dispatch(command, reply);
      if (!failing) {
        pipe.flush(pipelining(), transaction != null && transaction.commands().utf8());
      }
    }
    pipe.arm(state == SmtpClientState.CONTENT);
  }

  private void dispatch(Command command, Reply reply) {
    switch (command) {
      case GREETING -> onGreeting(reply);
      case EHLO -> onEhlo(reply);
      case HELO -> onHelo(reply);
      case STARTTLS -> onStartTls(reply);
      case AUTH -> onAuth(reply);
      case VRFY -> {
        events.add(new SmtpClientEvent.Verified(verifying, reply));
        ready();
      }
      case RSET, MAIL, RCPT, DATA -> onEnvelope(command, reply);
      default -> onContentReply(command, reply); // BDAT, BDAT_LAST, DATA_END
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
    pipe.send(Command.EHLO, "EHLO " + config.ehloName(), false);
  }

  private void onEhlo(Reply reply) {
    if (reply.isPositiveCompletion()) {
      capabilitiesKnown(EhloCapabilities.parse(reply));
    } else if (reply.code() == 500 || reply.code() == 502) {
      transition(SmtpClientState.HELO);
      pipe.send(Command.HELO, "HELO " + config.ehloName(), false);
    } else {
      failQuit(reply, "the server refused EHLO");
    }
  }

  private void onHelo(Reply reply) {
    if (reply.isPositiveCompletion()) {
      capabilitiesKnown(EhloCapabilities.none(EhloCapabilities.parse(reply).domain()));
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
      pipe.send(Command.STARTTLS, "STARTTLS", false);
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
    pipe.send(Command.AUTH, auth.command(), false);
  }

  private void onAuth(Reply reply) {
    if (reply.code() == 334) {
      pipe.send(Command.AUTH, auth.respond(reply), false);
      return;
    }
    String name = auth.name();
    String failure = auth.failure(reply);
    auth = null;
    if (failure == null) {
      authenticated = true;
      events.add(new SmtpClientEvent.Authenticated(name));
      afterHello();
    } else {
      events.add(new AuthFailed(name, Optional.of(reply), failure));
      failQuit(reply, "authentication failed: " + failure);
    }
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
    if (needsReset) {
      pipe.queue(Command.RSET, "RSET");
    }
    needsReset = true;
    pipe.queue(Command.MAIL, commands.mail());
    for (Recipient r : envelope.recipients()) {
      pipe.queue(Command.RCPT, commands.rcpt(r));
    }
    dataQueued = !bdat && !envelope.allRecipientsRequired();
    if (dataQueued) {
      pipe.queue(Command.DATA, "DATA");
    }
    pipe.flush(pipelining(), commands.utf8());
  }

  private void onEnvelope(Command command, Reply reply) {
    Transaction t = transaction;
    if (command == Command.DATA) {
      onData(reply);
      return;
    }
    if (command == Command.RSET && !reply.isPositiveCompletion()) {
      failQuit(reply, "the server refused RSET");
      return;
    }
    if (command == Command.MAIL && !reply.isPositiveCompletion()) {
      t.fail(reply, "the server refused the sender");
    } else if (command == Command.RCPT) {
      SmtpClientEvent.RecipientResult result = t.recipientReply(reply);
      events.add(result);
      if (!result.accepted() && t.envelope().allRecipientsRequired() && !t.failed()) {
        t.fail(reply, "a recipient was refused and the envelope needs every recipient");
        pipe.clearQueued();
        pipe.send(Command.RSET, "RSET", false); // RFC 5321 Appendix D.2
        needsReset = false;
      } else if (t.allRecipientsAnswered() && t.accepted() == 0) {
        t.fail(reply, "the server accepted no recipient");
      }
    }
    if (pipe.awaiting()) {
      return;
    }
    if (t.failed()) {
      pipe.clearQueued();
      finish(t.result(reply));
    } else if (!pipe.hasQueued() && t.allRecipientsAnswered()) {
      if (t.bdat()) {
        startContent(true);
      } else if (!dataQueued) {
        dataQueued = true;
        pipe.queue(Command.DATA, "DATA");
      }
    }
  }

  private void onData(Reply reply) {
    if (reply.code() != 354) {
      transaction.fail(reply, "the server refused DATA");
      if (!pipe.awaiting()) {
        finish(transaction.result(reply));
      }
    } else if (transaction.failed()) {
      pipe.out().writeAscii(".\r\n"); // RFC 2920 §3.1: 354 although no recipient was accepted; send no content
      pipe.expect(Command.DATA_END);
      transition(SmtpClientState.DATA_END);
    } else {
      startContent(false);
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
    if (command == Command.DATA_END || command == Command.BDAT_LAST) {
      finish(transaction.result(reply));
      return;
    }
    bdatInFlight--;
    if (!reply.isPositiveCompletion()) {
      transaction.fail(reply, "the server refused a BDAT chunk");
    }
    sendLastChunkWhenDue();
  }

  /** Sends BDAT LAST once every earlier chunk is answered or pipelining allows it; ends a failed transaction. */
  private void sendLastChunkWhenDue() {
    if (!lastChunkDue || (bdatInFlight > 0 && (!pipelining() || transaction.failed()))) {
      return;
    }
    lastChunkDue = false;
    if (transaction.failed()) {
      finish(transaction.result(null));
    } else {
      content.finish(pipe.out());
      pipe.expect(Command.BDAT_LAST);
    }
  }

  private void finish(SmtpClientEvent.TransactionResult result) {
    events.add(result);
    transaction = null;
    ready();
  }

  // ---- failing, closing ----------------------------------------------------------------------------------------

  private boolean pipelining() {
    return config.pipelining() && capabilities != null && capabilities.has(SmtpExtension.PIPELINING);
  }

  private void sendQuit() {
    transition(SmtpClientState.QUIT);
    pipe.send(Command.QUIT, "QUIT", false);
  }

  /** Reports a failure and ends the session politely with QUIT; later replies to earlier commands are ignored. */
  private void failQuit(Reply reply, String reason) {
    events.add(new Failed(Optional.ofNullable(reply), reason));
    endTransactions(reply, reason);
    failing = true;
    pipe.clearQueued();
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
    pipe.clear();
    transition(SmtpClientState.CLOSED);
    events.add(new SmtpClientEvent.Closed());
  }

  private void transition(SmtpClientState to) {
    state = to;
  }

  private void requireIdle(String operation) {
    if (state == SmtpClientState.CLOSED || state == SmtpClientState.QUIT || quitRequested) {
      throw new IllegalStateException(operation + " is not allowed in state " + state
          + (quitRequested ? " after quit()" : ""));
    }
    if (transaction != null || waiting != null || verifying != null && state == SmtpClientState.VERIFY) {
      throw new IllegalStateException(operation + " is not allowed while a transaction or VRFY runs (state "
          + state + ")");
    }
  }

  private void requireState(SmtpClientState expected, String operation) {
    if (state != expected) {
      throw new IllegalStateException(operation + " is not allowed in state " + state);
    }
  }
}
