package dev.missive.message.header;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Splits text into RFC 2047 encoded words (§2, §4, §5): Q or B, whichever is shorter, at most 75 characters each,
 * never splitting a character, the first word fitted to the room left on its line.
 */
final class EncodedWordWriter {

  private static final int MAX_WORD_LENGTH = EncodedWords.MAX_WORD_LENGTH;
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private EncodedWordWriter() {
  }

  /** Splits the text into encoded words; the first has room for {@code firstCapacity} characters. */
  static List<String> words(String text, Charset cs, int firstCapacity) {
    HeaderChars.requireSafe("encoded-word text", text);
    CharsetEncoder encoder = cs.newEncoder();
    if (!encoder.canEncode(text)) {
      throw new IllegalArgumentException("charset " + cs.name() + " cannot encode the text");
    }
    if (encodeChunk(encoder, "aa").length != 2 * encodeChunk(encoder, "a").length) {
      // UTF-16 starts every word with a byte-order mark; a reader joining adjacent words (RFC 2047 §6.2) would
      // keep each one after the first as U+FEFF, so the text would not read back as written
      throw new IllegalArgumentException("charset " + cs.name()
          + " writes a byte-order mark in every encoded word; use UTF-8 or UTF-16BE");
    }
    List<String> words = new ArrayList<>();
    if (text.isEmpty()) {
      return words;
    }
    byte[] all = encodeChunk(encoder, text);
    if (!new String(all, cs).equals(text)) {
      // a one-way mapping (Shift_JIS writes U+00A5 YEN SIGN as the octet that reads back as '\\'): the words
      // would not read back as the text they were asked to carry
      throw new IllegalArgumentException("charset " + cs.name() + " does not read the text back as written");
    }
    boolean useB = WordEncoding.B.length(all) < WordEncoding.Q.length(all);
    WordEncoding enc = useB ? WordEncoding.B : WordEncoding.Q;
    String prefix = "=?" + cs.name() + "?" + enc.letter + "?";
    int overhead = prefix.length() + 2;
    int capacity = Math.min(firstCapacity, MAX_WORD_LENGTH) - overhead;
    CodePointSizes sizes = new CodePointSizes(text, encoder);
    int start = 0;
    while (start < text.length()) {
      int end = sizes.fit(start, capacity, enc);
      byte[] fitted = end > start ? encodeChunk(encoder, text.substring(start, end)) : null;
      while (fitted != null && enc.length(fitted) > capacity) {
        end = text.offsetByCodePoints(end, -1);
        fitted = end > start ? encodeChunk(encoder, text.substring(start, end)) : null;
      }
      if (fitted == null) {
        if (capacity >= MAX_WORD_LENGTH - overhead) {
          throw new IllegalArgumentException("a character does not fit one encoded word in " + cs.name());
        }
        words.add("");
      } else {
        words.add(prefix + enc.encode(fitted) + "?=");
        start = end;
      }
      capacity = MAX_WORD_LENGTH - overhead;
    }
    return words;
  }

  private static byte[] encodeChunk(CharsetEncoder encoder, String chunk) {
    try {
      encoder.reset();
      ByteBuffer bb = encoder.encode(CharBuffer.wrap(chunk));
      byte[] b = new byte[bb.remaining()];
      bb.get(b);
      return b;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("charset cannot encode the text", e);
    }
  }

  /**
   * The octets and Q width of each character encoded on its own, so a word's size is estimated in one pass (exact
   * for stateless charsets, an over-estimate for stateful ones, where the caller re-checks and shrinks).
   */
  private static final class CodePointSizes {
    private final String text;
    private final int[] octets;
    private final int[] qWidth;

    CodePointSizes(String text, CharsetEncoder encoder) {
      this.text = text;
      this.octets = new int[text.length()];
      this.qWidth = new int[text.length()];
      CharBuffer in = CharBuffer.allocate(2);
      ByteBuffer out = ByteBuffer.allocate((int) Math.ceil(encoder.maxBytesPerChar() * 2) + 16);
      for (int i = 0; i < text.length(); ) {
        int next = i + Character.charCount(text.codePointAt(i));
        in.clear();
        in.put(text, i, next).flip();
        out.clear();
        encoder.reset();
        encoder.encode(in, out, true);
        encoder.flush(out);
        octets[i] = out.position();
        for (int k = 0; k < out.position(); k++) {
          qWidth[i] += WordEncoding.isQSafe(out.get(k)) ? 1 : 3;
        }
        i = next;
      }
      encoder.reset();
    }

    /** The end of the longest run of whole characters from {@code start} whose estimated word fits. */
    int fit(int start, int capacity, WordEncoding enc) {
      int bytes = 0;
      int q = 0;
      int end = start;
      while (end < text.length()) {
        bytes += octets[end];
        q += qWidth[end];
        int width = enc == WordEncoding.B ? (bytes + 2) / 3 * 4 : q;
        if (width > capacity) {
          break;
        }
        end += Character.charCount(text.codePointAt(end));
      }
      return end;
    }
  }

  /** The B and Q encodings of RFC 2047 §4. */
  private enum WordEncoding {
    B('B'), Q('Q');

    final char letter;

    WordEncoding(char letter) {
      this.letter = letter;
    }

    int length(byte[] bytes) {
      if (this == B) {
        return (bytes.length + 2) / 3 * 4;
      }
      int n = 0;
      for (byte b : bytes) {
        n += isQSafe(b) ? 1 : 3;
      }
      return n;
    }

    String encode(byte[] bytes) {
      if (this == B) {
        return Base64.getEncoder().encodeToString(bytes);
      }
      StringBuilder sb = new StringBuilder(bytes.length * 3);
      for (byte b : bytes) {
        if (b == ' ') {
          sb.append('_');
        } else if (isQSafe(b)) {
          sb.append((char) b);
        } else {
          sb.append('=').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
        }
      }
      return sb.toString();
    }

    /** The characters RFC 2047 §5 (3) lets a Q word hold literally in a phrase (space becomes '_'). */
    static boolean isQSafe(byte b) {
      return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
          || b == '!' || b == '*' || b == '+' || b == '-' || b == '/' || b == ' ';
    }
  }


}
