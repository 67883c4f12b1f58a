package dev.missive.message.header;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes unstructured text ({@code Subject}, {@code Comments}; RFC 5322 §3.2.5) for a header line: words that are
 * plain printable US-ASCII stay as written, runs of words that are not (or that would read as encoded words) become
 * RFC 2047 encoded words (§5 (1)), and the result is folded at white space into lines of at most 76 characters.
 * White space between a plain word and an encoded run is kept, inside a run it is encoded, so decoding gives the
 * text back exactly.
 */
final class UnstructuredText {

  /** Plain words longer than this are encoded so that no line can pass the 998-octet limit. */
  private static final int LONGEST_PLAIN_WORD = 900;

  private UnstructuredText() {
  }

  /** One word (or run of words to encode) with the white space before it, and whether it must be encoded. */
  private static final class Atom {
    final String space;
    final StringBuilder text;
    final boolean encode;

    Atom(String space, String text, boolean encode) {
      this.space = space;
      this.text = new StringBuilder(text);
      this.encode = encode;
    }
  }

  /**
   * Encodes and folds {@code text} that follows {@code used} characters on the first line.
   *
   * @throws IllegalArgumentException if the text holds a line break or NUL, or the charset cannot encode it
   */
  static String write(String text, Charset cs, int used) {
    HeaderChars.requireSafe("header text", text);
    List<Atom> atoms = atoms(text);
    StringBuilder out = new StringBuilder(text.length() + 32);
    int line = used;
    for (Atom atom : atoms) {
      if (!atom.encode) {
        line = place(out, line, atom.space, atom.text.toString());
        continue;
      }
      String space = atom.space;
      int room = EncodedWords.MAX_LINE_LENGTH - line - Math.max(1, space.length());
      List<String> words = EncodedWordWriter.words(atom.text.toString(), cs, room);
      for (String word : words) {
        if (word.isEmpty()) {
          out.append("\r\n");
          line = 0;
          continue;
        }
        line = place(out, line, space, word);
        space = " ";
      }
    }
    return out.toString();
  }

  /** Appends white space and a piece, folding before the white space when the line would pass 76. */
  private static int place(StringBuilder out, int line, String space, String piece) {
    int width = space.length() + piece.length();
    if (line + width > EncodedWords.MAX_LINE_LENGTH && line > 0 && !piece.isEmpty()
        && (!space.isEmpty() || out.length() > 0)) {
      out.append("\r\n");
      line = 0;
    }
    String sep = line == 0 && space.isEmpty() && out.length() > 0 ? " " : space;
    out.append(sep).append(piece);
    return line + sep.length() + piece.length();
  }

  private static List<Atom> atoms(String text) {
    List<Atom> atoms = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int wordStart = i;
      while (wordStart < text.length() && HeaderChars.isWsp(text.charAt(wordStart))) {
        wordStart++;
      }
      int end = wordStart;
      while (end < text.length() && !HeaderChars.isWsp(text.charAt(end))) {
        end++;
      }
      String space = text.substring(i, wordStart);
      String word = text.substring(wordStart, end);
      boolean encode = !word.isEmpty() && needsEncoding(word);
      Atom last = atoms.isEmpty() ? null : atoms.get(atoms.size() - 1);
      if (encode && last != null && last.encode) {
        last.text.append(space).append(word); // a run grows in place: linear, however many words
      } else {
        atoms.add(new Atom(space, word, encode));
      }
      i = end;
    }
    return atoms;
  }

  private static boolean needsEncoding(String word) {
    if (word.length() > LONGEST_PLAIN_WORD || EncodedWords.containsEncodedWord(word)) {
      return true;
    }
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return true;
      }
    }
    return false;
  }
}
