package dev.missive.transport.tests;

import java.io.IOException;
import java.io.InputStream;

/** Reads replies off a raw socket stream, byte by byte so nothing after them is consumed. */
final class Replies {

  private Replies() {}

  /** One line without its CRLF, or null at end of stream. */
  static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c; (c = in.read()) >= 0; ) {
      if (c == '\n') {
        int end = b.length() > 0 && b.charAt(b.length() - 1) == '\r' ? b.length() - 1 : b.length();
        return b.substring(0, end);
      }
      b.append((char) c);
    }
    return b.length() == 0 ? null : b.toString();
  }

  /** One SMTP reply (RFC 5321 §4.2: continuation lines have a hyphen after the code), its lines joined by LF. */
  static String smtp(InputStream in) throws IOException {
    StringBuilder all = new StringBuilder();
    for (String l; (l = line(in)) != null; ) {
      all.append(l).append('\n');
      if (l.length() < 4 || l.charAt(3) != '-') {
        return all.toString();
      }
    }
    return all.length() == 0 ? null : all.toString();
  }

  /** A POP3 multi-line response after its status line (RFC 1939 §3), up to the terminating dot, joined by LF. */
  static String pop3Lines(InputStream in) throws IOException {
    StringBuilder all = new StringBuilder();
    for (String l; (l = line(in)) != null && !l.equals("."); ) {
      all.append(l).append('\n');
    }
    return all.toString();
  }
}
