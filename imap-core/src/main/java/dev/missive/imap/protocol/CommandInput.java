package dev.missive.imap.protocol;

import dev.missive.imap.Flag;
import dev.missive.imap.ResponseCode;
import dev.missive.imap.ResponseStatus;
import dev.missive.imap.command.Command;
import dev.missive.imap.internal.text.Checks;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One unit of what a client sent, as {@link CommandDecoder#next(ByteBuffer)} delivers it to the server engine: a
 * whole command, the pieces of a streamed APPEND, a literal that needs a continuation request, a command refused
 * with the answer to give, or a continuation line (AUTHENTICATE, IDLE's {@code DONE}). Java 17 hosts dispatch with
 * an {@code instanceof} chain.
 */
public sealed interface CommandInput {

  /** Every byte offered was consumed and nothing is complete: call again with more input. */
  record NeedInput() implements CommandInput {}

  /**
   * A whole command, parsed.
   *
   * @param command the command
   */
  record Received(Command command) implements CommandInput {
    /**
     * Requires the command.
     *
     * @param command the command
     */
    public Received {
      Objects.requireNonNull(command, "command");
    }
  }

  /**
   * The client announced a synchronizing literal within the limits and waits: send a continuation request
   * ({@code + Ready for literal data}, RFC 9051 §7.6) before calling {@code next} again. The command is not yet
   * "in progress" (RFC 9051 §7.5.1).
   *
   * @param tag the tag of the command being received
   */
  record ContinuationNeeded(String tag) implements CommandInput {
    /**
     * Requires the tag.
     *
     * @param tag the tag of the command being received
     */
    public ContinuationNeeded {
      Objects.requireNonNull(tag, "tag");
    }
  }

  /**
   * The command cannot be taken: answer it with this status, code and text (tagged when the tag could be read,
   * else untagged {@code * BAD}). The decoder has already arranged to skip whatever is left of the command (the
   * octets of a non-synchronizing literal included), so framing holds; {@code discarding} tells how many literal
   * octets it will still throw away, so an engine may prefer {@code BYE} for a huge one (RFC 7888 §4).
   *
   * @param tag        the command's tag, if it could be read
   * @param status     {@link ResponseStatus#BAD} for syntax and framing errors, {@link ResponseStatus#NO} for refusals such as
   *                   BADCHARSET or TOOBIG
   * @param code       the response code, if any
   * @param text       the human-readable text
   * @param discarding literal octets the decoder will skip before the next command (0 when none)
   */
  record Refused(Optional<String> tag, ResponseStatus status, Optional<ResponseCode> code, String text, long discarding)
      implements CommandInput {
    /**
     * Checks the values.
     *
     * @param tag        the command's tag, if it could be read
     * @param status     BAD or NO
     * @param code       the response code, if any
     * @param text       the human-readable text
     * @param discarding literal octets the decoder will skip
     */
    public Refused {
      Objects.requireNonNull(tag, "tag");
      if (status != ResponseStatus.BAD && status != ResponseStatus.NO) {
        throw new IllegalArgumentException("a refusal is BAD or NO");
      }
      Objects.requireNonNull(code, "code");
      Checks.text("text", text);
    }
  }

  /**
   * The start of one APPEND message (RFC 9051 §6.3.12; each message of a MULTIAPPEND, RFC 3502, in turn): the
   * decoder waits for {@link CommandDecoder#acceptAppend()} (send {@code +} if that returns true, then the
   * message's octets follow as {@link AppendData}) or {@link CommandDecoder#rejectAppend()} (answer the command
   * with a tagged NO, for example {@code [TRYCREATE]}). The command is complete only at {@link AppendComplete}: keep
   * what was received uncommitted until then (a later message may be refused).
   *
   * @param tag              the command's tag
   * @param mailbox          the destination mailbox
   * @param flags            the flags to set, possibly none
   * @param internalDate     the internal date to set, if given
   * @param size             the message's size in octets
   * @param synchronizing    whether the client waits for a continuation request before sending it
   * @param binary           whether it came as a literal8 ({@code ~{n}}, RFC 3516 §4.4: may hold NUL and 8-bit
   *                         data)
   * @param utf8             whether it came in the {@code UTF8 (~{n})} form of RFC 6855 §4
   * @param index            0 for the first message of the command, 1 for the second, ...
   */
  record AppendMessage(String tag, String mailbox, List<Flag> flags, Optional<OffsetDateTime> internalDate,
                       long size, boolean synchronizing, boolean binary, boolean utf8, int index)
      implements CommandInput {
    /**
     * Checks the values.
     *
     * @param tag           the command's tag
     * @param mailbox       the destination mailbox
     * @param flags         the flags to set
     * @param internalDate  the internal date, if given
     * @param size          the size in octets
     * @param synchronizing whether the client waits for a continuation request
     * @param binary        whether it came as a literal8
     * @param utf8          whether it came in the UTF8 form
     * @param index         the message's place in the command
     */
    public AppendMessage {
      Checks.tag(tag);
      Objects.requireNonNull(mailbox, "mailbox");
      flags = Checks.list("flags", flags);
      Objects.requireNonNull(internalDate, "internalDate");
    }
  }

  /**
   * A chunk of the current APPEND message's octets: a read-only view of the input valid until the next call to the
   * decoder; copy what you keep.
   *
   * @param bytes the octets
   */
  record AppendData(ByteBuffer bytes) implements CommandInput {
    /**
     * Requires the bytes.
     *
     * @param bytes the octets
     */
    public AppendData {
      Objects.requireNonNull(bytes, "bytes");
    }
  }

  /**
   * All octets of the current APPEND message were delivered.
   *
   * @param index the message's place in the command
   */
  record AppendMessageEnd(int index) implements CommandInput {}

  /**
   * The APPEND command ended well: commit the messages (all of them, RFC 3502 §6.3.11) and answer OK.
   *
   * @param tag     the command's tag
   * @param mailbox the destination mailbox
   * @param count   how many messages it carried
   */
  record AppendComplete(String tag, String mailbox, int count) implements CommandInput {
    /**
     * Requires the values.
     *
     * @param tag     the command's tag
     * @param mailbox the destination mailbox
     * @param count   how many messages it carried
     */
    public AppendComplete {
      Checks.tag(tag);
      Objects.requireNonNull(mailbox, "mailbox");
    }
  }

  /**
   * A line the engine asked for with {@link CommandDecoder#expectLine()}: a client response during AUTHENTICATE
   * (RFC 9051 §6.2.2) or {@code DONE} ending IDLE (§6.3.13). A read-only view, its CRLF removed, valid until the
   * next call; if the line was longer than the command limit it was skipped and {@code tooLong} is set.
   *
   * @param line    the line's octets without CRLF (empty if too long)
   * @param tooLong whether the line exceeded the limit and was discarded
   */
  record Line(ByteBuffer line, boolean tooLong) implements CommandInput {
    /**
     * Requires the line.
     *
     * @param line    the line's octets without CRLF
     * @param tooLong whether the line was discarded
     */
    public Line {
      Objects.requireNonNull(line, "line");
    }
  }
}
