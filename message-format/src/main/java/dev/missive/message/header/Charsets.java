package dev.missive.message.header;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Looks up the MIME charset names of RFC 2047 §2 and RFC 2231 §4 in the JDK, tolerating the
 * {@code charset*language} form of RFC 2231 §5, and decodes bytes strictly with a lenient fallback.
 */
final class Charsets {

  private static final int CACHE_LIMIT = 256;
  private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final ConcurrentHashMap<String, Optional<Charset>> CACHE = new ConcurrentHashMap<>();

  private Charsets() {
  }

  /** The JDK charset for a MIME charset name (language suffix after {@code *} ignored), if the JDK has it. */
  static Optional<Charset> lookup(String mimeName) {
    int star = mimeName.indexOf('*');
    String name = star >= 0 ? mimeName.substring(0, star) : mimeName;
    Optional<Charset> cached = CACHE.get(name);
    if (cached != null) {
      return cached;
    }
    Optional<Charset> found;
    try {
      found = Optional.of(Charset.forName(name.trim()));
    } catch (IllegalArgumentException e) { // IllegalCharsetName- and UnsupportedCharsetException
      found = Optional.empty();
    }
    if (CACHE.size() < CACHE_LIMIT) {
      CACHE.put(name, found);
    }
    return found;
  }

  /**
   * Decodes bytes in a charset; returns null when they are malformed in it (the caller decides the fallback).
   */
  static String decodeStrict(byte[] bytes, int off, int len, Charset cs) {
    try {
      CharBuffer chars = cs.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, off, len));
      return chars.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Whether the bytes are all US-ASCII; eight octets at a time (the byte order does not matter to the test). */
  static boolean isAscii(byte[] bytes, int off, int len) {
    return firstNonAscii(bytes, off, len) < 0;
  }

  /** The index of the first octet above US-ASCII in {@code bytes[off, off + len)}, or -1; eight octets at a time. */
  static int firstNonAscii(byte[] bytes, int off, int len) {
    int end = off + len;
    int i = off;
    while (i + Long.BYTES <= end && ((long) WORDS.get(bytes, i) & HIGH_BITS) == 0) {
      i += Long.BYTES;
    }
    for (; i < end; i++) {
      if (bytes[i] < 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Whether the bytes are US-ASCII or well-formed UTF-8 ({@link #isUtf8}), in one pass: the UTF-8 check starts at the
   * first octet above US-ASCII, since no sequence can begin before it.
   */
  static boolean isAsciiOrUtf8(byte[] bytes, int off, int len) {
    int first = firstNonAscii(bytes, off, len);
    return first < 0 || isUtf8(bytes, first, off + len - first);
  }

  /**
   * Whether the bytes are well-formed UTF-8 (RFC 3629 §4: no overlong forms, no surrogates, nothing above
   * U+10FFFF, no sequence cut short), which is what the JDK's decoder accepts; answered without decoding.
   */
  static boolean isUtf8(byte[] bytes, int off, int len) {
    int end = off + len;
    int i = off;
    while (i < end) {
      int b = bytes[i] & 0xff;
      if (b < 0x80) {
        i++;
        continue;
      }
      int n;
      int lo = 0x80;
      int hi = 0xbf;
      if (b >= 0xc2 && b <= 0xdf) {
        n = 1;
      } else if (b >= 0xe0 && b <= 0xef) {
        n = 2;
        lo = b == 0xe0 ? 0xa0 : 0x80;
        hi = b == 0xed ? 0x9f : 0xbf;
      } else if (b >= 0xf0 && b <= 0xf4) {
        n = 3;
        lo = b == 0xf0 ? 0x90 : 0x80;
        hi = b == 0xf4 ? 0x8f : 0xbf;
      } else {
        return false;
      }
      if (end - i <= n) {
        return false;
      }
      int second = bytes[i + 1] & 0xff;
      if (second < lo || second > hi) {
        return false;
      }
      for (int k = 2; k <= n; k++) {
        int c = bytes[i + k] & 0xff;
        if (c < 0x80 || c > 0xbf) {
          return false;
        }
      }
      i += n + 1;
    }
    return true;
  }

  /** Decodes header bytes as UTF-8 (RFC 6532); null when they are not valid UTF-8. */
  static String decodeUtf8(byte[] bytes, int off, int len) {
    if (isAscii(bytes, off, len)) {
      return new String(bytes, off, len, StandardCharsets.ISO_8859_1);
    }
    return decodeStrict(bytes, off, len, StandardCharsets.UTF_8);
  }
}
