package dev.missive.smtp.internal;

/**
 * The {@code xtext} encoding of DSN and AUTH= parameter values (RFC 3461 §4): printable ASCII except {@code +} and
 * {@code =} stands for itself, every other octet is {@code +} and two upper-case hex digits.
 */
public final class XText {

  private XText() {
  }

  /**
   * Decodes {@code text}; returns {@code null} if it is not valid xtext or decodes to an octet outside printable
   * ASCII (0x20–0x7E), which no DSN or AUTH= value may hold.
   */
  public static String decode(CharSequence text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '+') {
        if (i + 2 >= text.length()) {
          return null;
        }
        int hi = hex(text.charAt(i + 1));
        int lo = hex(text.charAt(i + 2));
        if (hi < 0 || lo < 0) {
          return null;
        }
        int octet = hi * 16 + lo;
        if (octet < 0x20 || octet > 0x7E) {
          return null;
        }
        out.append((char) octet);
        i += 2;
      } else if (c >= 33 && c <= 126 && c != '=') {
        out.append(c);
      } else {
        return null;
      }
    }
    return out.toString();
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /**
   * Encodes printable ASCII {@code value} as xtext.
   *
   * @throws IllegalArgumentException if a character is outside 0x20–0x7E
   */
  public static String encode(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        throw new IllegalArgumentException("xtext value must be printable ASCII");
      }
      if (c == '+' || c == '=' || c == ' ') {
        out.append('+').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Whether every character of {@code value} is printable ASCII (0x20–0x7E). */
  public static boolean isPrintableAscii(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        return false;
      }
    }
    return true;
  }
}
