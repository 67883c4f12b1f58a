package dev.missive.sasl.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Strict UTF-8 (RFC 3629) decoding of peer input: malformed input is reported, never replaced. */
public final class Utf8 {

  private Utf8() {}

  /** Decodes {@code bytes[from, to)}, or returns {@code null} if the octets are not well-formed UTF-8. */
  public static String decode(byte[] bytes, int from, int to) {
    char[] chars = decodeChars(bytes, from, to);
    if (chars == null) {
      return null;
    }
    String s = new String(chars);
    Arrays.fill(chars, '\0');
    return s;
  }

  /** Decodes all of {@code bytes}, or returns {@code null} if they are not well-formed UTF-8. */
  public static String decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  /**
   * Decodes {@code bytes[from, to)} into a fresh array the caller clears after use, so a password never becomes a
   * {@link String}; returns {@code null} if the octets are not well-formed UTF-8.
   */
  public static char[] decodeChars(byte[] bytes, int from, int to) {
    CharBuffer out;
    try {
      out = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, from, to - from));
    } catch (CharacterCodingException e) {
      return null;
    }
    char[] chars = new char[out.remaining()];
    out.get(chars);
    if (out.hasArray()) {
      Arrays.fill(out.array(), '\0');
    }
    return chars;
  }

  /** Encodes characters as UTF-8 into a fresh array the caller clears after use. */
  public static byte[] encode(CharSequence chars) {
    ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    if (buffer.hasArray()) {
      Arrays.fill(buffer.array(), (byte) 0);
    }
    return bytes;
  }
}
