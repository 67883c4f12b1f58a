package dev.missive.mailauth.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a header field made of pieces, folding (RFC 5322 §2.2.3: CRLF and a tab) before a piece that would take
 * the line past 76 characters; pieces start where the field's grammar allows folding white space (between tags
 * of a tag list, around ':' in {@code h=}, inside base64, RFC 6376 §3.2, §3.5). ASCII, or UTF-8 where RFC 6532
 * allows it (Authentication-Results values of internationalised mail).
 */
public final class FieldFolder {

  private static final int WIDTH = 76;

  private final StringBuilder text = new StringBuilder(512);
  private int lineLength;

  /**
   * Starts a field.
   *
   * @param name the field name
   */
  public FieldFolder(String name) {
    text.append(name).append(':');
    lineLength = name.length() + 1;
  }

  /**
   * Adds a piece, preceded by a space when it fits on the line and {@code space} is set, or by a fold.
   *
   * @param piece the text
   * @param space whether a space separates it from the previous piece on the same line
   * @return this folder
   */
  public FieldFolder piece(String piece, boolean space) {
    int need = piece.length() + (space ? 1 : 0);
    if (lineLength + need > WIDTH && lineLength > 1) {
      text.append("\r\n\t");
      lineLength = 1;
    } else if (space) {
      text.append(' ');
      lineLength++;
    }
    text.append(piece);
    lineLength += piece.length();
    return this;
  }

  /**
   * Adds a tag whose value may be cut at the given separator, e.g. {@code h=} at ':'.
   *
   * @param tag       the tag name
   * @param values    the values
   * @param separator the separator between values
   * @param last      whether this is the last tag (no ';' after it)
   * @return this folder
   */
  public FieldFolder list(String tag, List<String> values, String separator, boolean last) {
    for (int i = 0; i < values.size(); i++) {
      String v = (i == 0 ? tag + "=" : "") + values.get(i) + (i < values.size() - 1 ? separator : last ? "" : ";");
      piece(v, i == 0);
    }
    return this;
  }

  /**
   * Adds base64 text cut into pieces that fill the lines.
   *
   * @param base64 the text
   * @return this folder
   */
  public FieldFolder base64(String base64) {
    int i = 0;
    while (i < base64.length()) {
      int room = WIDTH - lineLength;
      if (room < 8) {
        text.append("\r\n\t");
        lineLength = 1;
        room = WIDTH - 1;
      }
      int n = Math.min(room, base64.length() - i);
      text.append(base64, i, i + n);
      lineLength += n;
      i += n;
    }
    return this;
  }

  /** {@return the field's raw octets so far} */
  public byte[] raw() {
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
