package dev.missive.message.tree;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import dev.missive.message.codec.ContentDecoder;
import dev.missive.message.codec.DecodingInputStream;
import dev.missive.message.header.BodyDescriptor;
import dev.missive.message.header.ContentDisposition;
import dev.missive.message.header.ContentType;
import dev.missive.message.header.Header;
import dev.missive.message.header.HeaderField;
import dev.missive.message.internal.EncapsulatedTypes;
import dev.missive.message.internal.TransferDecoding;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One MIME entity of a parsed message (RFC 2045 §2.4): a message or a body part, with its header, its body (a
 * leaf, a multipart's parts per RFC 2046 §5.1, or an encapsulated message per RFC 2046 §5.2.1) and the defects
 * found in it. The entity keeps the exact input bytes: its header may be changed (through {@link #header()}),
 * and {@link Message#writeTo} rewrites only what changed.
 */
public final class Entity {

  final Source source;
  final int start;
  final int bodyOffset;
  int end;
  private final Header header;
  final List<HeaderField> originalFields;
  /** The input offset of each of {@link #originalFields}. */
  final int[] fieldOffsets;
  private final BodyDescriptor descriptor;
  final List<Defect> defects = new ArrayList<>();
  final List<Entity> parts = new ArrayList<>();
  Entity encapsulated;
  String boundary;
  int skippedFields;
  private Message decodedMessage;

  Entity(Source source, int start, int bodyOffset, List<HeaderField> fields, int[] fieldOffsets,
         BodyDescriptor descriptor) {
    this.source = source;
    this.start = start;
    this.bodyOffset = bodyOffset;
    this.originalFields = List.copyOf(fields);
    this.fieldOffsets = fieldOffsets;
    this.header = new Header(fields);
    this.descriptor = descriptor;
  }

  /** {@return the header fields in order, raw bytes kept; changing them changes what {@link Message#writeTo} writes} */
  public Header header() {
    return header;
  }

  /**
   * {@return what the header said about the body when it was parsed (content type, transfer encoding, disposition,
   * file name, content id): the same descriptor the streaming parser's {@code EndOfHeader} gives; header changes
   * made later do not change how the body was read}
   */
  public BodyDescriptor descriptor() {
    return descriptor;
  }

  /** {@return the effective content type (RFC 2045 §5.2 default when absent)} */
  public ContentType contentType() {
    return descriptor.contentType();
  }

  /** {@return the Content-Transfer-Encoding in lower case; {@code 7bit} when absent (RFC 2045 §6.1)} */
  public String transferEncoding() {
    return descriptor.transferEncoding();
  }

  /** {@return the irregularities found in this entity (not in its children)} */
  public List<Defect> defects() {
    return Collections.unmodifiableList(defects);
  }

  /**
   * {@return how many header fields the parser skipped at a limit of its
   * {@link dev.missive.message.stream.MessageLimits} (too long, past the field count or the header size); they are
   * not in {@link #header()}; {@link Message#writeTo} writes them as they came while the parsed fields are still
   * there in order, and {@link Message#canonicalized()} refuses rather than drop them}
   */
  public int skippedFields() {
    return skippedFields;
  }

  /** {@return whether the body is a multipart with a boundary (RFC 2046 §5.1)} */
  public boolean isMultipart() {
    return boundary != null;
  }

  /** {@return the body parts of a multipart body, in order; empty for other bodies} */
  public List<Entity> parts() {
    return Collections.unmodifiableList(parts);
  }

  /**
   * The encapsulated message of a message/rfc822 (RFC 2046 §5.2.1) or message/global (RFC 6532 §3.7) body; a
   * base64 or quoted-printable one is decoded and parsed on first use.
   *
   * @return the encapsulated message, or empty
   */
  public Optional<Entity> embeddedMessage() {
    if (encapsulated != null) {
      return Optional.of(encapsulated);
    }
    if (EncapsulatedTypes.isMessage(contentType().type(), contentType().subtype()) && !isMultipart()) {
      if (decodedMessage == null) {
        decodedMessage = Message.parse(decodedBody());
      }
      return Optional.of(decodedMessage.root());
    }
    return Optional.empty();
  }

  /**
   * The body exactly as in the input (transfer encoding not removed); for a multipart, everything after the header.
   *
   * @return a copy of the raw body
   */
  public byte[] rawBody() {
    return source.copy(bodyOffset, end);
  }

  /** {@return the preamble of a multipart body (RFC 2046 §5.1.1), or empty} */
  public byte[] preamble() {
    if (!isMultipart() || parts.isEmpty()) {
      return new byte[0];
    }
    return Gaps.preamble(source, bodyOffset, parts.get(0).start);
  }

  /** {@return the epilogue of a multipart body (RFC 2046 §5.1.1), or empty} */
  public byte[] epilogue() {
    if (!isMultipart() || parts.isEmpty()) {
      return new byte[0];
    }
    return Gaps.epilogue(source, parts.get(parts.size() - 1).end, end);
  }

  /**
   * The body with its transfer encoding removed (RFC 2045 §6), whole; decoding defects are added to
   * {@link #defects()} once, however often it is called. For a large body, {@link #decodedBodyStream()} does not hold it in memory.
   *
   * @return the decoded body
   */
  public byte[] decodedBody() {
    List<Defect> found = new ArrayList<>();
    byte[] body = TransferDecoding.decodeAll(source.readView(bodyOffset, end), transferEncoding(), found);
    found.forEach(this::addDefect);
    return body;
  }

  /**
   * The body with its transfer encoding removed (RFC 2045 §6), decoded while it is read, in memory that does not
   * depend on its size (with {@link Message#parse(java.nio.file.Path)} the encoded octets are not on the heap
   * either); decoding defects are added to {@link #defects()} when the stream reaches its end. Each call gives a
   * new stream from the start of the body.
   *
   * @return the decoded body as a stream (closing it is not needed, but harmless)
   */
  public InputStream decodedBodyStream() {
    InputStream raw = source.open(bodyOffset, end);
    ContentDecoder decoder = TransferDecoding.decoder(transferEncoding());
    if (decoder == null) {
      if (!TransferDecoding.isIdentity(transferEncoding())) {
        addDefect(TransferDecoding.unknownEncoding());
      }
      return raw;
    }
    return new FilterInputStream(new DecodingInputStream(raw, decoder)) {
      private boolean reported;

      @Override
      public int read() throws IOException {
        return atEnd(in.read());
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return atEnd(in.read(b, off, len));
      }

      private int atEnd(int n) {
        if (n < 0 && !reported) {
          reported = true;
          decoder.defects().forEach(Entity.this::addDefect);
        }
        return n;
      }
    };
  }

  private void addDefect(Defect d) {
    if (!defects.contains(d)) {
      defects.add(d);
    }
  }

  /**
   * The decoded body as text in the charset of its Content-Type (RFC 2046 §4.1.2; US-ASCII when absent); an
   * unknown charset falls back to UTF-8 with an {@link DefectKind#UNKNOWN_CHARSET} defect.
   *
   * @return the decoded text
   */
  public String text() {
    ContentType contentType = contentType();
    Charset cs = contentType.javaCharset().orElse(null);
    if (cs == null) {
      cs = StandardCharsets.UTF_8;
      if (contentType.charset().isPresent()) {
        addDefect(new Defect(DefectKind.UNKNOWN_CHARSET,
            "unknown charset '" + contentType.charset().get() + "', read as UTF-8"));
      }
    } else if (cs.equals(StandardCharsets.US_ASCII)) {
      cs = StandardCharsets.UTF_8;
    }
    return new String(decodedBody(), cs);
  }

  /** {@return the Content-Disposition (RFC 2183) as parsed, if present} */
  public Optional<ContentDisposition> disposition() {
    return descriptor.disposition();
  }

  /**
   * The file name, as {@link BodyDescriptor#filename()} reads it: the Content-Disposition {@code filename}
   * (RFC 2183 §2.3, RFC 2231), else the Content-Type {@code name}, RFC 2047 encoded words in it decoded. It comes
   * from the peer: never use it as a path as it is.
   *
   * @return the file name, or empty
   */
  public Optional<String> filename() {
    return descriptor.filename();
  }

  /** {@return the Content-ID without angle brackets (RFC 2045 §7, RFC 2392), if present} */
  public Optional<String> contentId() {
    return descriptor.contentId();
  }

  /** {@return whether this is an attachment, as {@link BodyDescriptor#isAttachment()} says} */
  public boolean isAttachment() {
    return descriptor.isAttachment();
  }

  /** {@return this entity and all entities below it, depth first (encapsulated messages included)} */
  public List<Entity> walk() {
    List<Entity> all = new ArrayList<>();
    walk(all);
    return all;
  }

  private void walk(List<Entity> all) {
    all.add(this);
    for (Entity p : parts) {
      p.walk(all);
    }
    if (encapsulated != null) {
      encapsulated.walk(all);
    }
  }

  /** {@return the attachments at or below this entity, depth first} */
  public List<Entity> attachments() {
    List<Entity> found = new ArrayList<>();
    for (Entity e : walk()) {
      if (e.isAttachment()) {
        found.add(e);
      }
    }
    return found;
  }

  /** Whether the header still holds exactly the parsed fields, in order. */
  boolean headerUnchanged() {
    List<HeaderField> now = header.fields();
    if (now.size() != originalFields.size()) {
      return false;
    }
    for (int i = 0; i < now.size(); i++) {
      if (now.get(i) != originalFields.get(i)) {
        return false;
      }
    }
    return true;
  }

  /** Whether this entity or one below it was changed. */
  boolean changed() {
    if (!headerUnchanged()) {
      return true;
    }
    for (Entity p : parts) {
      if (p.changed()) {
        return true;
      }
    }
    return encapsulated != null && encapsulated.changed();
  }

  @Override
  public String toString() {
    return "Entity[" + contentType().mimeType() + ", " + header.size() + " fields, " + parts.size() + " parts]";
  }
}
