package dev.missive.imap.protocol;

import dev.missive.imap.ResponseCode;
import dev.missive.imap.ResponseStatus;
import dev.missive.imap.internal.AppendParser;
import dev.missive.imap.internal.CommandParser;
import dev.missive.imap.internal.Lexer;
import dev.missive.imap.internal.LineBuffer;
import dev.missive.imap.internal.Skipper;
import dev.missive.imap.internal.LiteralMarker;
import dev.missive.imap.internal.LiteralPending;
import dev.missive.imap.internal.Refusal;
import dev.missive.imap.internal.SyntaxException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The server side's reader of client commands (RFC 9051 §2.2.1 and §9): sans-IO, bounded, total. It takes bytes as
 * they come and delivers {@link CommandInput}s one at a time; the same units come out however the bytes are split.
 *
 * <p>Use: call {@link #next(ByteBuffer)} with the input until it returns {@link CommandInput.NeedInput}. It
 * consumes only what it needs for the unit it returns, so bytes of later (pipelined) commands stay in the buffer
 * until it is called again, and a host that stops calling — a decision pending, STARTTLS under way — leaves them
 * unread. The engine answers what it gets:
 * <ul>
 *   <li>{@link CommandInput.Received}: a whole command.</li>
 *   <li>{@link CommandInput.ContinuationNeeded}: send {@code + } (RFC 9051 §7.6) — the literal is within the
 *   limits.</li>
 *   <li>{@link CommandInput.Refused}: send the status response it describes; the decoder has already arranged to
 *   skip the rest of that command, non-synchronizing literal octets included (RFC 7888 §4), so the next unit is the
 *   next command.</li>
 *   <li>{@link CommandInput.AppendMessage}: decide with {@link #acceptAppend()} or {@link #rejectAppend()}; then
 *   {@link CommandInput.AppendData} chunks (views of the input, never buffered), {@link CommandInput.AppendMessageEnd},
 *   and finally {@link CommandInput.AppendComplete} or, if the rest of the command is malformed, a
 *   {@code Refused}.</li>
 *   <li>{@link CommandInput.Line}: after {@link #expectLine()}, for AUTHENTICATE responses and IDLE's DONE.</li>
 * </ul>
 *
 * <p>Framing survives every input. A command longer than {@link ImapLimits#maxCommandLength()} (a megabyte without
 * CRLF included) is refused as soon as the limit is passed and skipped to its end. A literal is only accepted
 * within the limits: a synchronizing one over them is refused before the client sends it; a non-synchronizing one
 * is refused at once and its octets skipped. A literal size that is not a {@code number64} ({@code
 * {99999999999999999999}}) cannot be framed: the line is refused and ends the command. Memory stays within the
 * command limit; nothing here throws on peer input. Lines may end in CRLF or a bare LF; empty lines between
 * commands are ignored. Not thread-safe.
 */
public final class CommandDecoder {

  private static final CommandInput NEED_INPUT = new CommandInput.NeedInput();

  private enum Mode { LINE, LITERAL, APPEND_DECISION, APPEND_DATA, SKIP, EXPECT_LINE, EXPECT_LINE_SKIP }

  private final ImapLimits limits;
  private final NonSynchronizingLiterals nonSync;
  private final LineBuffer buffer;
  private final Skipper skipper = new Skipper();
  private boolean utf8;

  private Mode mode = Mode.LINE;
  private long remaining;
  private int literals;
  private int[] streamed = new int[0];
  private int appendCount;
  private CommandInput.AppendMessage pendingAppend;
  private int pendingAppendOffset;
  private boolean appendEndDue;

  /**
   * A decoder.
   *
   * @param limits  the limits to enforce
   * @param nonSync which non-synchronizing literals are taken (the capability advertised)
   */
  public CommandDecoder(ImapLimits limits, NonSynchronizingLiterals nonSync) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.nonSync = Objects.requireNonNull(nonSync, "nonSync");
    this.buffer = new LineBuffer(limits.maxCommandLength());
  }

  /**
   * Sets whether mailbox names are UTF-8 (after {@code ENABLE IMAP4rev2} or {@code ENABLE UTF8=ACCEPT}, RFC 9051
   * §5.1, RFC 6855 §3) rather than modified UTF-7 (RFC 3501 §5.1.3).
   *
   * @param utf8Names whether names are UTF-8 from the next command on
   */
  public void setUtf8Names(boolean utf8Names) {
    this.utf8 = utf8Names;
  }

  /** {@return whether bytes of an unfinished command are held, or a literal is being received or skipped} */
  public boolean inCommand() {
    return buffer.length() > 0 || mode != Mode.LINE;
  }

  /** Forgets everything buffered and any command in progress (for example when TLS starts, RFC 9051 §6.2.1). */
  public void reset() {
    resetCommand();
    mode = Mode.LINE;
    remaining = 0;
    appendEndDue = false;
  }

  /**
   * Asks for the next line as a {@link CommandInput.Line} rather than a command: a client response during
   * AUTHENTICATE (RFC 9051 §6.2.2) or the {@code DONE} that ends IDLE (§6.3.13).
   *
   * @throws IllegalStateException if a command is being received
   */
  public void expectLine() {
    if (inCommand()) {
      throw new IllegalStateException("expectLine() between commands only (mode " + mode + ")");
    }
    mode = Mode.EXPECT_LINE;
  }

  /**
   * Accepts the APPEND message just announced: its octets follow as {@link CommandInput.AppendData}.
   *
   * @return whether the client waits for a continuation request ({@code +}) before sending them
   * @throws IllegalStateException if no {@link CommandInput.AppendMessage} awaits a decision
   */
  public boolean acceptAppend() {
    requireDecision();
    streamed = Arrays.copyOf(streamed, streamed.length + 1);
    streamed[streamed.length - 1] = pendingAppendOffset;
    mode = Mode.APPEND_DATA;
    remaining = pendingAppend.size();
    appendEndDue = true;
    boolean sync = pendingAppend.synchronizing();
    pendingAppend = null;
    return sync;
  }

  /**
   * Refuses the APPEND message just announced; the engine answers the command with a tagged NO. A synchronizing
   * literal is never sent by the client; the octets of a non-synchronizing one are skipped, with the rest of the
   * command.
   *
   * @return how many octets the decoder will skip
   * @throws IllegalStateException if no {@link CommandInput.AppendMessage} awaits a decision
   */
  public long rejectAppend() {
    requireDecision();
    CommandInput.AppendMessage a = pendingAppend;
    resetCommand();
    if (a.synchronizing()) {
      mode = Mode.LINE;
      return 0;
    }
    mode = Mode.SKIP;
    skipper.skipLiteral(a.size());
    return a.size();
  }

  private void requireDecision() {
    if (mode != Mode.APPEND_DECISION) {
      throw new IllegalStateException("no APPEND message awaits a decision (mode " + mode + ")");
    }
  }

  /**
   * Reads from {@code in} until one unit is complete or the input is used up.
   *
   * @param in the bytes from the client; its position advances past what was consumed
   * @return the next unit, or {@link CommandInput.NeedInput} once every byte was consumed without completing one
   * @throws IllegalStateException while an {@link CommandInput.AppendMessage} awaits a decision
   */
  public CommandInput next(ByteBuffer in) {
    while (true) {
      CommandInput r = switch (mode) {
        case LINE -> readLine(in, false);
        case EXPECT_LINE -> readLine(in, true);
        case LITERAL -> readLiteral(in);
        case APPEND_DECISION -> throw new IllegalStateException("decide on the APPEND message first");
        case APPEND_DATA -> appendData(in);
        case SKIP, EXPECT_LINE_SKIP -> skip(in);
      };
      if (r != null) {
        return r;
      }
      if (!in.hasRemaining() && mode != Mode.APPEND_DATA) {
        return NEED_INPUT;
      }
    }
  }

  // ---- lines ----

  private CommandInput readLine(ByteBuffer in, boolean expected) {
    LineBuffer.Read read = buffer.readLine(in);
    if (read == LineBuffer.Read.OVERFLOW) {
      Optional<String> tag = expected ? Optional.empty() : tagOf();
      skipper.skipLine(buffer.array(), buffer.lineStart(), buffer.length());
      resetCommand();
      mode = expected ? Mode.EXPECT_LINE_SKIP : Mode.SKIP;
      return expected ? null
          : refused(tag, ResponseStatus.BAD, ResponseCode.TOOBIG, "Command line too long", 0);
    }
    if (read == LineBuffer.Read.NEED_MORE) {
      return null;
    }
    int contentEnd = buffer.contentEnd();
    if (expected) {
      mode = Mode.LINE;
      ByteBuffer line = ByteBuffer.wrap(buffer.array(), 0, contentEnd).slice().asReadOnlyBuffer();
      buffer.clearKeepingArray();
      return new CommandInput.Line(line, false);
    }
    if (contentEnd == 0) {
      resetCommand();
      return null;
    }
    LiteralMarker m = LiteralMarker.find(buffer.array(), buffer.lineStart(), contentEnd);
    if (m == null) {
      return complete(contentEnd);
    }
    if (!m.sizeValid()) {
      Optional<String> tag = tagOf();
      resetCommand();
      return refused(tag, ResponseStatus.BAD, null, "Literal size is not a number64", 0);
    }
    if (++literals > limits.maxLiteralsPerCommand()) {
      return refuseLiteral(m, ResponseStatus.BAD, ResponseCode.LIMIT, "Too many literals in one command");
    }
    return CommandStart.isAppend(buffer.array(), buffer.length()) ? appendLiteral(m) : argumentLiteral(m);
  }

  private CommandInput expectedTooLong() {
    mode = Mode.LINE;
    return new CommandInput.Line(ByteBuffer.allocate(0).asReadOnlyBuffer(), true);
  }

  private CommandInput argumentLiteral(LiteralMarker m) {
    Optional<String> tag = tagOf();
    if (tag.isEmpty()) {
      return refuseLiteral(m, ResponseStatus.BAD, null, "Command must start with a tag");
    }
    if (m.binary()) {
      return refuseLiteral(m, ResponseStatus.BAD, null, "literal8 only carries APPEND messages");
    }
    CommandInput policy = nonSyncPolicy(m);
    if (policy != null) {
      return policy;
    }
    if (m.size() > buffer.room()) {
      return refuseLiteral(m, ResponseStatus.BAD, ResponseCode.TOOBIG, "Literal too large");
    }
    mode = Mode.LITERAL;
    remaining = m.size();
    return m.nonSynchronizing() ? null : new CommandInput.ContinuationNeeded(tag.get());
  }

  private CommandInput nonSyncPolicy(LiteralMarker m) {
    if (!m.nonSynchronizing()) {
      return null;
    }
    if (nonSync == NonSynchronizingLiterals.REFUSED) {
      return refuseLiteral(m, ResponseStatus.BAD, null, "Non-synchronizing literals are not supported");
    }
    if (nonSync == NonSynchronizingLiterals.LITERAL_MINUS
        && m.size() > NonSynchronizingLiterals.LITERAL_MINUS_MAX) {
      // RFC 7888 §5: a larger one MUST be refused, with TOOBIG for APPEND
      return refuseLiteral(m, ResponseStatus.BAD, ResponseCode.TOOBIG,
          "Non-synchronizing literals are limited to 4096 octets (LITERAL-)");
    }
    return null;
  }

  private CommandInput appendLiteral(LiteralMarker m) {
    Lexer lx = lexer(buffer.length());
    lx.setPending(m.offset());
    CommandParser parser = new CommandParser(lx, utf8);
    AppendParser.Result r;
    try {
      r = AppendParser.parse(lx, parser);
    } catch (LiteralPending pending) {
      return argumentLiteral(m);
    } catch (SyntaxException e) {
      return refuseLiteral(m, Refusal.statusOf(e), Refusal.codeOf(e), e.getMessage());
    }
    if (!(r instanceof AppendParser.PendingMessage p)) {
      return refuseLiteral(m, ResponseStatus.BAD, null, "message literal expected");
    }
    CommandInput policy = nonSyncPolicy(m);
    if (policy != null) {
      return policy;
    }
    if (m.size() > limits.maxAppendSize()) {
      // RFC 7889 §4 and RFC 4469 §4: TOOBIG
      return refuseLiteral(m, ResponseStatus.NO, ResponseCode.TOOBIG, "Message too large");
    }
    pendingAppend = new CommandInput.AppendMessage(p.tag(), p.mailbox(), p.flags(), p.internalDate(), m.size(),
        !m.nonSynchronizing(), m.binary(), p.utf8(), p.index());
    pendingAppendOffset = m.offset();
    mode = Mode.APPEND_DECISION;
    return pendingAppend;
  }

  private CommandInput refuseLiteral(LiteralMarker m, ResponseStatus status, ResponseCode code, String text) {
    Optional<String> tag = tagOf();
    resetCommand();
    if (m.nonSynchronizing()) {
      mode = Mode.SKIP;
      skipper.skipLiteral(m.size());
      return refused(tag, status, code, text, m.size());
    }
    mode = Mode.LINE;
    return refused(tag, status, code, text, 0);
  }

  private CommandInput complete(int contentEnd) {
    Lexer lx = lexer(contentEnd);
    CommandParser parser = new CommandParser(lx, utf8);
    try {
      if (CommandStart.isAppend(buffer.array(), buffer.length())) {
        if (!(AppendParser.parse(lx, parser) instanceof AppendParser.Complete c)) {
          throw lx.error("message literal expected");
        }
        resetCommand();
        return new CommandInput.AppendComplete(c.tag(), c.mailbox(), c.count());
      }
      CommandInput.Received received = new CommandInput.Received(parser.parse());
      resetCommand();
      return received;
    } catch (SyntaxException e) {
      Optional<String> tag = parser.tag() != null ? Optional.of(parser.tag()) : tagOf();
      resetCommand();
      return refused(tag, Refusal.statusOf(e), Refusal.codeOf(e), e.getMessage(), 0);
    }
  }

  private Lexer lexer(int end) {
    Lexer lx = new Lexer(buffer.array(), 0, end, limits.maxNestingDepth());
    for (int s : streamed) {
      lx.markStreamed(s);
    }
    return lx;
  }

  private static CommandInput refused(Optional<String> tag, ResponseStatus status, ResponseCode code, String text,
                                      long discarding) {
    return new CommandInput.Refused(tag, status, Optional.ofNullable(code), text, discarding);
  }

  // ---- literals and APPEND data ----

  private CommandInput readLiteral(ByteBuffer in) {
    remaining -= buffer.copy(in, remaining);
    if (remaining == 0) {
      mode = Mode.LINE;
      buffer.startLine();
    }
    return null;
  }

  private CommandInput appendData(ByteBuffer in) {
    if (remaining == 0) {
      if (appendEndDue) {
        appendEndDue = false;
        mode = Mode.LINE;
        buffer.startLine();
        return new CommandInput.AppendMessageEnd(appendCount++);
      }
      mode = Mode.LINE;
      return null;
    }
    if (!in.hasRemaining()) {
      return NEED_INPUT;
    }
    ByteBuffer chunk = LineBuffer.take(in, remaining);
    remaining -= chunk.remaining();
    return new CommandInput.AppendData(chunk);
  }

  private CommandInput skip(ByteBuffer in) {
    if (skipper.skip(in, false) == Skipper.Result.SKIPPING) {
      return null;
    }
    if (mode == Mode.EXPECT_LINE_SKIP) {
      return expectedTooLong();
    }
    mode = Mode.LINE;
    return null;
  }

  private void resetCommand() {
    buffer.clear();
    literals = 0;
    streamed = new int[0];
    appendCount = 0;
    pendingAppend = null;
  }

  private Optional<String> tagOf() {
    return CommandStart.tag(buffer.array(), buffer.length());
  }
}
