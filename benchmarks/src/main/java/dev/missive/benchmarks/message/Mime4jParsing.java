package dev.missive.benchmarks.message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * The Apache Mime4j 0.8.14 peer (RFC 5322 / RFC 2045 parsing): its DOM ({@link DefaultMessageBuilder}) with every
 * decoded body read, and its {@link MimeStreamParser} with content decoding and a handler that reads every decoded
 * body. Uses {@link MimeConfig#PERMISSIVE} so no input is refused for a long line. Not thread-safe.
 */
public final class Mime4jParsing {

  private final InputDrain drain = new InputDrain();
  private final DefaultMessageBuilder builder = new DefaultMessageBuilder();

  /** Creates the peer with its reusable message builder. */
  public Mime4jParsing() {
    builder.setMimeEntityConfig(MimeConfig.PERMISSIVE);
    builder.setContentDecoding(true);
  }

  /** Builds Mime4j's DOM and reads every decoded leaf body. */
  public Shape dom(byte[] message) {
    try {
      Message m = builder.parseMessage(new ByteArrayInputStream(message));
      return walk(m, Shape.NONE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Shape walk(Entity entity, Shape sum) throws IOException {
    Shape here = sum.plus(new Shape(1, 0));
    Body body = entity.getBody();
    if (body instanceof Multipart) {
      for (Entity part : ((Multipart) body).getBodyParts()) {
        here = walk(part, here);
      }
      return here;
    }
    if (body instanceof Message) {
      return walk((Message) body, here);
    }
    if (body instanceof SingleBody) {
      try (InputStream in = ((SingleBody) body).getInputStream()) {
        return here.plus(new Shape(0, drain.drain(in)));
      }
    }
    return here;
  }

  /** Streams the message through {@link MimeStreamParser} with content decoding, reading every body. */
  public Shape stream(byte[] message) {
    MimeStreamParser parser = new MimeStreamParser(MimeConfig.PERMISSIVE);
    parser.setContentDecoding(true);
    Counter counter = new Counter();
    parser.setContentHandler(counter);
    try {
      parser.parse(new ByteArrayInputStream(message));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (MimeException e) {
      throw new IllegalStateException(e);
    }
    return new Shape(counter.entities, counter.bytes);
  }

  /** A value depending on every body octet read. */
  public long sink() {
    return drain.sink();
  }

  private final class Counter extends AbstractContentHandler {
    int entities;
    long bytes;

    @Override
    public void startMessage() {
      entities++;
    }

    @Override
    public void startBodyPart() {
      entities++;
    }

    @Override
    public void body(BodyDescriptor bd, InputStream is) {
      bytes += drain.drain(is);
    }
  }
}
