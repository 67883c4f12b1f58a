package dev.missive.smtp.client;

import dev.missive.smtp.BodyType;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.Recipient;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.client.internal.ContentWriter;
import dev.missive.wire.internal.CommandPipeline;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The mail transactions of the client engine (RFC 5321 §3.3): RSET between transactions, MAIL, RCPT and DATA, or
 * BDAT (RFC 3030 §2), grouped as pipelining allows (RFC 2920 §3.1), the streamed content, and one
 * {@link SmtpClientEvent.TransactionResult} per envelope.
 */
final class TransactionFlow {

  /** The most BDAT chunks in flight when pipelining. */
  private static final int MAX_BDAT_IN_FLIGHT = 16;

  private final ClientPort session;
  private final CommandPipeline<Command> pipe;
  private final int outputLimit;
  private final Duration dataBlock;
  private final boolean lmtp;
  private final ContentWriter content = new ContentWriter();
  private Transaction transaction;
  /** An envelope sent before the session was ready (before the greeting and EHLO), and its policy. */
  private Envelope held;
  private RecipientPolicy heldPolicy;
  private boolean needsReset;
  private boolean dataQueued;
  private int bdatInFlight;
  private boolean lastChunkDue;

  /**
   * Creates the flow over {@code pipe}, bounding queued content to {@code outputLimit} octets and the host's pauses
   * while it streams content to {@code dataBlock} (RFC 5321 §4.5.3.2.5); {@code lmtp} expects one reply per
   * accepted recipient after the data (RFC 2033 §4.2).
   */
  public TransactionFlow(ClientPort session, CommandPipeline<Command> pipe, int outputLimit, Duration dataBlock,
      boolean lmtp) {
    this.session = session;
    this.pipe = pipe;
    this.outputLimit = outputLimit;
    this.dataBlock = dataBlock;
    this.lmtp = lmtp;
  }

  /** Whether a transaction runs or an envelope waits for the session to be ready. */
  public boolean busy() {
    return transaction != null || held != null;
  }

  /** Keeps {@code envelope} until the session is ready and {@link #beginHeld} starts it. */
  public void hold(Envelope envelope, RecipientPolicy policy) {
    held = envelope;
    heldPolicy = policy;
  }

  /**
   * Starts the envelope {@link #hold} kept, or reports it not sent when the server cannot take it.
   *
   * @return whether a transaction started (false when none was kept or it was not sent)
   */
  public boolean beginHeld(EhloCapabilities caps, boolean tls, boolean chunkingAllowed) {
    Envelope envelope = held;
    RecipientPolicy policy = heldPolicy;
    held = null;
    heldPolicy = null;
    return envelope != null && begin(envelope, policy, caps, tls, chunkingAllowed);
  }

  private boolean begin(Envelope envelope, RecipientPolicy policy, EhloCapabilities caps, boolean tls,
      boolean chunkingAllowed) {
    boolean bdat = chunkingAllowed && caps.has(SmtpExtension.CHUNKING);
    EnvelopeWriter commands = new EnvelopeWriter(envelope, caps);
    String refusal = commands.refusal(tls, bdat);
    if (refusal != null) {
      session.event(Transaction.notSent(envelope, refusal));
      return false;
    }
    transaction = new Transaction(envelope, policy, commands, bdat);
    session.transition(SmtpClientState.ENVELOPE);
    if (needsReset) {
      pipe.queue(Command.RSET, "RSET", false);
    }
    needsReset = true;
    pipe.queue(Command.MAIL, commands.mail(), commands.utf8());
    for (Recipient r : envelope.recipients()) {
      pipe.queue(Command.RCPT, commands.rcpt(r), commands.utf8());
    }
    dataQueued = !bdat && policy != RecipientPolicy.ALL;
    if (dataQueued) {
      pipe.queue(Command.DATA, "DATA", false);
    }
    pipe.flush(session.pipelining(), Integer.MAX_VALUE);
    return true;
  }

  /** Handles the reply to RSET, MAIL, RCPT, DATA, a BDAT chunk or the end of data. */
  public void onReply(Command command, Reply reply) {
    switch (command) {
      case DATA -> onData(reply);
      case DATA_END, BDAT_LAST -> onFinalReply(reply);
      case BDAT -> onChunk(reply);
      default -> onEnvelope(command, reply);
    }
  }

  private void onEnvelope(Command command, Reply reply) {
    Transaction t = transaction;
    if (command == Command.RSET && !reply.isPositiveCompletion()) {
      session.failQuit(reply, "the server refused RSET");
      return;
    }
    if (command == Command.MAIL && !reply.isPositiveCompletion()) {
      t.fail(reply, "the server refused the sender");
    } else if (command == Command.MAIL) {
      t.priorityReply(reply);
    } else if (command == Command.RCPT) {
      SmtpClientEvent.RecipientResult result = t.recipientReply(reply);
      session.event(result);
      if (!result.accepted() && t.allRecipientsRequired() && !t.failed()) {
        t.fail(reply, "a recipient was refused and the envelope needs every recipient");
        pipe.dropQueued();
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
      pipe.dropQueued();
      finish(t.result(reply));
    } else if (!pipe.hasQueued() && t.allRecipientsAnswered()) {
      if (t.bdat()) {
        startContent(true);
      } else if (!dataQueued) {
        dataQueued = true;
        pipe.queue(Command.DATA, "DATA", false);
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
      if (lmtp && transaction.accepted() == 0) {
        lmtpDataWithoutRecipient(reply);
        return;
      }
      pipe.expect(Command.DATA_END);
      session.transition(SmtpClientState.DATA_END);
    } else {
      startContent(false);
    }
  }

  /**
   * An LMTP server must refuse DATA with 503 when no RCPT succeeded, and after the data it owes one reply per
   * accepted recipient (RFC 2033 §4.2): none here. Awaiting one would hold the session until the data timeout, and
   * a reply it sends anyway could not be placed; so the transaction ends now, refused, and the session with QUIT.
   */
  private void lmtpDataWithoutRecipient(Reply reply) {
    SmtpClientEvent.TransactionResult result = transaction.result(reply);
    transaction = null;
    session.event(result);
    session.failQuit(reply, "the LMTP server answered DATA with 354 although no recipient was accepted"
        + " (RFC 2033 §4.2)");
  }

  private void startContent(boolean bdat) {
    BodyType body = transaction.envelope().parameters().body().orElse(BodyType.SEVEN_BIT);
    content.start(bdat, body == BodyType.BINARY_MIME);
    bdatInFlight = 0;
    lastChunkDue = false;
    session.transition(SmtpClientState.CONTENT);
    session.event(new SmtpClientEvent.DataReady(bdat));
  }

  /** The reply after the data; under LMTP one per accepted recipient (RFC 2033 §4.2), the last one ends it. */
  private void onFinalReply(Reply reply) {
    if (lmtp && !transaction.failed() && transaction.accepted() > 0) {
      transaction.deliveryReply(reply);
      if (transaction.deliveriesDue() > 0) {
        return;
      }
    }
    finish(transaction.result(reply));
  }

  /** Awaits the reply (or, under LMTP, the replies) after the data. */
  private void expectFinalReplies(Command kind) {
    int replies = lmtp && !transaction.failed() ? Math.max(1, transaction.accepted()) : 1;
    for (int i = 0; i < replies; i++) {
      pipe.expect(kind);
    }
  }

  /**
   * The reply to a chunk. After a refused chunk no BDAT may follow (RFC 3030 §2), so once the chunks still in flight
   * are answered the transaction ends, without LAST and whether or not the host has ended its content: the host
   * learns it from the result during {@code receive} and stops streaming, with no call of its own to make.
   */
  private void onChunk(Reply reply) {
    bdatInFlight--;
    if (!reply.isPositiveCompletion()) {
      transaction.fail(reply, "the server refused a BDAT chunk");
    }
    if (transaction.failed()) {
      if (bdatInFlight == 0 && !pipe.awaiting(Command.BDAT_LAST)) {
        finish(transaction.result(null));
      }
    } else {
      sendLastChunkWhenDue();
    }
  }

  /**
   * Whether {@link #write(ByteBuffer)} will take a buffer now (the engine is in the content state): the output is
   * under its limit and, with BDAT, no chunk was refused (RFC 3030 §2) and another may go before the replies to
   * those in flight (one without pipelining, RFC 2920 §3.1).
   */
  public boolean canWrite() {
    return pipe.out().size() < outputLimit && (!content.isBdat()
        || !transaction.failed() && bdatInFlight < (session.pipelining() ? MAX_BDAT_IN_FLIGHT : 1));
  }

  /** Streams content, all of {@code in} or nothing; see {@code SmtpClient.writeContent}. */
  public void write(ByteBuffer in) {
    if (!canWrite()) {
      throw new IllegalStateException("writeContent while canWriteContent() is false: "
          + (pipe.out().size() >= outputLimit ? "drain the output first"
              : transaction.failed() ? "the server refused a BDAT chunk; the transaction ends without the rest"
                  : "wait for the replies to the BDAT chunks in flight"));
    }
    if (transaction.envelope().parameters().body().orElse(BodyType.SEVEN_BIT) == BodyType.SEVEN_BIT) {
      ContentWriter.requireSevenBit(in);
    }
    if (content.write(in, pipe.out()) > 0) {
      pipe.expect(Command.BDAT);
      bdatInFlight++;
    }
    pipe.streaming(dataBlock); // RFC 5321 §4.5.3.2.5; a reply awaited has its own timer
  }

  /** Ends the content; see {@code SmtpClient.endContent}. */
  public void end() {
    session.transition(SmtpClientState.DATA_END);
    if (content.isBdat()) {
      lastChunkDue = true;
      sendLastChunkWhenDue();
    } else {
      content.finish(pipe.out());
      expectFinalReplies(Command.DATA_END);
    }
  }

  /**
   * Sends BDAT LAST once every earlier chunk is answered, or at once when pipelining allows it (RFC 3030 §2,
   * RFC 2920 §3.1); never after a refused chunk (RFC 3030 §2, see {@link #onChunk}). Under LMTP it always waits:
   * how many replies LAST gets depends on whether the server still holds the transaction (one per accepted
   * recipient, RFC 2033 §4.2, or a single refusal after a refused chunk), so the client must know that before it
   * sends LAST, or a miscounted reply would be taken as the answer to the next command.
   */
  private void sendLastChunkWhenDue() {
    if (!lastChunkDue || (bdatInFlight > 0 && (!session.pipelining() || transaction.failed() || lmtp))) {
      return;
    }
    lastChunkDue = false;
    content.finish(pipe.out());
    expectFinalReplies(Command.BDAT_LAST);
  }

  private void finish(SmtpClientEvent.TransactionResult result) {
    session.event(result);
    transaction = null;
    session.ready();
  }

  /** Ends the running transaction, if any, because the session failed. */
  public void abort(Reply reply, String reason) {
    if (transaction != null) {
      session.event(transaction.aborted(reply, reason));
      transaction = null;
    }
    if (held != null) {
      session.event(Transaction.notSent(held, reason));
      held = null;
      heldPolicy = null;
    }
  }
}
