package dev.missive.message.header;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Decodes and encodes RFC 2047 encoded words ({@code =?charset?B|Q?text?=}, RFC 2047 §2–§5), including the
 * {@code charset*language} form of RFC 2231 §5.
 *
 * <p>Decoding is lenient: words in any charset the JDK has are decoded wherever they appear; white space between
 * two adjacent encoded words is dropped (RFC 2047 §6.2); adjacent words in the same charset are joined before
 * decoding, so a multi-byte character split across two words survives; a word that cannot be decoded (unknown
 * charset, bad base64 or Q escape) is kept as written and a defect recorded.
 *
 * <p>A raw 8-bit octet inside a Q word ({@code =?iso-8859-1?Q?Fr\u00f6sche?=} written with the octet 0xF6 as it
 * is) breaks RFC 2047 §5, whose encoded-text is printable US-ASCII, and RFC 2047 §6.3 leaves a malformed word to
 * the reader. It is common in legacy mail, and Thunderbird and CPython's {@code email} package decode it as an
 * octet of the word's charset, so Missive decodes it too and records a {@link DefectKind#MALFORMED_ENCODED_WORD}
 * defect. The decoder sees header text as characters (UTF-8 when the field's octets are valid UTF-8, else one
 * ISO-8859-1 character per octet), and takes a raw character back to octets: its UTF-8 octets in a UTF-8 word,
 * else its own octet when it is U+0080–U+00FF (the octet it was read from), else its octets in the word's
 * charset (a word whose raw character that charset cannot hold is kept as written). A raw octet in a B word is
 * not base64: that word is kept as written, with the same defect. Encoding is strict: words of at most
 * 75 characters (RFC 2047 §2), Q or B whichever is shorter, Q restricted to the characters RFC 2047 §5 (3) allows
 * in a phrase, so the words are safe in any header context; a character is never split across two words.
 */
public final class EncodedWords {

  /** The longest encoded word RFC 2047 §2 allows. */
  public static final int MAX_WORD_LENGTH = 75;
  /** The longest line RFC 2047 §2 allows for a line holding encoded words. */
  public static final int MAX_LINE_LENGTH = 76;

  private EncodedWords() {
  }

  /**
   * Decodes the encoded words in an unfolded header text (RFC 2047 §6); total: never throws on peer input.
   *
   * @param text    unfolded field text
   * @param defects receives a defect for each word kept undecoded
   * @return the text with encoded words decoded
   */
  public static String decode(String text, List<Defect> defects) {
    int first = text.indexOf("=?");
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    WordRun run = new WordRun();
    int i = 0;
    while (i < text.length()) {
      int start = text.indexOf("=?", i);
      if (start < 0) {
        break;
      }
      Word word = Word.parse(text, start);
      if (word == null) {
        i = appendPlain(out, run, text, i, start + 2, defects);
        continue;
      }
      Optional<Charset> cs = Charsets.lookup(word.charset);
      byte[] bytes = cs.isEmpty() ? null : word.decodeBytes(cs.get());
      if (bytes == null || cs.isEmpty()) {
        defects.add(new Defect(cs.isEmpty() ? DefectKind.UNKNOWN_CHARSET : DefectKind.MALFORMED_ENCODED_WORD,
            "encoded word kept as written: " + HeaderChars.excerpt(text.substring(start, word.end))));
        i = appendPlain(out, run, text, i, word.end, defects);
        continue;
      }
      boolean adjacent = !run.isEmpty() && isBlank(text, i, start);
      if (!adjacent) {
        run.flush(out, defects);
        out.append(text, i, start);
      } else if (!run.charset.equals(cs.get())) {
        run.flush(out, defects);
      }
      if (word.raw8bit) {
        defects.add(new Defect(DefectKind.MALFORMED_ENCODED_WORD, "raw 8-bit octets inside an encoded word"
            + " (RFC 2047 §5) decoded in its charset: " + HeaderChars.excerpt(text.substring(start, word.end))));
      }
      run.add(cs.get(), bytes);
      i = word.end;
    }
    run.flush(out, defects);
    out.append(text, i, text.length());
    return out.toString();
  }

  private static int appendPlain(StringBuilder out, WordRun run, String text, int from, int to,
      List<Defect> defects) {
    run.flush(out, defects);
    out.append(text, from, to);
    return to;
  }

  private static boolean isBlank(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!HeaderChars.isWsp(c) && c != '\r' && c != '\n') {
        return false;
      }
    }
    return true;
  }

  /**
   * Encodes text as RFC 2047 encoded words folded for a header line: words of at most 75 characters separated by
   * CRLF SP, so that no line exceeds 76 characters when {@code firstLineUsed} characters ("Subject: ") already
   * stand on the first line.
   *
   * @param text          the text to encode (must not hold CR, LF, NUL or U+2028)
   * @param cs            a charset that can encode the text
   * @param firstLineUsed characters already written on the first line
   * @return the folded encoded words, at most {@code 78 * text.length() + 3} characters (each word holds at least
   *     one character, is at most 75 long and is followed by at most CRLF SP); starts with CRLF SP when not even
   *     one character fits the first line
   * @throws IllegalArgumentException if the charset cannot encode the text, does not read it back as written (a
   *                                  one-way mapping such as Shift_JIS's YEN SIGN) or writes a byte-order mark
   *                                  (UTF-16), or the text holds a line break
   */
  public static String encode(String text, Charset cs, int firstLineUsed) {
    return join(EncodedWordWriter.words(text, cs, MAX_LINE_LENGTH - Math.max(0, firstLineUsed)), "\r\n ");
  }

  /**
   * Encodes text as RFC 2047 encoded words of at most 75 characters separated by single spaces (for a writer that
   * folds at white space itself).
   *
   * @param text the text to encode
   * @param cs   a charset that can encode the text
   * @return the encoded words, at most {@code 76 * text.length()} characters
   * @throws IllegalArgumentException if the charset cannot encode the text, does not read it back as written (a
   *                                  one-way mapping such as Shift_JIS's YEN SIGN) or writes a byte-order mark
   *                                  (UTF-16), or the text holds a line break
   */
  public static String encode(String text, Charset cs) {
    return join(EncodedWordWriter.words(text, cs, MAX_WORD_LENGTH), " ");
  }

  /**
   * Whether {@code text} would read differently after decoding, that is whether it holds an encoded word.
   *
   * @param text the text
   * @return whether it holds an encoded word
   */
  public static boolean containsEncodedWord(String text) {
    int i = text.indexOf("=?");
    while (i >= 0) {
      if (Word.parse(text, i) != null) {
        return true;
      }
      i = text.indexOf("=?", i + 2);
    }
    return false;
  }

  private static String join(List<String> words, String separator) {
    if (!words.isEmpty() && words.get(0).isEmpty()) {
      return separator + String.join(separator, words.subList(1, words.size()));
    }
    return String.join(separator, words);
  }

  /** One syntactically complete encoded word found in text. */
  private static final class Word {
    final String charset;
    final char encoding;
    final String encodedText;
    final int end;
    /** Whether the encoded text holds characters outside US-ASCII (raw 8-bit octets, not allowed by §5). */
    final boolean raw8bit;

    private Word(String charset, char encoding, String encodedText, int end, boolean raw8bit) {
      this.charset = charset;
      this.encoding = encoding;
      this.encodedText = encodedText;
      this.end = end;
      this.raw8bit = raw8bit;
    }

    /** Parses {@code =?charset?e?text?=} at {@code start}, or returns null when the text is not shaped so. */
    static Word parse(String s, int start) {
      int q1 = s.indexOf('?', start + 2);
      if (q1 < 0 || q1 == start + 2 || q1 + 2 >= s.length() || s.charAt(q1 + 2) != '?') {
        return null;
      }
      for (int i = start + 2; i < q1; i++) {
        char c = s.charAt(i);
        if (!HeaderChars.isTokenChar(c)) {
          return null;
        }
      }
      int q3 = s.indexOf('?', q1 + 3);
      if (q3 < 0 || q3 + 1 >= s.length() || s.charAt(q3 + 1) != '=') {
        return null;
      }
      boolean raw8bit = false;
      for (int i = q1 + 3; i < q3; i++) {
        char c = s.charAt(i);
        if (c <= ' ' || c == 0x7f || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
          return null;
        }
        raw8bit |= c > 0x7f;
      }
      return new Word(s.substring(start + 2, q1), s.charAt(q1 + 1), s.substring(q1 + 3, q3), q3 + 2, raw8bit);
    }

    /** The decoded octets, or null when the encoding is unknown or the text malformed. */
    byte[] decodeBytes(Charset cs) {
      if (encoding == 'B' || encoding == 'b') {
        try {
          return Base64.getDecoder().decode(encodedText);
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
      if (encoding == 'Q' || encoding == 'q') {
        return decodeQ(encodedText, cs);
      }
      return null;
    }

    private static byte[] decodeQ(String t, Charset cs) {
      byte[] out = new byte[t.length()];
      int n = 0;
      for (int i = 0; i < t.length(); i++) {
        char c = t.charAt(i);
        if (c > 0x7f) {
          int cp = t.codePointAt(i);
          byte[] octets = rawOctets(cp, cs);
          if (octets == null) {
            return null;
          }
          int needed = n + octets.length + t.length() - i; // room for this and one octet per char left
          if (needed > out.length) {
            out = java.util.Arrays.copyOf(out, Math.max(needed, 2 * out.length));
          }
          System.arraycopy(octets, 0, out, n, octets.length);
          n += octets.length;
          i += Character.charCount(cp) - 1;
        } else if (c == '_') {
          out[n++] = ' ';
        } else if (c == '=') {
          if (i + 2 >= t.length()) {
            return null;
          }
          int hi = HeaderChars.hexValue(t.charAt(i + 1));
          int lo = HeaderChars.hexValue(t.charAt(i + 2));
          if (hi < 0 || lo < 0) {
            return null;
          }
          out[n++] = (byte) (hi << 4 | lo);
          i += 2;
        } else {
          out[n++] = (byte) c;
        }
      }
      return java.util.Arrays.copyOf(out, n);
    }

    /** The octets a raw character inside a Q word stands for (see the class description), or null. */
    private static byte[] rawOctets(int cp, Charset cs) {
      String ch = new String(Character.toChars(cp));
      if (cs.equals(StandardCharsets.UTF_8)) {
        return ch.getBytes(StandardCharsets.UTF_8);
      }
      if (cp <= 0xff) {
        return new byte[] {(byte) cp};
      }
      java.nio.charset.CharsetEncoder encoder = cs.canEncode() ? cs.newEncoder() : null;
      if (encoder == null || !encoder.canEncode(ch)) {
        return null;
      }
      return ch.getBytes(cs);
    }
  }

  /** Consecutive decoded words in one charset, decoded together so split multi-byte characters join. */
  private static final class WordRun {
    Charset charset;
    byte[] bytes = new byte[64];
    int length;

    boolean isEmpty() {
      return charset == null;
    }

    void add(Charset cs, byte[] b) {
      charset = cs;
      if (length + b.length > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + b.length));
      }
      System.arraycopy(b, 0, bytes, length, b.length);
      length += b.length;
    }

    void flush(StringBuilder out, List<Defect> defects) {
      if (charset == null) {
        return;
      }
      String s = Charsets.decodeStrict(bytes, 0, length, charset);
      if (s == null) {
        defects.add(new Defect(DefectKind.MALFORMED_ENCODED_WORD,
            "encoded word octets are not valid " + charset.name() + "; replacement characters used"));
        s = new String(bytes, 0, length, charset);
      }
      out.append(s);
      charset = null;
      length = 0;
    }
  }
}
