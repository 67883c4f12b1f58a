package dev.missive.smtp.client.internal;

import dev.missive.smtp.EnhancedStatus;
import dev.missive.smtp.Reply;
import dev.missive.wire.BareLineEndingPolicy;
import dev.missive.wire.LineFramer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Assembles server replies (RFC 5321 §4.2, multi-line per §4.2.1) from bytes, in bounded memory: a line longer than
 * the limit, more lines than the limit, more octets than the limit, a code that is not three digits of an SMTP
 * reply, a continuation with a different code or a bare CR/LF all end in a sticky protocol error (docs/security.md,
 * "Hostile server replies"). Enhanced status codes (RFC 2034 §4, RFC 3463) are split off the text when the first line
 * carries one of the reply's class; never on 3xx. Total: no input makes it throw.
 */
public final class ReplyReader {

  private final LineFramer framer;
  private final int maxLines;
  private final int maxReplySize;
  private final List<String> texts = new ArrayList<>();
  private int code = -1;
  private int size;
  private String error;

  /**
   * Creates a reader.
   *
   * @param maxLineLength octets of a reply line including its CRLF (RFC 5321 §4.5.3.1.5: 512)
   * @param maxLines      lines per reply
   * @param maxReplySize  octets per reply, line endings included
   */
  public ReplyReader(int maxLineLength, int maxLines, int maxReplySize) {
    this.framer = new LineFramer(maxLineLength - 2, BareLineEndingPolicy.REJECT);
    this.maxLines = maxLines;
    this.maxReplySize = maxReplySize;
  }

  /**
   * Consumes input up to the end of the next complete reply.
   *
   * @return the reply, or {@code null} when more input is needed or an error was found ({@link #error()})
   */
  public Reply next(ByteBuffer in) {
    while (error == null) {
      LineFramer.Status status = framer.next(in);
      if (status == LineFramer.Status.NEED_MORE) {
        return null;
      }
      if (status == LineFramer.Status.LINE_TOO_LONG) {
        return fail("reply line longer than " + (framer.maxLineLength() + 2) + " octets");
      }
      if (framer.lineHasBareLineEnding()) {
        return fail("bare CR or LF in a reply line");
      }
      Reply reply = line(framer.line());
      if (reply != null) {
        return reply;
      }
    }
    return null;
  }

  private Reply line(ByteBuffer line) {
    int length = line.remaining();
    int p = line.position();
    if (length < 3 || !codeDigits(line.get(p), line.get(p + 1), line.get(p + 2))) {
      return fail("reply line does not start with an SMTP reply code");
    }
    int lineCode = (line.get(p) - '0') * 100 + (line.get(p + 1) - '0') * 10 + (line.get(p + 2) - '0');
    boolean last;
    if (length == 3 || line.get(p + 3) == ' ') {
      last = true;
    } else if (line.get(p + 3) == '-') {
      last = false;
    } else {
      return fail("reply code not followed by a space or hyphen");
    }
    if (code >= 0 && lineCode != code) {
      return fail("continuation line with code " + lineCode + " in a " + code + " reply");
    }
    code = lineCode;
    size += length + 2;
    if (texts.size() >= maxLines) {
      return fail("reply longer than " + maxLines + " lines");
    }
    if (size > maxReplySize) {
      return fail("reply larger than " + maxReplySize + " octets");
    }
    texts.add(text(line, p + Math.min(4, length), p + length));
    return last ? complete() : null;
  }

  private static boolean codeDigits(byte a, byte b, byte c) {
    return a >= '2' && a <= '5' && b >= '0' && b <= '5' && c >= '0' && c <= '9';
  }

  /** Decodes text as UTF-8 (RFC 6531 §3.7.4 allows it), replacing malformed input and NUL. */
  private static String text(ByteBuffer line, int from, int to) {
    byte[] bytes = new byte[to - from];
    line.get(from, bytes);
    return new String(bytes, StandardCharsets.UTF_8).replace('\0', '\uFFFD');
  }

  private Reply complete() {
    Optional<EnhancedStatus> status = Optional.empty();
    List<String> lines = new ArrayList<>(texts.size());
    EnhancedStatus first = code / 100 == 3 ? null : EnhancedStatus.tryParse(firstWord(texts.get(0)));
    if (first != null && first.statusClass() == code / 100) {
      status = Optional.of(first);
    }
    for (String t : texts) {
      String text = t;
      if (status.isPresent()) {
        String word = firstWord(t);
        EnhancedStatus s = EnhancedStatus.tryParse(word);
        if (s != null && s.statusClass() == code / 100) {
          text = t.substring(Math.min(t.length(), word.length() + 1));
        }
      }
      lines.add(text.length() > Reply.MAX_LINE_TEXT ? text.substring(0, Reply.MAX_LINE_TEXT) : text);
    }
    Reply reply = new Reply(code, status, lines);
    texts.clear();
    code = -1;
    size = 0;
    return reply;
  }

  private static String firstWord(String text) {
    int space = text.indexOf(' ');
    return space < 0 ? text : text.substring(0, space);
  }

  private Reply fail(String reason) {
    error = reason;
    texts.clear();
    return null;
  }

  /** The protocol error that stopped this reader, or {@code null}. */
  public String error() {
    return error;
  }

  /** Forgets any partial reply, as after the TLS handshake (RFC 3207 §4.2). */
  public void reset() {
    framer.reset();
    texts.clear();
    code = -1;
    size = 0;
  }
}
