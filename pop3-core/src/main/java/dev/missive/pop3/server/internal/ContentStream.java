package dev.missive.pop3.server.internal;

import dev.missive.wire.DotStuffer;
import dev.missive.wire.OutputQueue;
import java.nio.ByteBuffer;

/**
 * The body of one RETR or TOP response on its way out: stored bytes in chunks, cut after the wanted lines for
 * TOP, CRLF-canonicalised and dot-stuffed into the output queue, then the terminating {@code .} line
 * (RFC 1939 §3 and §7). Holds no more than a few octets of its own, never the message.
 */
public final class ContentStream {

  /** Room for the end of the content: a pending line ending and the terminating {@code "." CRLF}. */
  private static final int SCRATCH = 8;

  private final TopFilter filter;
  private final boolean top;
  private final DotStuffer stuffer = new DotStuffer();
  private final ByteBuffer scratch = ByteBuffer.allocate(SCRATCH);

  /** A stream for TOP with {@code bodyLines} lines of body, or for RETR when {@code bodyLines} is negative. */
  public ContentStream(long bodyLines) {
    this.filter = new TopFilter(bodyLines);
    this.top = bodyLines >= 0;
  }

  /** Whether this stream answers TOP rather than RETR. */
  public boolean isTop() {
    return top;
  }

  /** Whether TOP's cut was reached: further content is ignored. */
  public boolean isComplete() {
    return filter.isComplete();
  }

  /** Consumes all of {@code chunk}, writing what belongs to the response into {@code out}. */
  public void write(ByteBuffer chunk, OutputQueue out) {
    int wanted = filter.accept(chunk);
    int end = chunk.limit();
    chunk.limit(chunk.position() + wanted); // the part that belongs to the response, without a slice per chunk
    out.writeDotStuffed(chunk, stuffer); // stuffed straight into the queue's blocks, no copy in between
    chunk.limit(end).position(end);
  }

  /** Writes the end of the content and the terminating line. */
  public void finish(OutputQueue out) {
    scratch.clear();
    stuffer.finish(scratch);
    scratch.flip();
    out.write(scratch);
  }
}
