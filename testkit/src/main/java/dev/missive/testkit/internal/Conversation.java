package dev.missive.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Records the bytes both sides of a connection sent, in order, and renders them in transcript notation:
 * {@code C: text} for CRLF-terminated lines, {@code C! escaped} for anything else.
 */
public final class Conversation {

  private final StringBuilder text = new StringBuilder();
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private char current;
  private boolean lastWasCr;

  /** Records what {@code side} ('C' or 'S') sent: the remaining bytes of {@code b}, position unchanged. */
  public synchronized void record(char side, ByteBuffer b) {
    if (side != current) {
      flushPartial();
      current = side;
    }
    ByteBuffer d = b.duplicate();
    while (d.hasRemaining()) {
      byte c = d.get();
      partial.write(c);
      if (c == '\n' && lastWasCr) {
        byte[] line = partial.toByteArray();
        text.append(current).append(": ").append(Escapes.show(line, 0, line.length - 2)).append('\n');
        partial.reset();
      }
      lastWasCr = c == '\r';
    }
  }

  /** Marks an event between the bytes, such as {@code -- tls --}. */
  public synchronized void mark(String marker) {
    flushPartial();
    current = 0;
    text.append("-- ").append(marker).append(" --\n");
  }

  /** The conversation so far in transcript notation. */
  public synchronized String render() {
    StringBuilder s = new StringBuilder(text);
    if (partial.size() > 0) {
      s.append(current).append("! ").append(Escapes.show(partial.toByteArray())).append('\n');
    }
    return s.toString();
  }

  private void flushPartial() {
    if (partial.size() > 0) {
      text.append(current).append("! ").append(Escapes.show(partial.toByteArray())).append('\n');
      partial.reset();
    }
    lastWasCr = false;
  }
}
