package dev.missive.message.builder;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes text octets with every line break — CRLF, a bare LF or a bare CR — as CRLF (RFC 2046 §4.1.1), streamed:
 * a CR at the end of one write waits for the next octet. {@link #finish()} writes a CR left at the end.
 */
final class CrlfOutputStream extends FilterOutputStream {

  private static final byte[] CRLF = {'\r', '\n'};
  private boolean pendingCr;

  CrlfOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    int copied = off;
    for (int i = off; i < off + len; i++) {
      byte c = b[i];
      if (pendingCr) {
        pendingCr = false;
        out.write(CRLF);
        if (c == '\n') {
          copied = i + 1;
          continue;
        }
      }
      if (c == '\r' || c == '\n') {
        out.write(b, copied, i - copied);
        copied = i + 1;
        if (c == '\r') {
          pendingCr = true;
        } else {
          out.write(CRLF);
        }
      }
    }
    out.write(b, copied, off + len - copied);
  }

  /** Writes a CR held back at the end as CRLF, without closing the target. */
  void finish() throws IOException {
    if (pendingCr) {
      pendingCr = false;
      out.write(CRLF);
    }
  }
}
