package dev.missive.imap.internal.text;

import java.nio.charset.StandardCharsets;

/** Strict UTF-8 (RFC 3629 §4: no overlong forms, no surrogates, nothing past U+10FFFF) for IMAP strings. */
public final class Utf8 {

  private Utf8() {}

  /**
   * Whether the octets are well-formed UTF-8 (US-ASCII included).
   *
   * @param b   the buffer
   * @param off first octet
   * @param len number of octets
   * @return whether every sequence is well-formed
   */
  public static boolean isValid(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        i++;
        continue;
      }
      int n;
      int min;
      if (c >= 0xC2 && c <= 0xDF) {
        n = 1;
        min = 0x80;
      } else if (c >= 0xE0 && c <= 0xEF) {
        n = 2;
        min = 0x800;
      } else if (c >= 0xF0 && c <= 0xF4) {
        n = 3;
        min = 0x10000;
      } else {
        return false;
      }
      if (i + n >= end) {
        return false;
      }
      int cp = c & (0x3F >> n);
      for (int k = 1; k <= n; k++) {
        int t = b[i + k] & 0xFF;
        if ((t & 0xC0) != 0x80) {
          return false;
        }
        cp = (cp << 6) | (t & 0x3F);
      }
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return false;
      }
      i += n + 1;
    }
    return true;
  }

  /**
   * Decodes octets known to be well-formed (ASCII fast path).
   *
   * @param b   the buffer
   * @param off first octet
   * @param len number of octets
   * @return the text
   */
  public static String decode(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      if (b[i] < 0) {
        return new String(b, off, len, StandardCharsets.UTF_8);
      }
    }
    return new String(b, off, len, StandardCharsets.ISO_8859_1);
  }

  /**
   * Whether every octet is US-ASCII.
   *
   * @param b   the buffer
   * @param off first octet
   * @param len number of octets
   * @return whether none has the high bit set
   */
  public static boolean isAscii(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      if (b[i] < 0) {
        return false;
      }
    }
    return true;
  }
}
