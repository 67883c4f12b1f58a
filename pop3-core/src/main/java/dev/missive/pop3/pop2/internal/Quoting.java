package dev.missive.pop3.pop2.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 937's quoting convention ("Quoting"): in a command argument a back slash makes the next character literal,
 * so {@code \ } is a space inside a user name, password or mailbox and {@code \\} a back slash. Used only in
 * command arguments, never in message data.
 */
public final class Quoting {

  private Quoting() {
  }

  /**
   * The argument as it goes on the wire: every space and back slash preceded by a back slash.
   *
   * @param argument the argument's text
   * @return the quoted text
   */
  public static String quote(String argument) {
    StringBuilder b = new StringBuilder(argument.length() + 4);
    for (int i = 0; i < argument.length(); i++) {
      char c = argument.charAt(i);
      if (c == ' ' || c == '\\') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }

  /**
   * Reads {@code text} as a whole {@code <string>} argument (FOLD's mailbox): back slashes removed, each keeping
   * the character after it.
   *
   * @param text the argument as received
   * @return the argument, or {@code null} when it ends with a lone back slash
   */
  public static String unquote(String text) {
    List<String> words = split(text, false);
    return words == null ? null : words.get(0);
  }

  /**
   * Splits {@code text} into {@code <word>}s at unquoted spaces (HELO's user and password), each unquoted; runs of
   * spaces separate like one.
   *
   * @param text the arguments as received
   * @return the words, or {@code null} when the text ends with a lone back slash
   */
  public static List<String> words(String text) {
    return split(text, true);
  }

  private static List<String> split(String text, boolean atSpaces) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        if (++i == text.length()) {
          return null;
        }
        word.append(text.charAt(i));
        inWord = true;
      } else if (c == ' ' && atSpaces) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord || !atSpaces) {
      words.add(word.toString());
    }
    return words;
  }
}
