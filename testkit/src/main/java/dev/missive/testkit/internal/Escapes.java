package dev.missive.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Backslash escapes of the testkit's raw transcript lines, and the printable form used in failure messages. */
public final class Escapes {

  private Escapes() {}

  /**
   * Decodes {@code \r}, {@code \n}, {@code \t}, {@code \\} and {@code \xHH}; other characters are encoded as
   * UTF-8 (never narrowed).
   *
   * @throws IllegalArgumentException on an unknown or truncated escape
   */
  public static byte[] decode(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      if (cp != '\\') {
        byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        i += Character.charCount(cp);
        continue;
      }
      if (i + 1 >= text.length()) {
        throw new IllegalArgumentException("a lone backslash ends the line");
      }
      char e = text.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'r': out.write('\r'); break;
        case 'n': out.write('\n'); break;
        case 't': out.write('\t'); break;
        case '\\': out.write('\\'); break;
        case 'x':
          if (i + 2 > text.length()) {
            throw new IllegalArgumentException("\\x needs two hex digits");
          }
          out.write(hex(text.charAt(i)) << 4 | hex(text.charAt(i + 1)));
          i += 2;
          break;
        default:
          throw new IllegalArgumentException("unknown escape \\" + e);
      }
    }
    return out.toByteArray();
  }

  private static int hex(char c) {
    int d = Character.digit(c, 16);
    if (d < 0) {
      throw new IllegalArgumentException("not a hex digit: " + c);
    }
    return d;
  }

  /** Shows octets as printable ASCII with {@code \r}, {@code \n}, {@code \\} and {@code \xHH} escapes. */
  public static String show(byte[] b, int from, int to) {
    StringBuilder s = new StringBuilder(to - from + 8);
    for (int i = from; i < to; i++) {
      int c = b[i] & 0xFF;
      if (c == '\r') {
        s.append("\\r");
      } else if (c == '\n') {
        s.append("\\n");
      } else if (c == '\\') {
        s.append("\\\\");
      } else if (c >= 0x20 && c < 0x7F) {
        s.append((char) c);
      } else {
        s.append(String.format("\\x%02X", c));
      }
    }
    return s.toString();
  }

  /** Shows all of {@code b}, see {@link #show(byte[], int, int)}. */
  public static String show(byte[] b) {
    return show(b, 0, b.length);
  }
}
