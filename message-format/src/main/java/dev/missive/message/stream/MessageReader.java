package dev.missive.message.stream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Reads the {@link MimeEvent}s of one RFC 5322 message from an {@link InputStream}: the blocking face of
 * {@link MessageStreamParser}, reading in bounded chunks so memory does not depend on the message size.
 */
public final class MessageReader {

  private final InputStream in;
  private final MessageStreamParser parser;
  private final ByteBuffer chunk;

  /**
   * Reads {@code in} with the given options; the stream is not closed by this reader.
   *
   * @param in      the message
   * @param options the parser's limits and modes
   */
  public MessageReader(InputStream in, ParserOptions options) {
    this.in = Objects.requireNonNull(in, "in");
    this.parser = new MessageStreamParser(options);
    this.chunk = ByteBuffer.allocate(16 * 1024);
    chunk.flip();
  }

  /**
   * Reads {@code in} with {@link ParserOptions#DEFAULT}.
   *
   * @param in the message
   */
  public MessageReader(InputStream in) {
    this(in, ParserOptions.DEFAULT);
  }

  /**
   * The next event, or {@code null} after the last one; byte slices are valid until the next call.
   *
   * @return the next event, or {@code null}
   * @throws IOException when the stream fails
   */
  public MimeEvent next() throws IOException {
    while (true) {
      MimeEvent e = parser.next();
      if (e != null) {
        return e;
      }
      if (parser.isFinished()) {
        return null;
      }
      if (chunk.hasRemaining()) {
        parser.feed(chunk);
        continue;
      }
      if (parser.isEnded()) {
        return null;
      }
      chunk.clear();
      int n = in.read(chunk.array(), 0, chunk.capacity());
      if (n < 0) {
        chunk.limit(0);
        parser.end();
      } else {
        chunk.limit(n);
      }
    }
  }

  /**
   * Feeds every event to {@code handler} until the end of the message.
   *
   * @param handler receives every event
   * @throws IOException if reading fails
   */
  public void forEach(MimeEventHandler handler) throws IOException {
    for (MimeEvent e; (e = next()) != null; ) {
      handler.handle(e);
    }
  }

}
