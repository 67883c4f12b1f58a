package dev.missive.mailauth.internal;

import dev.missive.mailauth.MalformedRecordException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A tag=value list (RFC 6376 §3.2), the syntax of DKIM signatures and key records, ARC fields (RFC 8617 §4.1) and
 * DMARC records (RFC 7489 §6.4): tags in order with their values and where each value sits in the text, so a
 * signature's {@code b=} value can be removed in place (RFC 6376 §3.7). Values keep their inner folding white space;
 * {@link #compact(String)} removes it for base64 values. Tag names are case-sensitive; a repeated tag is an error.
 */
public final class TagList {

  /**
   * One tag.
   *
   * @param name       the tag name
   * @param value      the value, outer white space removed
   * @param valueStart where the value starts in the text (after '=' and white space)
   * @param valueEnd   where the value ends (before trailing white space and ';')
   */
  public record Tag(String name, String value, int valueStart, int valueEnd) {}

  private final List<Tag> tags;

  private TagList(List<Tag> tags) {
    this.tags = Collections.unmodifiableList(tags);
  }

  /**
   * Parses a tag list; text is characters U+0000–U+00FF standing for octets.
   *
   * @param text the list
   * @return the tags
   * @throws MalformedRecordException if the text is not a tag list
   */
  public static TagList parse(String text) throws MalformedRecordException {
    List<Tag> tags = new ArrayList<>();
    int n = text.length();
    int i = 0;
    while (true) {
      i = skipFws(text, i);
      if (i >= n) {
        break;
      }
      int nameStart = i;
      if (!isAlpha(text.charAt(i))) {
        throw new MalformedRecordException("tag name must start with a letter at offset " + i + " (RFC 6376 §3.2)");
      }
      while (i < n && (isAlpha(text.charAt(i)) || isDigit(text.charAt(i)) || text.charAt(i) == '_')) {
        i++;
      }
      String name = text.substring(nameStart, i);
      i = skipFws(text, i);
      if (i >= n || text.charAt(i) != '=') {
        throw new MalformedRecordException("missing '=' after tag '" + excerpt(name) + "' (RFC 6376 §3.2)");
      }
      i = skipFws(text, i + 1);
      int valueStart = i;
      int valueEnd = i;
      while (i < n && text.charAt(i) != ';') {
        char c = text.charAt(i);
        if (isFwsChar(c)) {
          i++;
          continue;
        }
        if (c < 0x21 || c > 0x7e) {
          throw new MalformedRecordException("illegal character in the value of tag '" + excerpt(name)
              + "' at offset " + i + " (RFC 6376 §3.2)");
        }
        i++;
        valueEnd = i;
      }
      for (Tag t : tags) {
        if (t.name.equals(name)) {
          throw new MalformedRecordException("tag '" + excerpt(name) + "' appears twice (RFC 6376 §3.2)");
        }
      }
      if (!isFoldingValid(text, valueStart, valueEnd)) {
        throw new MalformedRecordException("bad line folding in the value of tag '" + excerpt(name) + "'");
      }
      tags.add(new Tag(name, text.substring(valueStart, valueEnd), valueStart, valueEnd));
      if (i >= n) {
        break;
      }
      i++; // ';'
    }
    return new TagList(tags);
  }

  /** {@return the tags in order} */
  public List<Tag> tags() {
    return tags;
  }

  /**
   * The tag with this name.
   *
   * @param name the tag name
   * @return the tag, if present
   */
  public Optional<Tag> tag(String name) {
    for (Tag t : tags) {
      if (t.name.equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * The value of a tag.
   *
   * @param name the tag name
   * @return the value, if present
   */
  public Optional<String> value(String name) {
    return tag(name).map(Tag::value);
  }

  /**
   * A required tag's value.
   *
   * @param name the tag name
   * @param what the record's name, for the message
   * @return the value
   * @throws MalformedRecordException if the tag is absent
   */
  public String require(String name, String what) throws MalformedRecordException {
    return value(name).orElseThrow(() -> new MalformedRecordException(what + " lacks the required tag " + name
        + "="));
  }

  /**
   * A value with every white space character removed (base64 values may be folded, RFC 6376 §3.5 b=).
   *
   * @param value the value
   * @return the value without white space
   */
  public static String compact(String value) {
    StringBuilder b = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (isFwsChar(c)) {
        if (b == null) {
          b = new StringBuilder(value.length()).append(value, 0, i);
        }
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? value : b.toString();
  }

  private static int skipFws(String s, int i) {
    while (i < s.length() && isFwsChar(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isFwsChar(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  /** Line breaks inside a value must be folding: CRLF (or a bare LF) followed by white space. */
  private static boolean isFoldingValid(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '\r' && (i + 1 >= to || s.charAt(i + 1) != '\n')) {
        return false;
      }
      if (c == '\n' && (i + 1 >= to || (s.charAt(i + 1) != ' ' && s.charAt(i + 1) != '\t'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * Text safe for a message: at most 40 characters, controls replaced.
   *
   * @param s any text
   * @return the excerpt
   */
  public static String excerpt(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 40; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c >= 0x7f ? '?' : c);
    }
    return s.length() > 40 ? b.append('…').toString() : b.toString();
  }
}
