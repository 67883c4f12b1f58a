package dev.missive.smtp.server.internal;

import dev.missive.smtp.EnhancedStatus;
import dev.missive.smtp.Reply;
import dev.missive.wire.OutputQueue;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Formats replies for the wire (RFC 5321 §4.2.1): {@code code "-" text} for every line but the last, then
 * {@code code SP text}; with enhanced status codes on, the code {@code class.subject.detail} on every line of a
 * 2xx, 4xx or 5xx reply (RFC 2034 §4), defaulting to {@code x.0.0} when the reply carries none. One trailing space
 * of a line is dropped. The octets are written straight into one array per reply (no intermediate text); a reply the
 * engine writes again and again is encoded once ({@link FixedReply}).
 */
public final class ReplyWriter {

  /** Code, separator, {@code 5.999.999}, space and CRLF: what a line adds to its text. */
  private static final int LINE_OVERHEAD = 3 + 1 + 11 + 1 + 2;

  private ReplyWriter() {
  }

  /**
   * Writes {@code reply}.
   *
   * @param out      where the octets go
   * @param reply    the reply
   * @param enhanced whether to put an enhanced status code on each line (never on 3xx)
   */
  public static void write(OutputQueue out, Reply reply, boolean enhanced) {
    byte[] b = new byte[bound(reply)];
    out.write(b, 0, fill(b, reply, enhanced));
  }

  /**
   * The wire form of {@code reply}: every line with its CRLF, text in UTF-8 (RFC 6531 §3.7.4).
   *
   * @param reply    the reply
   * @param enhanced whether to put an enhanced status code on each line (never on 3xx)
   * @return the octets, a new array
   */
  public static byte[] encode(Reply reply, boolean enhanced) {
    byte[] b = new byte[bound(reply)];
    int n = fill(b, reply, enhanced);
    return n == b.length ? b : Arrays.copyOf(b, n);
  }

  /** The most octets {@code reply} takes: exact for US-ASCII text but for the unused room of a status code. */
  private static int bound(Reply reply) {
    int bound = 0;
    for (String text : reply.lines()) {
      int len = text.length();
      bound += LINE_OVERHEAD + len;
      for (int i = 0; i < len; i++) {
        if (text.charAt(i) >= 0x80) {
          bound += 2 * len; // a char is at most 3 UTF-8 octets (a surrogate pair 4 for 2 chars)
          break;
        }
      }
    }
    return bound;
  }

  /** Writes the reply's octets into {@code b} from 0 and returns how many. */
  private static int fill(byte[] b, Reply reply, boolean enhanced) {
    List<String> lines = reply.lines();
    int code = reply.code();
    boolean withStatus = enhanced && code / 100 != 3;
    EnhancedStatus status = withStatus ? reply.status().orElse(null) : null;
    int n = 0;
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i);
      n = digits(b, n, code, 3);
      b[n++] = (byte) (i < lines.size() - 1 ? '-' : ' ');
      if (withStatus) {
        n = status != null ? status(b, n, status.statusClass(), status.subject(), status.detail())
            : status(b, n, code / 100, 0, 0);
        if (!text.isEmpty()) {
          b[n++] = ' ';
        }
      }
      n = text(b, n, text);
      if (b[n - 1] == ' ') {
        n--;
      }
      b[n++] = '\r';
      b[n++] = '\n';
    }
    return n;
  }

  private static int status(byte[] b, int n, int statusClass, int subject, int detail) {
    n = number(b, n, statusClass);
    b[n++] = '.';
    n = number(b, n, subject);
    b[n++] = '.';
    return number(b, n, detail);
  }

  /** Writes {@code v}, 0–999, without leading zeros. */
  private static int number(byte[] b, int n, int v) {
    return digits(b, n, v, v >= 100 ? 3 : v >= 10 ? 2 : 1);
  }

  private static int digits(byte[] b, int n, int v, int count) {
    for (int i = count - 1; i >= 0; i--) {
      b[n + i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return n + count;
  }

  private static int text(byte[] b, int n, String text) {
    int len = text.length();
    for (int i = 0; i < len; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) { // the rest as UTF-8 (an SMTPUTF8 reply text, RFC 6531 §3.7.4)
        byte[] rest = text.substring(i).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(rest, 0, b, n, rest.length);
        return n + rest.length;
      }
      b[n++] = (byte) c;
    }
    return n;
  }
}
