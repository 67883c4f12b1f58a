package dev.missive.message.tree;

import java.util.Arrays;
import java.util.List;

/**
 * The lines of canonical output that the parser will read as multipart delimiter lines (RFC 2046 §5.1.1), read by
 * the parser's own rule (the stream package's Delimiters): "--" and the boundary, then {@code --}, a space or tab, a
 * line ending or the end, and the rest of the line shorter than {@link #MAX_TAIL} octets. {@link Canonicalizer} uses
 * it so that what it writes is never read with another structure.
 */
final class DelimiterLines {

  /** The longest text after a boundary on a line the parser reads as a delimiter line (Delimiters.MAX_TAIL). */
  static final int MAX_TAIL = 1024;

  private DelimiterLines() {
  }

  /**
   * Whether {@code written} ({@code original} with mended line endings, or re-encoded) has more lines that read as
   * a delimiter of {@code active} than the original had: mending only adds line starts, and a re-encoded line may
   * be short enough where the original was not, so a new one would change the structure when parsed again
   * (RFC 2046 §5.1.1).
   */
  static boolean anyNew(byte[] original, byte[] written, List<byte[]> active) {
    return !active.isEmpty() && count(written, active) > count(original, active);
  }

  /** The lines of {@code s} (at its start and after each LF) the parser reads as a delimiter line of one of these. */
  static int count(byte[] s, List<byte[]> delimiters) {
    int count = 0;
    for (int line = 0; line < s.length; line = nextLine(s, line)) {
      for (byte[] d : delimiters) {
        if (end(s, line, d) >= 0) {
          count++;
          break;
        }
      }
    }
    return count;
  }

  /** The start of the first line of {@code s} the parser reads as the delimiter line {@code d}, or -1. */
  static int first(byte[] s, byte[] d) {
    for (int line = 0; line < s.length; line = nextLine(s, line)) {
      if (end(s, line, d) >= 0) {
        return line;
      }
    }
    return -1;
  }

  private static int nextLine(byte[] s, int line) {
    int lf = line;
    while (lf < s.length && s[lf] != '\n') {
      lf++;
    }
    return lf + 1;
  }

  /**
   * Where the delimiter line {@code d} starting at {@code at} in {@code s} ends (past its LF, or at the end), or
   * -1 when the parser does not read the line as one (its Delimiters): after the boundary must come {@code --}, a
   * space or tab, a line ending or the end, and the rest of the line is shorter than {@link #MAX_TAIL}
   * octets.
   */
  private static int end(byte[] s, int at, byte[] d) {
    if (s.length - at < d.length || s[at] != d[0] || !Arrays.equals(s, at, at + d.length, d, 0, d.length)) {
      return -1;
    }
    int q = at + d.length;
    if (q < s.length && s[q] == '-') {
      if (q + 1 >= s.length || s[q + 1] != '-') {
        return -1;
      }
      q += 2;
    } else if (q < s.length && s[q] != ' ' && s[q] != '\t' && s[q] != '\r' && s[q] != '\n') {
      return -1;
    }
    for (int i = q; i < Math.min(s.length, q + MAX_TAIL); i++) {
      if (s[i] == '\n') {
        return i + 1;
      }
    }
    return s.length - q < MAX_TAIL ? s.length : -1;
  }
}
