package dev.missive.smtp.server;

import dev.missive.smtp.Reply;
import dev.missive.smtp.server.internal.BdatCommand;
import dev.missive.smtp.server.internal.ContentReceiver;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Message content: DATA with dot transparency (RFC 5321 §4.1.1.4, §4.5.2) and BDAT chunks (RFC 3030 §2) through
 * {@link ContentReceiver}, and what the end of the content means (the checks after the real end, a chunk's reply,
 * the message's end). Each step says what it found as a {@link Result} that {@link SmtpServer} applies; content is
 * handed on as views of the input, never copied (docs/architecture.md, "Streamed message data").
 *
 * <p>Nothing is allocated per piece of content: the receiver repositions one view of the host's buffer, and the
 * {@link SmtpServerEvent.DataChunk} events over it are made once and reused. A piece's lifetime ends when the host
 * takes its next event ({@link #handOut} empties its view) or hands in more input (the view moves to the next
 * piece); pieces kept until the message ends all read as empty, a misuse no test can miss.
 */
final class ContentPhase {

  /** What one step through the content found. */
  sealed interface Result {

    /** Octets of the message, reported as {@code chunk} (made once and reused, see {@link ContentPhase}). */
    record Content(SmtpServerEvent.DataChunk chunk) implements Result {
    }

    /** Octets read and dropped (a refused message, a discarded chunk): nothing to report. */
    record Dropped() implements Result {
    }

    /** A BDAT chunk other than the last was read: {@code reply} answers it; the session waits for the next. */
    record ChunkRead(Reply reply, boolean refusal) implements Result {
    }

    /** A refused BDAT's octets were read: {@code reply} answers it and the session returns to {@code resumeIn}. */
    record Discarded(Reply reply, ServerState resumeIn) implements Result {
    }

    /** The message ended and is refused (too long, a bad line ending, oversized, refused at its first chunk). */
    record Refused(Reply reply, boolean smuggling) implements Result {
    }

    /** The message ended intact: the host decides on it. */
    record Ended(ReceivedContent info) implements Result {
    }
  }

  private static final Result DROPPED = new Result.Dropped();

  private final ContentReceiver receiver;
  /** The content results made so far, for each buffer the receiver returns and each 8-bit flag (at most 3 × 2). */
  private final Result.Content[] made = new Result.Content[6];
  private int nextMade;
  /** The piece of content the host holds through its last event, until its next call into the engine. */
  private ByteBuffer handedOut;

  ContentPhase(SmtpServerConfig config) {
    SmtpLimits limits = config.limits();
    this.receiver = new ContentReceiver(config.bareLineEndings(), limits.textLineLength(), limits.maxMessageSize());
  }

  /**
   * Passes on the event the host takes next ({@link SmtpServer#nextEvent()}): the content piece of the event it
   * took before stops being valid (emptied), and a {@link SmtpServerEvent.DataChunk} now handed out is remembered.
   *
   * @param next the event being handed to the host, or null
   * @return {@code next}
   */
  SmtpServerEvent handOut(SmtpServerEvent next) {
    expire();
    if (next instanceof SmtpServerEvent.DataChunk c) {
      handedOut = c.bytes();
    }
    return next;
  }

  /** Empties the piece the host was handed, if any: its lifetime ended with this call into the engine. */
  private void expire() {
    if (handedOut != null) {
      handedOut.limit(0);
      handedOut = null;
    }
  }

  /** The content result for {@code piece}: the one made before for this buffer and flag, or a new one kept. */
  private Result content(ByteBuffer piece, boolean eightBit) {
    for (Result.Content c : made) {
      if (c != null && c.chunk().bytes() == piece && c.chunk().eightBit() == eightBit) {
        return c;
      }
    }
    Result.Content c = new Result.Content(new SmtpServerEvent.DataChunk(piece, eightBit));
    made[nextMade] = c;
    nextMade = (nextMade + 1) % made.length;
    return c;
  }

  void startData() {
    forget();
    receiver.startData();
  }

  /** The next chunk of the message (the first starts it: the receiver was reset when the last message ended). */
  void startChunk(BdatCommand chunk, boolean binary) {
    receiver.startChunk(chunk.size(), binary);
  }

  /** A refused chunk, read without line checks only to be dropped (RFC 3030 §2). */
  void discardChunk(BdatCommand chunk) {
    receiver.reset();
    receiver.startChunk(chunk.size(), true);
  }

  void reset() {
    receiver.reset();
    forget();
  }

  /** Lets go of the views made for the last message, so no host buffer outlives it here. */
  private void forget() {
    Arrays.fill(made, null);
    nextMade = 0;
  }

  /** {@return whether the data reached its end or the chunk its last octet (what follows is no content)} */
  boolean ended() {
    return receiver.isEnded();
  }

  /**
   * Reads content from {@code in} up to the end of the message or chunk.
   *
   * @return what was found, or {@code null} when more input is needed
   */
  Result step(ByteBuffer in, ServerState state, SessionState session) {
    expire();
    ByteBuffer slice = receiver.next(in);
    if (slice != null) {
      boolean report = session.refusal() == null && !(session.contentMode() instanceof ContentMode.Discard)
          && !receiver.oversize() && slice.hasRemaining();
      return report ? content(slice, receiver.eightBit()) : DROPPED;
    }
    if (!receiver.isEnded()) {
      return null;
    }
    if (session.contentMode() instanceof ContentMode.Discard d) {
      receiver.reset();
      return new Result.Discarded(d.reply(), d.resumeIn());
    }
    Reply prior = session.refusal();
    if (state == ServerState.BDAT) {
      if (prior == null && receiver.oversize()) {
        prior = receiver.refusal();
      }
      BdatCommand chunk = ((ContentMode.Chunk) session.contentMode()).command();
      if (!chunk.last()) {
        return prior != null ? new Result.ChunkRead(prior, true)
            : new Result.ChunkRead(Reply.of(250, "2.0.0", chunk.size() + " octets received"), false);
      }
    }
    Reply refusal = prior != null ? prior : receiver.refusal();
    if (refusal != null) {
      // a bare line ending in the data is the signature of SMTP smuggling (CVE-2023-51764 and friends)
      return new Result.Refused(refusal, prior == null && receiver.bareLineEnding());
    }
    return new Result.Ended(new ReceivedContent(receiver.size(), receiver.eightBit(), receiver.bareLineEnding(),
        session.chunked(), session.recipientCount()));
  }
}
