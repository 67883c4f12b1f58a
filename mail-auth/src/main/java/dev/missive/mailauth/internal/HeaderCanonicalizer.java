package dev.missive.mailauth.internal;

import java.io.ByteArrayOutputStream;

/**
 * The header canonicalization algorithms of DKIM (RFC 6376 §3.4.1 "simple", §3.4.2 "relaxed"), over a field's
 * raw octets as received (folding included, final line ending excluded), also used by ARC (RFC 8617 §4.1).
 */
public final class HeaderCanonicalizer {

  private HeaderCanonicalizer() {
  }

  /**
   * Appends one canonical field.
   *
   * @param relaxed  "relaxed" if true, else "simple"
   * @param raw      the field's raw octets
   * @param len      how many of them
   * @param withCrlf whether to end it with CRLF (every field but the signature's own, RFC 6376 §3.7)
   * @param out      receives the canonical octets
   */
  public static void append(boolean relaxed, byte[] raw, int len, boolean withCrlf, ByteArrayOutputStream out) {
    if (relaxed) {
      relaxed(raw, len, out);
    } else {
      simple(raw, len, out);
    }
    if (withCrlf) {
      out.write('\r');
      out.write('\n');
    }
  }

  /** §3.4.1: unchanged, but a bare LF (from a message stored with LF line ends) stands for CRLF. */
  private static void simple(byte[] raw, int len, ByteArrayOutputStream out) {
    for (int i = 0; i < len; i++) {
      byte c = raw[i];
      if (c == '\n' && (i == 0 || raw[i - 1] != '\r')) {
        out.write('\r');
      }
      out.write(c);
    }
  }

  /**
   * §3.4.2: name lower-cased, white space around the colon removed, value unfolded, runs of white space made one
   * space, white space at the ends of the value removed.
   */
  private static void relaxed(byte[] raw, int len, ByteArrayOutputStream out) {
    int colon = 0;
    while (colon < len && raw[colon] != ':') {
      colon++;
    }
    int nameEnd = colon;
    while (nameEnd > 0 && isWsp(raw[nameEnd - 1])) {
      nameEnd--;
    }
    for (int i = 0; i < nameEnd; i++) {
      byte c = raw[i];
      out.write(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    if (colon == len) {
      return;
    }
    out.write(':');
    boolean wsp = false;
    boolean any = false;
    for (int i = colon + 1; i < len; i++) {
      byte c = raw[i];
      if (c == '\r' || c == '\n') {
        continue;
      }
      if (isWsp(c)) {
        wsp = true;
        continue;
      }
      if (wsp && any) {
        out.write(' ');
      }
      wsp = false;
      any = true;
      out.write(c);
    }
  }

  private static boolean isWsp(byte c) {
    return c == ' ' || c == '\t';
  }
}
