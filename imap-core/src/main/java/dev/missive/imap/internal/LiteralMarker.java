package dev.missive.imap.internal;

/**
 * Finds the literal header that ends a line, as a receiver must look for it (RFC 7888 §3: "check the end of every
 * received line ... for an open brace ... followed by an octet count, a plus, and a close brace immediately
 * preceding the CRLF"): {@code {n}}, {@code {n+}}, {@code ~{n}} or {@code ~{n+}}.
 *
 * @param offset           offset of the header's first octet (the open brace, or {@code ~})
 * @param size             announced octet count, or -1 if the count does not fit a {@code number64}
 * @param nonSynchronizing whether it carried {@code +}
 * @param binary           whether it is a literal8
 */
public record LiteralMarker(int offset, long size, boolean nonSynchronizing, boolean binary) {

  /**
   * The literal header ending {@code buf[lineStart, contentEnd)}, if there is one.
   *
   * @param buf        the buffer
   * @param lineStart  first octet of the line
   * @param contentEnd offset just past the line's content (its CRLF excluded)
   * @return the header, or null if the line does not end with one
   */
  public static LiteralMarker find(byte[] buf, int lineStart, int contentEnd) {
    int i = contentEnd - 1;
    if (i < lineStart || buf[i] != '}') {
      return null;
    }
    i--;
    boolean nonSync = false;
    if (i >= lineStart && buf[i] == '+') {
      nonSync = true;
      i--;
    }
    int digitsEnd = i + 1;
    while (i >= lineStart && buf[i] >= '0' && buf[i] <= '9') {
      i--;
    }
    int digitsStart = i + 1;
    if (i < lineStart || buf[i] != '{' || digitsStart == digitsEnd) {
      return null;
    }
    boolean binary = i > lineStart && buf[i - 1] == '~';
    int offset = binary ? i - 1 : i;
    long size = 0;
    for (int k = digitsStart; k < digitsEnd && size >= 0; k++) {
      size = digitsEnd - digitsStart > 19 ? -1 : size * 10 + (buf[k] - '0');
    }
    return new LiteralMarker(offset, size < 0 ? -1 : size, nonSync, binary);
  }

  /** {@return whether the count fits a {@code number64} (RFC 9051 §9), so the literal can be framed} */
  public boolean sizeValid() {
    return size >= 0;
  }
}
