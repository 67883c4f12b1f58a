package dev.missive.mailauth.internal;

import dev.missive.message.header.HeaderField;
import dev.missive.message.stream.BodyMode;
import dev.missive.message.stream.MessageStreamParser;
import dev.missive.message.stream.MimeEvent;
import dev.missive.message.stream.ParserOptions;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Splits a message that arrives in chunks into its top-level header fields, read by message-format's streaming
 * parser (raw bytes kept, RFC 5322 §2.2), and its body octets exactly as received (RFC 5322 §2.1), which go to a
 * {@link BodySink} as they arrive; nothing of the body is kept. The parser is used only until the end of the
 * header; the bytes it has read past the header are kept (at most its buffer) and handed on as body.
 */
public final class MessageHeadReader {

  /** Receives body octets in order; the array is valid only during the call. */
  public interface BodySink {
    /**
     * The header is complete; called once, before the first body octet.
     *
     * @param fields the top-level header fields in order
     */
    default void headerComplete(List<HeaderField> fields) {
    }

    /**
     * The next body octets.
     *
     * @param b   the bytes
     * @param off where they start
     * @param len how many
     */
    void body(byte[] b, int off, int len);
  }

  private final BodySink sink;
  private MessageStreamParser parser;
  private final List<HeaderField> fields = new ArrayList<>();
  private byte[] spool = new byte[4096];
  private int spoolLength;
  private long spoolStart;
  private long fed;
  private boolean headerDone;
  private boolean ended;
  private int defects;

  /**
   * A reader with the parser's options (their limits bound the header).
   *
   * @param options the streaming parser's options; bodies are read raw
   * @param sink    receives the body
   */
  public MessageHeadReader(ParserOptions options, BodySink sink) {
    this.parser = new MessageStreamParser(options.withBodyMode(BodyMode.RAW));
    this.sink = sink;
  }

  /**
   * Takes the next chunk of the message, all of it (its position ends at its limit).
   *
   * @param chunk the bytes
   * @throws IllegalStateException after {@link #end()}
   */
  public void feed(ByteBuffer chunk) {
    if (ended) {
      throw new IllegalStateException("feed after end");
    }
    while (chunk.hasRemaining()) {
      if (headerDone) {
        body(chunk);
        return;
      }
      int before = chunk.position();
      parser.feed(chunk);
      int taken = chunk.position() - before;
      if (taken > 0) {
        spool(chunk, before, taken);
      }
      drain();
      if (taken == 0 && !headerDone && chunk.hasRemaining()) {
        throw new IllegalStateException("the parser took no input and produced no event");
      }
    }
  }

  /** Declares the message complete. */
  public void end() {
    if (ended) {
      return;
    }
    ended = true;
    if (!headerDone) {
      parser.end();
      drain();
      if (!headerDone) {
        headerDone = true;
        parser = null;
        sink.headerComplete(fields());
      }
    }
  }

  /** {@return whether the end of the header has been seen} */
  public boolean headerComplete() {
    return headerDone;
  }

  /** {@return the top-level header fields so far, in order} */
  public List<HeaderField> fields() {
    return Collections.unmodifiableList(fields);
  }

  /** {@return how many defects the parser reported in the header} */
  public int defects() {
    return defects;
  }

  private void drain() {
    for (MimeEvent e; (e = parser.next()) != null; ) {
      if (e instanceof MimeEvent.HeaderFieldEvent h) {
        fields.add(h.field());
      } else if (e instanceof MimeEvent.DefectEvent) {
        defects++;
      } else if (e instanceof MimeEvent.EndOfHeader eoh) {
        headerDone = true;
        sink.headerComplete(fields());
        long from = Math.max(eoh.bodyOffset(), spoolStart);
        int skip = (int) (from - spoolStart);
        if (skip < spoolLength) {
          sink.body(spool, skip, spoolLength - skip);
        }
        spool = null;
        parser = null;
        return;
      }
    }
    // bytes the parser has consumed are header (it stops at the end of the header): keep only what it holds
    long keepFrom = fed - parser.buffered();
    if (keepFrom > spoolStart) {
      int drop = (int) Math.min(spoolLength, keepFrom - spoolStart);
      System.arraycopy(spool, drop, spool, 0, spoolLength - drop);
      spoolLength -= drop;
      spoolStart += drop;
    }
  }

  private void spool(ByteBuffer chunk, int from, int len) {
    if (spoolLength + len > spool.length) {
      byte[] bigger = new byte[Math.max(spool.length * 2, spoolLength + len)];
      System.arraycopy(spool, 0, bigger, 0, spoolLength);
      spool = bigger;
    }
    ByteBuffer src = chunk.duplicate();
    src.position(from).limit(from + len);
    src.get(spool, spoolLength, len);
    spoolLength += len;
    fed += len;
  }

  private void body(ByteBuffer chunk) {
    if (chunk.hasArray()) {
      sink.body(chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.remaining());
      fed += chunk.remaining();
      chunk.position(chunk.limit());
      return;
    }
    byte[] tmp = new byte[Math.min(chunk.remaining(), 8192)];
    while (chunk.hasRemaining()) {
      int n = Math.min(tmp.length, chunk.remaining());
      chunk.get(tmp, 0, n);
      sink.body(tmp, 0, n);
      fed += n;
    }
  }
}
