package dev.missive.message.builder;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes the builder's output on while checking what it promises (RFC 5322 §2.1.1, §2.3): CRLF line endings only,
 * no NUL, at most 998 octets per line. A violation is a bug in the builder and throws
 * {@link IllegalStateException} before the offending octets are written.
 */
final class CanonicalLinesOutputStream extends FilterOutputStream {

  private static final int MAX_LINE = 998;
  private long offset;
  private int lineLength;
  private boolean afterCr;

  CanonicalLinesOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    for (int i = off; i < off + len; i++) {
      byte c = b[i];
      if (afterCr) {
        afterCr = false;
        if (c != '\n') {
          throw bug("a bare CR", i - off);
        }
        lineLength = 0;
      } else if (c == '\r') {
        afterCr = true;
      } else if (c == '\n' || c == 0) {
        throw bug(c == 0 ? "a NUL" : "a bare LF", i - off);
      } else if (++lineLength > MAX_LINE) {
        throw bug("a line over 998 octets", i - off);
      }
    }
    out.write(b, off, len);
    offset += len;
  }

  /** Throws if the output ended in the middle of a CRLF. */
  void finish() {
    if (afterCr) {
      throw bug("a bare CR", 0);
    }
  }

  private IllegalStateException bug(String what, int at) {
    return new IllegalStateException("builder produced " + what + " at offset " + (offset + at) + " (a bug)");
  }
}
