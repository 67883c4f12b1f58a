package dev.missive.imap.message;

import dev.missive.imap.Envelope;
import dev.missive.imap.internal.LfCounter;
import dev.missive.message.Defect;
import dev.missive.message.header.ContentDisposition;
import dev.missive.message.header.ContentType;
import dev.missive.message.header.HeaderField;
import dev.missive.message.stream.BodyMode;
import dev.missive.message.stream.MessageLimits;
import dev.missive.message.stream.MessageStreamParser;
import dev.missive.message.stream.MimeEvent;
import dev.missive.message.stream.ParserOptions;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Computes a {@link MessageLayout} in one streaming pass over a message, sans-IO: feed its octets in any pieces,
 * then {@link #end()}. It runs message-format's streaming parser (raw mode: encapsulated messages in 7bit/8bit are
 * entered, encoded ones are leaves) and keeps only offsets and the fields IMAP reports, so memory does not grow
 * with the message's size; the parser's limits apply (entities past its depth or part limit become leaves, as its
 * defects say). Not thread-safe; one builder per message.
 */
public final class MessageLayoutBuilder {

  private final MessageStreamParser parser;
  private final LfCounter lines = new LfCounter();
  private final long keep;
  private final ArrayDeque<Frame> stack = new ArrayDeque<>();
  private long fed;
  private MessageLayout result;
  private MessagePart root;
  private Envelope rootEnvelope;

  /**
   * A builder.
   *
   * @param options the parser's options; the body mode is forced to raw
   */
  public MessageLayoutBuilder(ParserOptions options) {
    ParserOptions raw = Objects.requireNonNull(options, "options").withBodyMode(BodyMode.RAW);
    this.parser = new MessageStreamParser(raw);
    MessageLimits limits = raw.limits();
    // no event refers to an octet older than the parser's input window; keep a generous margin beyond it
    this.keep = (long) limits.bodyChunkSize() + limits.maxFieldLength() + 64 * 1024;
  }

  /**
   * Takes the next octets of the message (all of them).
   *
   * @param chunk the octets; its position advances to its limit
   * @throws IllegalStateException after {@link #end()}
   */
  public void feed(ByteBuffer chunk) {
    if (result != null) {
      throw new IllegalStateException("feed after end");
    }
    while (chunk.hasRemaining()) {
      int from = chunk.position();
      parser.feed(chunk);
      int to = chunk.position();
      lines.append(chunk, from, to);
      fed += to - from;
      drain();
      lines.settle(fed - keep);
    }
  }

  /**
   * Declares the message complete.
   *
   * @return the layout
   */
  public MessageLayout end() {
    if (result == null) {
      parser.end();
      drain();
      if (root == null) {
        throw new IllegalStateException("the parser did not finish the message");
      }
      result = new MessageLayout(root, rootEnvelope, fed);
    }
    return result;
  }

  private void drain() {
    for (MimeEvent e = parser.next(); e != null; e = parser.next()) {
      handle(e);
    }
  }

  private void handle(MimeEvent e) {
    if (e instanceof MimeEvent.StartMessage m) {
      stack.push(new Frame(true, m.offset()));
    } else if (e instanceof MimeEvent.StartPart p) {
      stack.push(new Frame(false, p.offset()));
    } else if (e instanceof MimeEvent.HeaderFieldEvent h) {
      Frame f = stack.peek();
      f.header.add(h.field());
      f.locations.add(new MessagePart.FieldLocation(h.field().name(), h.offset(), h.field().rawLength()));
    } else if (e instanceof MimeEvent.EndOfHeader h) {
      Frame f = stack.peek();
      f.headerDone(h.contentType(), h.transferEncoding(), h.bodyOffset(), lines.lfBefore(h.bodyOffset()));
    } else if (e instanceof MimeEvent.EndMessage m) {
      close(m.endOffset());
    } else if (e instanceof MimeEvent.EndPart p) {
      close(p.endOffset());
    }
  }

  private void close(long endOffset) {
    Frame f = stack.pop();
    if (f.bodyStart < 0) {
      f.headerDone(ContentType.TEXT_PLAIN_US_ASCII, "7bit", endOffset, lines.lfBefore(endOffset));
    }
    long count = lines.lfBefore(endOffset) - f.lfAtBody;
    MessagePart part = new MessagePart(f.headerStart, f.bodyStart, endOffset, count, f.type, f.encoding, f.mime,
        f.locations, f.parts, Optional.ofNullable(f.encapsulated));
    Frame parent = stack.peek();
    if (parent == null) {
      root = part;
      rootEnvelope = f.envelope;
    } else if (f.message) {
      parent.encapsulated = new MessagePart.Encapsulated(f.envelope, part);
    } else {
      parent.parts.add(part);
    }
  }

  /** An entity being read. */
  private static final class Frame {
    final boolean message;
    final long headerStart;
    List<HeaderField> header = new ArrayList<>();
    final List<MessagePart.FieldLocation> locations = new ArrayList<>();
    final List<MessagePart> parts = new ArrayList<>();
    long bodyStart = -1;
    long lfAtBody;
    ContentType type;
    String encoding;
    MessagePart.MimeFields mime;
    Envelope envelope;
    MessagePart.Encapsulated encapsulated;

    Frame(boolean message, long headerStart) {
      this.message = message;
      this.headerStart = headerStart;
    }

    void headerDone(ContentType contentType, String transferEncoding, long bodyOffset, long lfBeforeBody) {
      type = contentType;
      encoding = transferEncoding;
      bodyStart = bodyOffset;
      lfAtBody = lfBeforeBody;
      mime = mimeFields(header);
      if (message) {
        envelope = Envelopes.of(header);
      }
      header = null;
    }
  }

  static MessagePart.MimeFields mimeFields(List<HeaderField> header) {
    Optional<ContentDisposition> disposition = value(header, "Content-Disposition")
        .map(v -> ContentDisposition.parse(v, new ArrayList<Defect>()));
    List<String> language = value(header, "Content-Language")
        .map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
    return new MessagePart.MimeFields(value(header, "Content-ID"), value(header, "Content-Description"),
        value(header, "Content-MD5"), disposition, language,
        value(header, "Content-Location").map(l -> l.replace(" ", "")));
  }

  private static Optional<String> value(List<HeaderField> header, String name) {
    for (HeaderField f : header) {
      if (f.hasName(name)) {
        return Optional.of(f.unfoldedValue().strip().replace('\0', '\uFFFD'));
      }
    }
    return Optional.empty();
  }
}
