package dev.missive.imap;

import java.util.Objects;

/**
 * The modified UTF-7 encoding of IMAP4rev1 mailbox names (RFC 3501 §5.1.3, RFC 9051 Appendix A.1): printable
 * US-ASCII but {@code &} stands for itself, {@code &} is written {@code &-}, and every other character goes in a
 * {@code &...-} run of modified base64 (with {@code ,} for {@code /}) over UTF-16.
 *
 * <p>{@link #decode(String)} is strict, as RFC 9051 Appendix A.1 asks servers to be: it refuses a run that is not
 * closed by {@code -}, characters outside the modified base64 alphabet, a run encoding a printable US-ASCII
 * character, adjacent runs ({@code -&}, a superfluous shift), an empty run other than {@code &-}, non-zero or too
 * many padding bits, unpaired surrogates, and any octet that is not printable US-ASCII. So every name has exactly
 * one encoding and {@code encode(decode(s)).equals(s)} for every accepted {@code s}.
 */
public final class ModifiedUtf7 {

  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,".toCharArray();
  private static final int[] VALUE = new int[128];

  static {
    java.util.Arrays.fill(VALUE, -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      VALUE[ALPHABET[i]] = i;
    }
  }

  private ModifiedUtf7() {}

  /**
   * Encodes a mailbox name.
   *
   * @param name the name as Unicode text
   * @return the modified UTF-7 form, printable US-ASCII only
   * @throws IllegalArgumentException if {@code name} holds an unpaired surrogate (it is not Unicode text)
   */
  public static String encode(String name) {
    Objects.requireNonNull(name, "name");
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException("unpaired surrogate at " + i);
      }
    }
    StringBuilder out = new StringBuilder(name.length() + 8);
    int i = 0;
    while (i < name.length()) {
      char c = name.charAt(i);
      if (c >= 0x20 && c <= 0x7E) {
        out.append(c);
        if (c == '&') {
          out.append('-');
        }
        i++;
        continue;
      }
      int j = i;
      while (j < name.length() && (name.charAt(j) < 0x20 || name.charAt(j) > 0x7E)) {
        j++;
      }
      out.append('&');
      int bits = 0;
      int nbits = 0;
      for (int k = i; k < j; k++) {
        bits = (bits << 16) | name.charAt(k);
        nbits += 16;
        while (nbits >= 6) {
          nbits -= 6;
          out.append(ALPHABET[(bits >> nbits) & 0x3F]);
        }
      }
      if (nbits > 0) {
        out.append(ALPHABET[(bits << (6 - nbits)) & 0x3F]);
      }
      out.append('-');
      i = j;
    }
    return out.toString();
  }

  /**
   * Decodes a mailbox name, strictly.
   *
   * @param encoded the modified UTF-7 form
   * @return the name as Unicode text
   * @throws IllegalArgumentException if {@code encoded} is not the one valid modified UTF-7 form of a name
   */
  public static String decode(String encoded) {
    Objects.requireNonNull(encoded, "encoded");
    StringBuilder out = new StringBuilder(encoded.length());
    int i = 0;
    int n = encoded.length();
    boolean previousRun = false;
    while (i < n) {
      char c = encoded.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        throw new IllegalArgumentException("not printable US-ASCII at " + i);
      }
      if (c != '&') {
        out.append(c);
        previousRun = false;
        i++;
        continue;
      }
      int close = encoded.indexOf('-', i + 1);
      if (close < 0) {
        throw new IllegalArgumentException("unterminated &-run at " + i);
      }
      if (close == i + 1) {
        out.append('&');
        previousRun = false;
        i = close + 1;
        continue;
      }
      if (previousRun) {
        throw new IllegalArgumentException("superfluous shift (adjacent runs) at " + i);
      }
      decodeRun(encoded, i + 1, close, out);
      previousRun = true;
      i = close + 1;
    }
    return out.toString();
  }

  private static void decodeRun(String s, int from, int to, StringBuilder out) {
    int bits = 0;
    int nbits = 0;
    int start = out.length();
    for (int k = from; k < to; k++) {
      char c = s.charAt(k);
      int v = c < 128 ? VALUE[c] : -1;
      if (v < 0) {
        throw new IllegalArgumentException("not modified base64 at " + k);
      }
      bits = (bits << 6) | v;
      nbits += 6;
      if (nbits >= 16) {
        nbits -= 16;
        out.append((char) ((bits >> nbits) & 0xFFFF));
      }
    }
    if (nbits >= 6 || (bits & ((1 << nbits) - 1)) != 0) {
      throw new IllegalArgumentException("bad padding in the run ending at " + to);
    }
    for (int k = start; k < out.length(); k++) {
      char c = out.charAt(k);
      if (c >= 0x20 && c <= 0x7E) {
        throw new IllegalArgumentException("printable US-ASCII encoded in base64 at " + from);
      }
      if (Character.isHighSurrogate(c)) {
        if (k + 1 >= out.length() || !Character.isLowSurrogate(out.charAt(k + 1))) {
          throw new IllegalArgumentException("unpaired surrogate in the run at " + from);
        }
        k++;
      } else if (Character.isLowSurrogate(c)) {
        throw new IllegalArgumentException("unpaired surrogate in the run at " + from);
      }
    }
    if (out.length() == start) {
      throw new IllegalArgumentException("empty run at " + from);
    }
  }
}
