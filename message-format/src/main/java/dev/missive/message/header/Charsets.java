package dev.missive.message.header;

import java.nio.ByteBuffer;
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

  /** Whether the bytes are all US-ASCII. */
  static boolean isAscii(byte[] bytes, int off, int len) {
    for (int i = off; i < off + len; i++) {
      if (bytes[i] < 0) {
        return false;
      }
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
