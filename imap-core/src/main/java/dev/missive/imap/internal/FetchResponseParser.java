package dev.missive.imap.internal;

import dev.missive.imap.Address;
import dev.missive.imap.BodyStructure;
import dev.missive.imap.Envelope;
import dev.missive.imap.Section;
import dev.missive.imap.response.FetchAttribute;
import dev.missive.imap.response.FetchAttribute.ContentName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Parses the data of a FETCH response (RFC 9051 §7.5.2, §9 {@code msg-att}, {@code envelope}, {@code body}) on the
 * client side, leniently where servers commonly differ from the ABNF (spaces between addresses and between the
 * parts of a multipart). Section contents are not read into values: a literal content that ends the bytes
 * received so far throws {@link SectionPending} so the decoder streams it; a streamed one reads as its size; a
 * quoted one is kept as an {@link Inline} for the decoder to deliver.
 */
public final class FetchResponseParser {

  /**
   * A section content whose literal ends the bytes received so far: the decoder streams its octets.
   */
  public static final class SectionPending extends SyntaxException {
    private static final long serialVersionUID = 1L;

    /** The message sequence number. */
    public final transient long seq;
    /** The content item, its size that of the literal. */
    public final transient FetchAttribute.Content content;
    /** Whether the literal is a literal8. */
    public final transient boolean binary;
    /** The items before it in the same response. */
    public final transient List<FetchAttribute> earlier;

    SectionPending(long seq, FetchAttribute.Content content, boolean binary, List<FetchAttribute> earlier) {
      super("section content pending");
      this.seq = seq;
      this.content = content;
      this.binary = binary;
      this.earlier = List.copyOf(earlier);
    }
  }

  /**
   * A section content that came as a quoted string (or a literal already in the buffer), to deliver as one chunk.
   *
   * @param content the item
   * @param octets  its octets
   */
  public record Inline(FetchAttribute.Content content, byte[] octets) {}

  private final Lexer lx;
  private final FetchParser sections;
  private final List<Inline> inline = new ArrayList<>();

  /**
   * A parser over the lexer.
   *
   * @param lx the lexer
   */
  public FetchResponseParser(Lexer lx) {
    this.lx = lx;
    this.sections = new FetchParser(lx);
  }

  /** {@return the contents that came inline, in order} */
  public List<Inline> inline() {
    return inline;
  }

  /**
   * Parses {@code "(" msg-att *(SP msg-att) ")"}.
   *
   * @param seq the message sequence number (for {@link SectionPending})
   * @return the items
   */
  public List<FetchAttribute> attributes(long seq) {
    List<FetchAttribute> out = new ArrayList<>();
    lx.open();
    if (lx.peek() != ')') {
      do {
        out.add(attribute(seq, out));
      } while (lx.trySp());
    }
    lx.close();
    return out;
  }

  private FetchAttribute attribute(long seq, List<FetchAttribute> earlier) {
    String name = lx.name();
    switch (name) {
      case "FLAGS" -> {
        lx.sp();
        return new FetchAttribute.Flags(lx.flagList());
      }
      case "UID" -> {
        lx.sp();
        return new FetchAttribute.Uid(lx.nzNumber());
      }
      case "MODSEQ" -> { // RFC 7162 §3.1.4: "MODSEQ" SP "(" permsg-modsequence ")"
        lx.sp();
        lx.open();
        long modSeq = lx.nzNumber64();
        lx.close();
        return new FetchAttribute.ModSeq(modSeq);
      }
      case "INTERNALDATE" -> {
        lx.sp();
        return new FetchAttribute.InternalDate(lx.dateTime());
      }
      case "RFC822.SIZE" -> {
        lx.sp();
        return new FetchAttribute.Rfc822Size(lx.number64());
      }
      case "ENVELOPE" -> {
        lx.sp();
        return new FetchAttribute.EnvelopeData(envelope());
      }
      case "BODYSTRUCTURE" -> {
        lx.sp();
        return new FetchAttribute.Structure(body(true), true);
      }
      case "BODY" -> {
        if (lx.peek() == '[') {
          Section section = sections.section();
          return content(seq, earlier, ContentName.BODY, section, origin());
        }
        lx.sp();
        return new FetchAttribute.Structure(body(false), false);
      }
      case "BINARY" -> {
        Section part = new Section(sections.binarySection(), Section.Text.NONE, List.of());
        return content(seq, earlier, ContentName.BINARY, part, origin());
      }
      case "BINARY.SIZE" -> {
        List<Integer> part = sections.binarySection();
        lx.sp();
        return new FetchAttribute.BinarySize(part, lx.number64());
      }
      case "RFC822" -> {
        return content(seq, earlier, ContentName.RFC822, Section.WHOLE, OptionalLong.empty());
      }
      case "RFC822.HEADER" -> {
        return content(seq, earlier, ContentName.RFC822_HEADER, Section.HEADER, OptionalLong.empty());
      }
      case "RFC822.TEXT" -> {
        return content(seq, earlier, ContentName.RFC822_TEXT, Section.TEXT, OptionalLong.empty());
      }
      default -> {
        while (lx.peek() == '[' || lx.peek() == '<') {
          char close = lx.peek() == '[' ? ']' : '>';
          lx.skipUntil(close);
          lx.expect(close);
        }
        lx.sp();
        int valueStart = lx.position();
        lx.skipValue();
        return new FetchAttribute.Other(name, lx.lenientText(valueStart, lx.position()));
      }
    }
  }

  private OptionalLong origin() {
    if (!lx.tryChar('<')) {
      return OptionalLong.empty();
    }
    long origin = lx.number64();
    lx.expect('>');
    return OptionalLong.of(origin);
  }

  private FetchAttribute.Content content(long seq, List<FetchAttribute> earlier, ContentName name, Section section,
                                        OptionalLong origin) {
    lx.sp();
    if (lx.tryNil()) {
      return new FetchAttribute.Content(name, section, origin, OptionalLong.empty());
    }
    if (lx.peek() == '"') {
      byte[] octets = lx.quotedBytes();
      FetchAttribute.Content c = new FetchAttribute.Content(name, section, origin, OptionalLong.of(octets.length));
      inline.add(new Inline(c, octets));
      return c;
    }
    LiteralHeader h;
    try {
      h = lx.literalHeader(name == ContentName.BINARY);
    } catch (LiteralPending p) {
      FetchAttribute.Content c = new FetchAttribute.Content(name, section, origin, OptionalLong.of(p.size));
      throw new SectionPending(seq, c, p.binary, earlier);
    }
    FetchAttribute.Content c = new FetchAttribute.Content(name, section, origin, OptionalLong.of(h.size()));
    if (!h.streamed()) {
      inline.add(new Inline(c, lx.literalData(h)));
    }
    return c;
  }

  // ---- envelope ----

  /** {@return an {@code envelope}} */
  public Envelope envelope() {
    lx.open();
    Optional<String> date = nstring();
    lx.sp();
    Optional<String> subject = nstring();
    lx.sp();
    List<Address> from = addresses();
    lx.sp();
    List<Address> sender = addresses();
    lx.sp();
    List<Address> replyTo = addresses();
    lx.sp();
    List<Address> to = addresses();
    lx.sp();
    List<Address> cc = addresses();
    lx.sp();
    List<Address> bcc = addresses();
    lx.sp();
    Optional<String> inReplyTo = nstring();
    lx.sp();
    Optional<String> messageId = nstring();
    lx.close();
    return new Envelope(date, subject, from, sender, replyTo, to, cc, bcc, inReplyTo, messageId);
  }

  private Optional<String> nstring() {
    return Optional.ofNullable(lx.nstring());
  }

  private List<Address> addresses() {
    if (lx.tryNil()) {
      return List.of();
    }
    List<Address> out = new ArrayList<>();
    lx.open();
    do {
      lx.open();
      Optional<String> name = nstring();
      lx.sp();
      Optional<String> adl = nstring();
      lx.sp();
      Optional<String> mailbox = nstring();
      lx.sp();
      Optional<String> host = nstring();
      lx.close();
      out.add(new Address(name, adl, mailbox, host));
      lx.trySp();
    } while (lx.peek() == '(');
    lx.close();
    return out;
  }

  // ---- body structure ----

  /**
   * Parses a {@code body}.
   *
   * @param extensible whether extension data may follow (BODYSTRUCTURE)
   * @return the structure
   */
  public BodyStructure body(boolean extensible) {
    lx.open();
    BodyStructure b = lx.peek() == '(' ? multipart(extensible) : singlePart(extensible);
    lx.close();
    return b;
  }

  private BodyStructure multipart(boolean extensible) {
    List<BodyStructure> parts = new ArrayList<>();
    do {
      parts.add(body(extensible));
      if (lx.peek() == ' ' && lx.peek(1) == '(') {
        lx.sp();
      }
    } while (lx.peek() == '(');
    lx.sp();
    String subtype = lx.string();
    List<BodyStructure.Parameter> params = List.of();
    Optional<BodyStructure.Extension> ext = Optional.empty();
    if (lx.trySp()) {
      params = parameters();
      ext = Optional.of(extension());
    }
    return new BodyStructure.Multipart(parts, subtype, params, ext);
  }

  private BodyStructure singlePart(boolean extensible) {
    String type = lx.string();
    lx.sp();
    String subtype = lx.string();
    lx.sp();
    List<BodyStructure.Parameter> params = parameters();
    lx.sp();
    Optional<String> id = nstring();
    lx.sp();
    Optional<String> description = nstring();
    lx.sp();
    String encoding = lx.string();
    lx.sp();
    long size = lx.number64();
    OptionalLong lines = OptionalLong.empty();
    Optional<Envelope> envelope = Optional.empty();
    Optional<BodyStructure> body = Optional.empty();
    boolean message = type.equalsIgnoreCase("MESSAGE")
        && (subtype.equalsIgnoreCase("RFC822") || subtype.equalsIgnoreCase("GLOBAL"));
    if (message) {
      lx.sp();
      envelope = Optional.of(envelope());
      lx.sp();
      body = Optional.of(body(extensible));
      lx.sp();
      lines = OptionalLong.of(lx.number64());
    } else if (type.equalsIgnoreCase("TEXT")) {
      lx.sp();
      lines = OptionalLong.of(lx.number64());
    }
    Optional<String> md5 = Optional.empty();
    Optional<BodyStructure.Extension> ext = Optional.empty();
    if (lx.trySp()) {
      md5 = nstring();
      ext = Optional.of(extension());
    }
    return new BodyStructure.SinglePart(type, subtype, params, id, description, encoding, size, lines, envelope,
        body, md5, ext);
  }

  /** {@code [SP dsp [SP lang [SP loc *(SP extension)]]]}; absent items read as NIL. */
  private BodyStructure.Extension extension() {
    Optional<BodyStructure.Disposition> dsp = Optional.empty();
    List<String> lang = List.of();
    Optional<String> loc = Optional.empty();
    if (lx.trySp()) {
      if (!lx.tryNil()) {
        lx.open();
        String type = lx.string();
        lx.sp();
        dsp = Optional.of(new BodyStructure.Disposition(type, parameters()));
        lx.close();
      }
      if (lx.trySp()) {
        lang = language();
        if (lx.trySp()) {
          loc = nstring();
          while (lx.trySp()) {
            lx.skipValue();
          }
        }
      }
    }
    return new BodyStructure.Extension(dsp, lang, loc);
  }

  private List<String> language() {
    if (lx.tryNil()) {
      return List.of();
    }
    if (lx.peek() != '(') {
      return List.of(lx.string());
    }
    List<String> out = new ArrayList<>();
    lx.open();
    do {
      out.add(lx.string());
    } while (lx.trySp());
    lx.close();
    return out;
  }

  private List<BodyStructure.Parameter> parameters() {
    if (lx.tryNil()) {
      return List.of();
    }
    List<BodyStructure.Parameter> out = new ArrayList<>();
    lx.open();
    do {
      String name = lx.string();
      lx.sp();
      out.add(new BodyStructure.Parameter(name, lx.string()));
    } while (lx.trySp());
    lx.close();
    return out;
  }
}
