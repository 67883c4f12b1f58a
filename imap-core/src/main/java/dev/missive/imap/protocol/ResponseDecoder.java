package dev.missive.imap.protocol;

import dev.missive.imap.internal.FetchResponseParser;
import dev.missive.imap.internal.Lexer;
import dev.missive.imap.internal.LineBuffer;
import dev.missive.imap.internal.Skipper;
import dev.missive.imap.internal.LiteralMarker;
import dev.missive.imap.internal.LiteralPending;
import dev.missive.imap.internal.ResponseParser;
import dev.missive.imap.internal.SyntaxException;
import dev.missive.imap.response.Response;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;

/**
 * The client side's reader of server responses (RFC 9051 §2.2.2, §7 and §9): sans-IO, bounded, total, on the same
 * tokenizer as the server's {@link CommandDecoder}. It takes bytes as they come and delivers {@link ResponseInput}s
 * one at a time; the same units come out however the bytes are split.
 *
 * <p>Use: call {@link #next(ByteBuffer)} until it returns {@link ResponseInput.NeedInput}. It consumes only what it
 * needs for the unit it returns, so after the tagged OK to STARTTLS the bytes that follow are still in the host's
 * buffer, where the engine can see them and treat them as the injection they are (RFC 9051 §11.1).
 *
 * <p>The contents of FETCH sections ({@code BODY[...]}, {@code BINARY[...]}, {@code RFC822*}) are never held: they
 * come as {@link ResponseInput.SectionBegin}, {@link ResponseInput.SectionData} chunks (views of the input) and
 * {@link ResponseInput.SectionEnd}, and the FETCH response itself last, so a message of any size is read in
 * bounded memory. Everything else of a response is buffered within {@link ImapLimits#maxResponseLength()}; a
 * larger response, or one that does not parse, is skipped with its literal octets and reported as
 * {@link ResponseInput.Malformed}. Not thread-safe.
 */
public final class ResponseDecoder {

  private static final ResponseInput NEED_INPUT = new ResponseInput.NeedInput();

  private enum Mode { LINE, LITERAL, SECTION, SKIP, LOST }

  private final ImapLimits limits;
  private final LineBuffer buffer;
  private final Skipper skipper = new Skipper();
  private final ArrayDeque<ResponseInput> queue = new ArrayDeque<>();
  private boolean utf8;
  private Mode mode = Mode.LINE;
  private long remaining;
  private int literals;
  private int[] streamed = new int[0];

  /**
   * A decoder.
   *
   * @param limits the limits to enforce (the response length; nesting; literals per response)
   */
  public ResponseDecoder(ImapLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.buffer = new LineBuffer(limits.maxResponseLength());
  }

  /**
   * Sets whether mailbox names are UTF-8 (IMAP4rev2 or UTF8=ACCEPT enabled) rather than modified UTF-7.
   *
   * @param utf8Names whether names are UTF-8 from the next response on
   */
  public void setUtf8Names(boolean utf8Names) {
    this.utf8 = utf8Names;
  }

  /** {@return whether part of a response is held or being skipped (the stream is between responses when false)} */
  public boolean inResponse() {
    return buffer.length() > 0 || mode != Mode.LINE || !queue.isEmpty();
  }

  /**
   * Reads from {@code in} until one unit is complete or the input is used up.
   *
   * @param in the bytes from the server; its position advances past what was consumed
   * @return the next unit, or {@link ResponseInput.NeedInput} once every byte was consumed without completing one
   */
  public ResponseInput next(ByteBuffer in) {
    while (true) {
      if (!queue.isEmpty()) {
        return queue.poll();
      }
      ResponseInput r = switch (mode) {
        case LINE -> readLine(in);
        case LITERAL -> readLiteral(in);
        case SECTION -> section(in);
        case SKIP -> skip(in);
        case LOST -> {
          in.position(in.limit());
          yield null;
        }
      };
      if (r != null) {
        return r;
      }
      if (queue.isEmpty() && !in.hasRemaining() && !(mode == Mode.SECTION && remaining == 0)) {
        return NEED_INPUT;
      }
    }
  }

  private ResponseInput readLine(ByteBuffer in) {
    LineBuffer.Read read = buffer.readLine(in);
    if (read == LineBuffer.Read.OVERFLOW) {
      skipper.skipLine(buffer.array(), buffer.lineStart(), buffer.length());
      resetResponse();
      mode = Mode.SKIP;
      return malformed("response longer than " + limits.maxResponseLength() + " octets");
    }
    if (read == LineBuffer.Read.NEED_MORE) {
      return null;
    }
    int contentEnd = buffer.contentEnd();
    if (contentEnd == 0) {
      resetResponse();
      return null;
    }
    LiteralMarker m = LiteralMarker.find(buffer.array(), buffer.lineStart(), contentEnd);
    if (m == null) {
      return complete(contentEnd);
    }
    if (!m.sizeValid()) {
      resetResponse();
      mode = Mode.LOST;
      return new ResponseInput.Malformed("literal size is not a number64", true);
    }
    if (++literals > limits.maxLiteralsPerCommand()) {
      return skipLiteral(m, "too many literals in one response");
    }
    Lexer lx = lexer(buffer.length());
    lx.setPending(m.offset());
    try {
      new ResponseParser(lx, utf8).parse();
    } catch (FetchResponseParser.SectionPending p) {
      streamed = Arrays.copyOf(streamed, streamed.length + 1);
      streamed[streamed.length - 1] = m.offset();
      mode = Mode.SECTION;
      remaining = m.size();
      return new ResponseInput.SectionBegin(p.seq, p.content, p.binary, p.earlier);
    } catch (LiteralPending p) {
      if (m.size() > buffer.room()) {
        return skipLiteral(m, "response longer than " + limits.maxResponseLength() + " octets");
      }
      mode = Mode.LITERAL;
      remaining = m.size();
      return null;
    } catch (SyntaxException | IllegalArgumentException e) {
      return skipLiteral(m, e.getMessage());
    }
    // a whole response before the literal: the literal cannot belong to it
    return skipLiteral(m, "unexpected literal");
  }

  private ResponseInput complete(int contentEnd) {
    Lexer lx = lexer(contentEnd);
    ResponseParser parser = new ResponseParser(lx, utf8);
    Response response;
    try {
      response = parser.parse();
    } catch (SyntaxException | IllegalArgumentException e) {
      resetResponse();
      return malformed(e.getMessage());
    }
    for (FetchResponseParser.Inline i : parser.inline()) {
      queue.add(new ResponseInput.SectionBegin(((dev.missive.imap.response.UntaggedResponse.Fetch) response).seq(),
          i.content(), false, java.util.List.of()));
      queue.add(new ResponseInput.SectionData(ByteBuffer.wrap(i.octets()).asReadOnlyBuffer()));
      queue.add(new ResponseInput.SectionEnd());
    }
    queue.add(new ResponseInput.Received(response));
    resetResponse();
    return queue.poll();
  }

  private Lexer lexer(int end) {
    Lexer lx = new Lexer(buffer.array(), 0, end, limits.maxNestingDepth());
    lx.lenientSpaces();
    for (int s : streamed) {
      lx.markStreamed(s);
    }
    return lx;
  }

  private ResponseInput skipLiteral(LiteralMarker m, String reason) {
    resetResponse();
    mode = Mode.SKIP;
    skipper.skipLiteral(m.size());
    return malformed(reason);
  }

  private static ResponseInput malformed(String reason) {
    return new ResponseInput.Malformed(reason == null ? "malformed response" : reason, false);
  }

  private ResponseInput readLiteral(ByteBuffer in) {
    remaining -= buffer.copy(in, remaining);
    if (remaining == 0) {
      mode = Mode.LINE;
      buffer.startLine();
    }
    return null;
  }

  private ResponseInput section(ByteBuffer in) {
    if (remaining == 0) {
      mode = Mode.LINE;
      buffer.startLine();
      return new ResponseInput.SectionEnd();
    }
    if (!in.hasRemaining()) {
      return NEED_INPUT;
    }
    ByteBuffer chunk = LineBuffer.take(in, remaining);
    remaining -= chunk.remaining();
    return new ResponseInput.SectionData(chunk);
  }

  private ResponseInput skip(ByteBuffer in) {
    Skipper.Result r = skipper.skip(in, true);
    if (r == Skipper.Result.LOST) {
      mode = Mode.LOST;
      return new ResponseInput.Malformed("literal size is not a number64", true);
    }
    if (r == Skipper.Result.DONE) {
      mode = Mode.LINE;
    }
    return null;
  }

  private void resetResponse() {
    buffer.clear();
    literals = 0;
    streamed = new int[0];
  }
}
