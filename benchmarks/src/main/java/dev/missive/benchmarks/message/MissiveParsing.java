package dev.missive.benchmarks.message;

import dev.missive.message.stream.BodyMode;
import dev.missive.message.stream.MessageStreamParser;
import dev.missive.message.stream.MimeEvent;
import dev.missive.message.stream.ParserOptions;
import dev.missive.message.tree.Entity;
import dev.missive.message.tree.Message;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Missive's side of the message-format benchmark (RFC 5322 messages, RFC 2045/2046 MIME): the tree with every leaf
 * body decoded, and the sans-IO streaming parser with and without transfer decoding.
 */
public final class MissiveParsing {

  private static final ParserOptions RAW = ParserOptions.DEFAULT.withBodyMode(BodyMode.RAW);
  private static final ParserOptions DECODED = ParserOptions.DEFAULT.withBodyMode(BodyMode.DECODED);

  private MissiveParsing() {}

  /** Builds the tree and decodes every leaf body, as a mail reader showing the message would. */
  public static Shape tree(byte[] message) {
    return walk(Message.parse(message).root(), Shape.NONE);
  }

  private static Shape walk(Entity entity, Shape sum) {
    Shape here = sum.plus(new Shape(1, 0));
    if (entity.isMultipart()) {
      for (Entity part : entity.parts()) {
        here = walk(part, here);
      }
      return here;
    }
    Optional<Entity> embedded = entity.embeddedMessage();
    if (embedded.isPresent()) {
      return walk(embedded.get(), here);
    }
    return here.plus(new Shape(0, entity.decodedBody().length));
  }

  /** Streams the message with bodies decoded (RFC 2045 §6), touching every decoded octet count. */
  public static Shape streamDecoded(byte[] message) {
    return stream(message, DECODED);
  }

  /** Streams the message's events with bodies as raw slices, no decoding. */
  public static Shape streamRaw(byte[] message) {
    return stream(message, RAW);
  }

  private static Shape stream(byte[] message, ParserOptions options) {
    MessageStreamParser parser = new MessageStreamParser(options);
    ByteBuffer in = ByteBuffer.wrap(message);
    int entities = 0;
    long bytes = 0;
    while (!parser.isFinished()) {
      MimeEvent e = parser.next();
      if (e == null) {
        if (in.hasRemaining()) {
          parser.feed(in);
        } else if (!parser.isEnded()) {
          parser.end();
        } else {
          break;
        }
      } else if (e instanceof MimeEvent.StartMessage || e instanceof MimeEvent.StartPart) {
        entities++;
      } else if (e instanceof MimeEvent.DecodedBodyBytes) {
        bytes += ((MimeEvent.DecodedBodyBytes) e).bytes().remaining();
      } else if (e instanceof MimeEvent.BodyBytes) {
        bytes += ((MimeEvent.BodyBytes) e).bytes().remaining();
      }
    }
    return new Shape(entities, bytes);
  }
}
