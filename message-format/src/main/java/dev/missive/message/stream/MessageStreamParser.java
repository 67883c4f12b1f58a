package dev.missive.message.stream;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import dev.missive.message.internal.InPlaceInput;
import java.nio.ByteBuffer;
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

  /** What {@link #classifyLine} says when more input is needed, or when the line is not a delimiter line. */
  static final int NEED = -2;
  static final int NOT_DELIMITER = -1;
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
  /** The innermost open entity, the last of {@link #stack} (kept apart: every step reads it). */
  private Frame top;
  private final HeaderBlockReader header;
  private final Delimiters delimiters;

  private final InputWindow in;
  private final TextRegionScanner region;
  private final BodyStart bodyStart;
  private boolean started;
  private boolean finished;

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
    this.region = new TextRegionScanner(this, in);
    this.bodyStart = new BodyStart(this, options, delimiters);
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
    header.beforeFeed();
    in.fill(chunk, region.keepFrom(), queue.isEmpty() && !decode.hasInput());
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
    Frame f = top;
    switch (f.phase) {
      case HEADER:
        return header.step(f);
      case ENCODED_MESSAGE:
        return stepEncodedMessage(f);
      default:
        return stepText(f);
    }
  }

  // ---- shared with HeaderBlockReader and TextRegionScanner -------------------------------------------------------------------------

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

  /** {@return the window index just past the delimiter line {@link #classifyLine} last recognised} */
  int delimiterLineEnd() {
    return delimiters.lineEnd();
  }

  /** The header block of {@code f} is complete: its body starts here. */
  void endHeader(Frame f) {
    bodyStart.endHeader(f);
  }

  /** {@return the input offset of the window's position} */
  long offsetHere() {
    return in.absolute(in.pos);
  }

  /** A text region starts at the window's position. */
  void startRegion() {
    region.startRegion();
  }

  /** {@return a parser for the message encapsulated, transfer-encoded, in an entity at {@code depth} - 1} */
  MessageStreamParser childParser(int depth) {
    return new MessageStreamParser(options, depth, partCounter);
  }

  // ---- text regions: leaf bodies, preambles, epilogues ---------------------------------------------------------

  private boolean stepText(Frame f) {
    if (decode.hasInput()) {
      emitDecoded(decode.decode(f.decoder));
      return true;
    }
    if (region.ended()) {
      if (f.decoder != null && !f.decoderFinished) {
        f.decoderFinished = true;
        emitDecoded(decode.finish(f.decoder));
        defects(f, f.decoder.defects());
        return true;
      }
      closeRegion();
      return true;
    }
    return region.scan(f);
  }

  private void emitDecoded(ByteBuffer decoded) {
    if (decoded.hasRemaining()) {
      emit(new MimeEvent.DecodedBodyBytes(decoded.asReadOnlyBuffer()));
    }
  }

  /** Delivers {@code [from, to)} of the current region; returns whether anything was delivered. */
  boolean content(Frame f, int from, int to) {
    if (to <= from) {
      return region.ended();
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
    if (!region.ended()) {
      return region.scan(f);
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

  void push(Frame f) {
    stack.add(f);
    top = f;
  }

  /** Applies the delimiter or end of input that ended the current region. */
  private void closeRegion() {
    int target = region.takeEnd();
    while (stack.size() - 1 > target) {
      pop();
    }
    if (target < 0) {
      finished = true;
      return;
    }
    Frame m = stack.get(target);
    region.startRegion();
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
    Frame f = top;
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
    top = stack.isEmpty() ? null : stack.get(stack.size() - 1);
    emit(f.message ? new MimeEvent.EndMessage(f.depth, region.endOffset())
        : new MimeEvent.EndPart(f.depth, region.endOffset()));
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
