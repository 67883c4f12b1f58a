package dev.missive.message.stream;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import dev.missive.message.header.BodyDescriptor;
import dev.missive.message.header.ContentType;
import dev.missive.message.header.HeaderField;
import dev.missive.message.internal.EncapsulatedTypes;
import dev.missive.message.internal.InPlaceInput;
import dev.missive.message.internal.TransferDecoding;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The sans-IO streaming parser for RFC 5322 messages and MIME entities (RFC 2045 §2.4, RFC 2046 §5.1.1 and
 * §5.2.1): fed {@link ByteBuffer} chunks and told the end, it yields {@link MimeEvent}s one at a time.
 *
 * <p>Use: {@code feed} consumes what fits in its bounded buffer (it advances the chunk's position); call
 * {@link #next()} until it returns {@code null}, feed the rest, and call {@link #end()} when the input is
 * complete; {@link #isFinished()} tells when the last event was delivered. Memory does not depend on body size:
 * bodies leave as slices of the internal buffer, valid until the next call. Damaged input never throws: every
 * irregularity becomes a {@link MimeEvent.DefectEvent} on the innermost open entity, and every limit of
 * {@link MessageLimits} is enforced with a {@link DefectKind#LIMIT_EXCEEDED} defect.
 *
 * <p>Delimiter lines are recognised as {@link Delimiters} describes, for every multipart still open, innermost
 * first. A delimiter of an outer multipart closes the inner ones, each with a
 * {@link DefectKind#MISSING_CLOSING_BOUNDARY} defect. Not thread-safe: one parser per message.
 */
public final class MessageStreamParser {

  private static final int NEED = -2;
  private static final int NOT_DELIMITER = -1;
  private static final int MAX_DEFECTS_PER_ENTITY = 64;

  static {
    InPlaceInput.<MessageStreamParser>register(MessageStreamParser::feedWhole);
  }

  private final ParserOptions options;
  private final MessageLimits limits;
  private final int baseDepth;
  private final int[] partCounter;
  private final ArrayDeque<MimeEvent> queue = new ArrayDeque<>();
  private final List<Frame> stack = new ArrayList<>();
  private final HeaderBlockReader header;
  private final Delimiters delimiters;

  private final InputWindow in;
  private long regionEndOffset;
  private boolean started;
  private boolean finished;

  private boolean atLineStart = true;
  private int pendingEol;
  /** Stack index of the multipart whose delimiter ended the current region, -1 for end of input. */
  private int regionEndTarget;
  private boolean regionEnded;

  private final DecodeStage decode;
  private ByteBuffer childIn;

  /** A parser with {@link ParserOptions#DEFAULT}. */
  public MessageStreamParser() {
    this(ParserOptions.DEFAULT);
  }

  /**
   * A parser with the given options.
   *
   * @param options the parser's limits and modes
   */
  public MessageStreamParser(ParserOptions options) {
    this(options, 0, new int[1]);
  }

  private MessageStreamParser(ParserOptions options, int baseDepth, int[] partCounter) {
    this.options = Objects.requireNonNull(options, "options");
    this.limits = options.limits();
    this.baseDepth = baseDepth;
    this.partCounter = partCounter;
    this.in = new InputWindow(Math.max(limits.bodyChunkSize(), limits.maxFieldLength() + Delimiters.MAX_TAIL) + 64);
    this.decode = new DecodeStage(limits.bodyChunkSize());
    this.delimiters = new Delimiters(limits.maxDepth() + 2);
    this.header = new HeaderBlockReader(this, limits, options.malformedHeaderStartsBody());
  }

  /**
   * Takes as many bytes from {@code in} as the internal buffer has room for (advancing its position).
   *
   * @param chunk the next bytes of the message
   * @throws IllegalStateException after {@link #end()}
   */
  public void feed(ByteBuffer chunk) {
    if (in.ended) {
      throw new IllegalStateException("feed after end of input");
    }
    in.fill(chunk, in.pos - pendingEol, queue.isEmpty() && !decode.hasInput());
  }

  /**
   * The whole message, read in place (for the tree, whose message is in memory and does not change): as
   * {@link #feed} of every octet and {@link #end()}, without copying them into the parser's buffer.
   */
  private void feedWhole(byte[] message, int offset, int length) {
    in.borrow(message, offset, length);
  }

  /** Declares the input complete; the remaining events follow from {@link #next()}. */
  public void end() {
    in.ended = true;
  }

  /** {@return whether {@link #end()} was called} */
  public boolean isEnded() {
    return in.ended;
  }

  /** {@return whether every event has been delivered (the top-level {@link MimeEvent.EndMessage} included)} */
  public boolean isFinished() {
    return finished && queue.isEmpty();
  }

  /** {@return bytes fed but not yet consumed by the parser} */
  public int buffered() {
    return in.lim - in.pos;
  }

  /**
   * The next event, or {@code null} when more input (or {@link #end()}) is needed or parsing is finished.
   * Byte slices in the previous event are invalid after this call.
   *
   * @return the next event, or {@code null}
   */
  public MimeEvent next() {
    while (queue.isEmpty()) {
      if (finished || !step()) {
        return null;
      }
    }
    return queue.poll();
  }

  private boolean step() {
    if (!started) {
      started = true;
      push(new Frame(true, baseDepth, false));
      emit(new MimeEvent.StartMessage(baseDepth, 0));
      return true;
    }
    Frame f = top();
    switch (f.phase) {
      case HEADER:
        return header.step(f);
      case ENCODED_MESSAGE:
        return stepEncodedMessage(f);
      default:
        return stepText(f);
    }
  }

  // ---- shared with HeaderBlockReader -------------------------------------------------------------------------

  InputWindow input() {
    return in;
  }

  boolean boundariesActive() {
    return delimiters.any();
  }

  void emit(MimeEvent e) {
    queue.add(e);
  }

  void defect(Frame f, DefectKind kind, String detail) {
    if (f.defectCount < MAX_DEFECTS_PER_ENTITY) {
      queue.add(new MimeEvent.DefectEvent(new Defect(kind, detail)));
    } else if (f.defectCount == MAX_DEFECTS_PER_ENTITY) {
      queue.add(new MimeEvent.DefectEvent(new Defect(DefectKind.LIMIT_EXCEEDED,
          "more than " + MAX_DEFECTS_PER_ENTITY + " defects in one entity; further defects not reported")));
    }
    f.defectCount++;
  }

  void defects(Frame f, List<Defect> found) {
    for (Defect d : found) {
      defect(f, d.kind(), d.detail());
    }
  }

  /** Classifies the line starting at {@code p}: a stack index for a delimiter line, or NEED / NOT_DELIMITER. */
  int classifyLine(int p) {
    Frame owner = delimiters.match(in.buf, p, in.lim, in.ended);
    if (owner == null) {
      return delimiters.needMore() ? NEED : NOT_DELIMITER;
    }
    return stack.indexOf(owner);
  }

  /** The header block of {@code f} is complete: decide what its body is (RFC 2045 §5.2, RFC 2046 §5.1.5). */
  void endHeader(Frame f) {
    List<Defect> found = new ArrayList<>();
    List<HeaderField> described = new ArrayList<>(4);
    for (HeaderField field : new HeaderField[] {f.contentTypeField, f.transferEncodingField, f.dispositionField,
        f.contentIdField}) {
      if (field != null) {
        described.add(field);
      }
    }
    BodyDescriptor descriptor = BodyDescriptor.read(described,
        f.inDigest ? ContentType.MESSAGE_RFC822 : ContentType.TEXT_PLAIN_US_ASCII, found);
    ContentType type = descriptor.contentType();
    String cte = descriptor.transferEncoding();
    defects(f, found);
    emit(new MimeEvent.EndOfHeader(descriptor, in.absolute(in.pos), f.skippedFields));
    atLineStart = true;
    pendingEol = 0;
    boolean identity = TransferDecoding.isIdentity(cte);
    boolean deeper = f.depth + 1 <= limits.maxDepth();
    if (type.isMultipart()) {
      String boundary = type.boundary().orElse(null);
      if (boundary == null || boundary.isEmpty()) {
        defect(f, DefectKind.MISSING_BOUNDARY, "multipart without a boundary parameter; body read as text");
      } else if (!deeper) {
        defect(f, DefectKind.LIMIT_EXCEEDED, "nesting deeper than " + limits.maxDepth() + "; body kept as is");
      } else {
        if (boundary.length() > 70) {
          defect(f, DefectKind.MALFORMED_CONTENT_TYPE,
              "boundary longer than 70 characters (RFC 2046 §5.1.1); used as given");
        }
        f.delimiter = ("--" + boundary).getBytes(StandardCharsets.UTF_8);
        f.digest = "digest".equalsIgnoreCase(type.subtype());
        f.phase = Frame.Phase.PREAMBLE;
        f.boundaryActive = true;
        delimiters.push(f);
        emit(new MimeEvent.StartMultipart(boundary));
        return;
      }
    } else if (EncapsulatedTypes.isMessage(type)) {
      if (!deeper) {
        defect(f, DefectKind.LIMIT_EXCEEDED, "nesting deeper than " + limits.maxDepth() + "; body kept as is");
      } else if (identity) {
        f.phase = Frame.Phase.NESTED;
        push(new Frame(true, f.depth + 1, false));
        emit(new MimeEvent.StartMessage(f.depth + 1, in.absolute(in.pos)));
        return;
      } else if (options.bodyMode() == BodyMode.DECODED && TransferDecoding.isKnown(cte)) {
        f.phase = Frame.Phase.ENCODED_MESSAGE;
        f.decoder = TransferDecoding.decoder(cte);
        f.child = new MessageStreamParser(options, f.depth + 1, partCounter);
        return;
      }
    }
    f.phase = Frame.Phase.BODY;
    if (options.bodyMode() == BodyMode.DECODED && !identity) {
      f.decoder = TransferDecoding.decoder(cte);
      if (f.decoder == null) {
        defect(f, DefectKind.UNKNOWN_TRANSFER_ENCODING, "unknown transfer encoding '" + bounded(cte)
            + "'; body passed through undecoded (RFC 2045 §6.4)");
      }
    }
  }

  static String bounded(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  // ---- text regions: leaf bodies, preambles, epilogues ---------------------------------------------------------

  private boolean stepText(Frame f) {
    if (decode.hasInput()) {
      emitDecoded(decode.decode(f.decoder));
      return true;
    }
    if (regionEnded) {
      if (f.decoder != null && !f.decoderFinished) {
        f.decoderFinished = true;
        emitDecoded(decode.finish(f.decoder));
        defects(f, f.decoder.defects());
        return true;
      }
      closeRegion();
      return true;
    }
    return scanText(f);
  }

  private void emitDecoded(ByteBuffer decoded) {
    if (decoded.hasRemaining()) {
      emit(new MimeEvent.DecodedBodyBytes(decoded.asReadOnlyBuffer()));
    }
  }

  /** Scans the current text region; returns false when more input is needed. */
  private boolean scanText(Frame f) {
    int contentStart = in.pos - pendingEol;
    if (!delimiters.any()) {
      if (in.pos < in.lim) {
        in.pos = in.lim;
        return content(f, contentStart, in.lim);
      }
      if (in.ended) {
        endRegion(-1, in.lim);
        return true;
      }
      return false;
    }
    while (true) {
      if (atLineStart) {
        int c = classifyLine(in.pos);
        if (c == NEED) {
          return content(f, contentStart, in.pos - pendingEol);
        }
        if (c >= 0) {
          int contentEnd = in.pos - pendingEol;
          in.pos = delimiters.lineEnd();
          pendingEol = 0;
          endRegion(c, contentEnd);
          content(f, contentStart, contentEnd);
          return true;
        }
        atLineStart = false;
        pendingEol = 0;
      }
      int i = in.indexOfLf(in.pos);
      if (i < 0) {
        if (in.ended) {
          in.pos = in.lim;
          endRegion(-1, in.lim);
          content(f, contentStart, in.lim);
          return true;
        }
        int end = in.lim > in.pos && in.buf[in.lim - 1] == '\r' ? in.lim - 1 : in.lim;
        in.pos = end;
        return content(f, contentStart, end);
      }
      int eolStart = i - 1 >= in.pos && in.buf[i - 1] == '\r' ? i - 1 : i;
      if (eolStart == i && !f.bareLineEndingReported) {
        if (contentStart < eolStart) {
          // the content before this line ending goes out first, so the defect's place among the body bytes
          // does not depend on how the input was split
          in.pos = eolStart;
          pendingEol = 0;
          return content(f, contentStart, eolStart);
        }
        f.bareLineEndingReported = true;
        defect(f, DefectKind.BARE_LINE_ENDING, "a body line ends with a bare LF (RFC 5322 §2.3)");
      }
      in.pos = i + 1;
      pendingEol = i + 1 - eolStart;
      atLineStart = true;
    }
  }

  private void endRegion(int target, int contentEnd) {
    regionEndOffset = in.absolute(contentEnd);
    regionEnded = true;
    regionEndTarget = target;
  }

  /** Delivers {@code [from, to)} of the current region; returns whether anything was delivered. */
  private boolean content(Frame f, int from, int to) {
    if (to <= from) {
      return regionEnded;
    }
    switch (f.phase) {
      case PREAMBLE:
        emit(new MimeEvent.Preamble(in.slice(from, to)));
        break;
      case EPILOGUE:
        emit(new MimeEvent.Epilogue(in.slice(from, to)));
        break;
      case ENCODED_MESSAGE:
        decode.input(ByteBuffer.wrap(in.buf, from, to - from));
        break;
      default:
        if (f.decoder != null) {
          decode.input(ByteBuffer.wrap(in.buf, from, to - from));
        } else if (options.bodyMode() == BodyMode.DECODED) {
          emit(new MimeEvent.DecodedBodyBytes(in.slice(from, to)));
        } else {
          emit(new MimeEvent.BodyBytes(in.slice(from, to)));
        }
    }
    return true;
  }

  // ---- base64 or quoted-printable message/rfc822, parsed by a child parser ---------------------------------------

  private boolean stepEncodedMessage(Frame f) {
    MessageStreamParser child = f.child;
    MimeEvent e = child.next();
    if (e != null) {
      emit(e);
      return true;
    }
    if (childIn != null && childIn.hasRemaining() && !child.isEnded()) {
      int before = childIn.remaining();
      child.feed(childIn);
      if (childIn.remaining() < before) {
        return true;
      }
    }
    childIn = null;
    if (decode.hasInput()) {
      childIn = decode.decode(f.decoder);
      return true;
    }
    if (!regionEnded) {
      return scanText(f);
    }
    if (!f.decoderFinished) {
      f.decoderFinished = true;
      childIn = decode.finish(f.decoder);
      defects(f, f.decoder.defects());
      return true;
    }
    if (!child.isEnded()) {
      child.end();
      return true;
    }
    closeRegion();
    return true;
  }

  // ---- structure ----------------------------------------------------------------------------------------------

  private Frame top() {
    return stack.get(stack.size() - 1);
  }

  private void push(Frame f) {
    stack.add(f);
  }

  /** Applies the delimiter or end of input that ended the current region. */
  private void closeRegion() {
    regionEnded = false;
    int target = regionEndTarget;
    while (stack.size() - 1 > target) {
      pop();
    }
    if (target < 0) {
      finished = true;
      return;
    }
    Frame m = stack.get(target);
    atLineStart = true;
    pendingEol = 0;
    if (delimiters.close()) {
      deactivate(m);
      m.phase = Frame.Phase.EPILOGUE;
      if (m.partCount == 0) {
        defect(m, DefectKind.NO_BODY_PARTS, "multipart closed before its first body part (RFC 2046 §5.1.1)");
      }
    } else if (partCounter[0] >= limits.maxParts()) {
      deactivate(m);
      m.phase = Frame.Phase.EPILOGUE;
      defect(m, DefectKind.LIMIT_EXCEEDED,
          "more than " + limits.maxParts() + " body parts; the rest of this multipart is kept as its epilogue");
    } else {
      partCounter[0]++;
      m.partCount++;
      m.phase = Frame.Phase.PARTS;
      push(new Frame(false, m.depth + 1, m.digest));
      emit(new MimeEvent.StartPart(m.depth + 1, in.absolute(in.pos)));
    }
  }

  private void pop() {
    Frame f = top();
    if (f.boundaryActive) {
      defect(f, DefectKind.MISSING_CLOSING_BOUNDARY, "multipart ended without its close delimiter (RFC 2046 §5.1.1)");
      if (f.partCount == 0) {
        defect(f, DefectKind.NO_BODY_PARTS, "multipart without body parts");
      }
      deactivate(f);
    }
    if (f.isMultipart()) {
      emit(new MimeEvent.EndMultipart());
    }
    stack.remove(stack.size() - 1);
    emit(f.message ? new MimeEvent.EndMessage(f.depth, regionEndOffset)
        : new MimeEvent.EndPart(f.depth, regionEndOffset));
    decode.clear();
    childIn = null;
  }

  private void deactivate(Frame f) {
    if (f.boundaryActive) {
      f.boundaryActive = false;
      delimiters.pop();
    }
  }
}
