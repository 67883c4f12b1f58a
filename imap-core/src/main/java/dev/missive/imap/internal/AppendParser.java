package dev.missive.imap.internal;

import dev.missive.imap.Flag;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Parses APPEND (RFC 9051 §6.3.12 {@code append}), MULTIAPPEND's several messages (RFC 3502 §6.3.11) and the
 * {@code UTF8 (~{n})} form of RFC 6855 §4, over a command whose message literals are streamed: their octets are
 * never in the buffer (the decoder {@linkplain Lexer#markStreamed(int) marks} them), and the literal that ends the
 * bytes received so far is the next message's, reported as {@link PendingMessage}. A literal met before the
 * message position (the mailbox name as a literal) throws {@link LiteralPending}: the decoder buffers it.
 */
public final class AppendParser {

  /** What the bytes so far amount to. */
  public sealed interface Result {}

  /**
   * The next message's literal ends the bytes so far: its metadata and header.
   *
   * @param tag          the command's tag
   * @param mailbox      the destination
   * @param flags        the flags
   * @param internalDate the date-time, if given
   * @param utf8         whether in the {@code UTF8 (...)} form
   * @param literal      the literal's header
   * @param index        how many messages came before it
   */
  public record PendingMessage(String tag, String mailbox, List<Flag> flags, Optional<OffsetDateTime> internalDate,
                               boolean utf8, LiteralPending literal, int index) implements Result {}

  /**
   * The whole command: every message was streamed.
   *
   * @param tag     the command's tag
   * @param mailbox the destination
   * @param count   the number of messages
   */
  public record Complete(String tag, String mailbox, int count) implements Result {}

  private AppendParser() {}

  /**
   * Parses the command so far.
   *
   * @param lx     the lexer; its pending literal (if any) is the one ending the bytes so far
   * @param parser the command parser over the same lexer, for the tag and the mailbox name
   * @return a pending message, or the complete command
   * @throws SyntaxException if the bytes are not an APPEND command
   */
  public static Result parse(Lexer lx, CommandParser parser) {
    String verb = parser.head();
    if (!verb.equals("APPEND")) {
      throw lx.error("APPEND expected");
    }
    String tag = parser.tag();
    String mailbox = parser.spMailbox();
    int count = 0;
    while (!lx.atEnd()) {
      lx.sp();
      List<Flag> flags = List.of();
      if (lx.peek() == '(') {
        flags = lx.flagList();
        if (flags.contains(Flag.ANY_KEYWORD)) {
          throw lx.error("\\* is not a flag");
        }
        lx.sp();
      }
      Optional<OffsetDateTime> date = Optional.empty();
      if (lx.peek() == '"') {
        date = Optional.of(lx.dateTime());
        lx.sp();
      }
      boolean utf8 = false;
      if (lx.tryWord("UTF8")) {
        utf8 = true;
        lx.sp();
        lx.expect('(');
        if (lx.peek() != '~') {
          throw lx.error("UTF8 needs a literal8 (RFC 6855 §4)");
        }
      } else if (lx.tryWord("CATENATE")) {
        throw lx.error("CATENATE is not supported");
      }
      if (!lx.atLiteral()) {
        throw lx.error("message literal expected");
      }
      LiteralHeader h;
      try {
        h = lx.literalHeader(true);
      } catch (LiteralPending pending) {
        return new PendingMessage(tag, mailbox, flags, date, utf8, pending, count);
      }
      if (!h.streamed()) {
        throw lx.error("message literal expected");
      }
      count++;
      if (utf8) {
        lx.expect(')');
      }
    }
    if (count == 0) {
      throw lx.error("APPEND needs a message");
    }
    return new Complete(tag, mailbox, count);
  }
}
