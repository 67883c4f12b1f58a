package dev.missive.pop3.client;

import dev.missive.pop3.UniqueId;

/**
 * Total parsers for the answers of STAT, LIST and UIDL (RFC 1939 §5 and §7): a drop listing
 * {@code count SP size}, a scan listing {@code msg SP size}, and a unique-id listing {@code msg SP unique-id};
 * each returns null for anything malformed, never throws. RFC 1939 §5 lets servers put more text after the size
 * of a drop or scan listing, which is ignored; a unique-id listing has nothing after the id.
 */
final class Listings {

  private Listings() {
  }

  /** {@code count size} from a STAT answer, as a two-element array, or null. */
  public static long[] drop(String text) {
    String[] f = fields(text);
    if (f == null) {
      return null;
    }
    long count = number(f[0], 9);
    long size = number(f[1], 18);
    return count < 0 || size < 0 ? null : new long[] {count, size};
  }

  /** A scan listing, or null. */
  public static ScanListing scan(String text) {
    String[] f = fields(text);
    if (f == null) {
      return null;
    }
    long msg = number(f[0], 9);
    long size = number(f[1], 18);
    return msg < 1 || size < 0 ? null : new ScanListing((int) msg, size);
  }

  /** A unique-id listing, or null when the number or the id (RFC 1939 §7: 0x21–0x7E, 1–70) is invalid. */
  public static UniqueIdListing uniqueId(String text) {
    int space = text.indexOf(' ');
    if (space < 0) {
      return null;
    }
    long msg = number(text.substring(0, space), 9);
    String id = text.substring(space + 1);
    return msg < 1 || !UniqueId.isValid(id) ? null : new UniqueIdListing((int) msg, new UniqueId(id));
  }

  /** The first two space-separated fields; anything after a second space is ignored. */
  private static String[] fields(String text) {
    int first = text.indexOf(' ');
    if (first < 0) {
      return null;
    }
    int second = text.indexOf(' ', first + 1);
    return new String[] {text.substring(0, first), text.substring(first + 1, second < 0 ? text.length() : second)};
  }

  /** A decimal number of 1 to {@code maxDigits} ASCII digits, or -1. */
  private static long number(String s, int maxDigits) {
    if (s.isEmpty() || s.length() > maxDigits) {
      return -1;
    }
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }
}
