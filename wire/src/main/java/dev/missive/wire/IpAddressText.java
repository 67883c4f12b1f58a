package dev.missive.wire;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Strict textual IP addresses without any name lookup (unlike {@link InetAddress#getByName}): IPv4 as four decimal
 * numbers 0–255 without leading zeros, IPv6 as RFC 4291 §2.2 writes it (hex groups of one to four digits, at most one
 * {@code ::}, an IPv4 dotted quad in the last 32 bits).
 */
final class IpAddressText {

  private IpAddressText() {
  }

  /** {@return the four octets of a dotted quad, or null when the text is not one} */
  static byte[] ipv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] octets = new byte[4];
    for (int i = 0; i < 4; i++) {
      int value = decimal(parts[i], 3);
      if (value < 0 || value > 255) {
        return null;
      }
      octets[i] = (byte) value;
    }
    return octets;
  }

  /** {@return the sixteen octets of an IPv6 address, or null when the text is not one} */
  static byte[] ipv6(String text) {
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    int[] head = groups(gap < 0 ? text : text.substring(0, gap), gap < 0);
    int[] tail = gap < 0 ? new int[0] : groups(text.substring(gap + 2), true);
    if (head == null || tail == null) {
      return null;
    }
    int groups = head.length + tail.length;
    if (gap < 0 ? groups != 8 : groups > 7) {
      return null;
    }
    byte[] octets = new byte[16];
    for (int i = 0; i < head.length; i++) {
      octets[2 * i] = (byte) (head[i] >>> 8);
      octets[2 * i + 1] = (byte) head[i];
    }
    for (int i = 0; i < tail.length; i++) {
      int at = 16 - 2 * (tail.length - i);
      octets[at] = (byte) (tail[i] >>> 8);
      octets[at + 1] = (byte) tail[i];
    }
    return octets;
  }

  /** The 16-bit groups of a colon-separated run; a trailing dotted quad, where allowed, counts as two groups. */
  private static int[] groups(String run, boolean last) {
    if (run.isEmpty()) {
      return new int[0];
    }
    String[] parts = run.split(":", -1);
    if (parts.length > 8) {
      return null;
    }
    String lastPart = parts[parts.length - 1];
    boolean dotted = lastPart.indexOf('.') >= 0;
    byte[] quad = dotted && last ? ipv4(lastPart) : null;
    if (dotted && quad == null) {
      return null;
    }
    int[] values = new int[parts.length + (quad == null ? 0 : 1)];
    for (int i = 0; i < parts.length - (quad == null ? 0 : 1); i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 4) {
        return null;
      }
      int v = 0;
      for (int j = 0; j < p.length(); j++) {
        int d = Character.digit(p.charAt(j), 16);
        if (d < 0 || p.charAt(j) > 0x7f) {
          return null;
        }
        v = v * 16 + d;
      }
      values[i] = v;
    }
    if (quad != null) {
      values[values.length - 2] = (quad[0] & 0xFF) << 8 | (quad[1] & 0xFF);
      values[values.length - 1] = (quad[2] & 0xFF) << 8 | (quad[3] & 0xFF);
    }
    return values;
  }

  /**
   * A decimal number of ASCII digits without a leading zero.
   *
   * @param text      the digits
   * @param maxDigits the most digits allowed
   * @return the value, or -1 when the text is empty, too long, not digits or has a leading zero
   */
  static int decimal(String text, int maxDigits) {
    if (text.isEmpty() || text.length() > maxDigits || text.length() > 1 && text.charAt(0) == '0') {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /**
   * The address of 4 or 16 octets, an IPv6 one kept as IPv6 even when it maps an IPv4 address, so both ends of a
   * header are of one family.
   */
  static InetAddress of(byte[] octets) throws UnknownHostException {
    return octets.length == 16 ? Inet6Address.getByAddress(null, octets, -1) : InetAddress.getByAddress(octets);
  }
}
