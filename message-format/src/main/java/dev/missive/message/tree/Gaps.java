package dev.missive.message.tree;

/**
 * Reads what lies between the parts of a multipart in the input (RFC 2046 §5.1.1): the preamble before the first
 * delimiter line, and the epilogue after the close delimiter line; the line ending before a delimiter belongs to
 * the delimiter.
 */
final class Gaps {

  private Gaps() {
  }

  /** The preamble in {@code [from, firstPart)}, whose last line is the first delimiter line. */
  static byte[] preamble(Source s, int from, int firstPart) {
    int lineStart = firstPart - 1;
    while (lineStart > from && s.get(lineStart - 1) != '\n') {
      lineStart--;
    }
    if (lineStart <= from) {
      return new byte[0];
    }
    int end = lineStart - 1;
    if (end > from && s.get(end - 1) == '\r') {
      end--;
    }
    return s.copy(from, end);
  }

  /** The epilogue in {@code [lastPartEnd, end)}: a line ending, the close delimiter line, then the epilogue. */
  static byte[] epilogue(Source s, int lastPartEnd, int end) {
    int i = lastPartEnd;
    if (i < end && s.get(i) == '\r') {
      i++;
    }
    if (i < end && s.get(i) == '\n') {
      i++;
    }
    while (i < end && s.get(i) != '\n') {
      i++;
    }
    return i + 1 >= end ? new byte[0] : s.copy(i + 1, end);
  }
}
