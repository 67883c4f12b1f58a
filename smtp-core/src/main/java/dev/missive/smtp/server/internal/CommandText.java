package dev.missive.smtp.server.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns a command line's argument octets into text (RFC 5321 §4.1.1, RFC 6531 §3.3) and checks the client name of
 * HELO/EHLO/LHLO, so that nothing a {@code Received:} field or log line carries can break out of it.
 */
public final class CommandText {

  private CommandText() {
  }

  /**
   * The text after the verb and one space, trailing spaces trimmed: UTF-8 (malformed input gives null) when SMTPUTF8
   * is in effect (RFC 6531 §3.3), else ISO-8859-1 so that every octet stays visible to the syntax checks.
   */
  public static String argument(ByteBuffer line, Verb verb, boolean utf8) {
    int len = verb.length();
    if (line.remaining() <= len + 1) {
      return "";
    }
    int from = line.position() + len + 1;
    String ascii = asciiTrimmed(line, from, line.limit());
    if (ascii != null) {
      return ascii; // US-ASCII reads the same in UTF-8 and ISO-8859-1: no decoder needed
    }
    ByteBuffer rest = line.duplicate();
    rest.position(from);
    String text;
    if (utf8) {
      try {
        text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(rest).toString();
      } catch (CharacterCodingException e) {
        return null;
      }
    } else {
      text = StandardCharsets.ISO_8859_1.decode(rest).toString();
    }
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == ' ') {
      end--;
    }
    return text.substring(0, end);
  }

  /** {@code line[from, to)} without trailing spaces as a string when every octet is US-ASCII, else null. */
  private static String asciiTrimmed(ByteBuffer line, int from, int to) {
    for (int i = from; i < to; i++) {
      if (line.get(i) < 0) {
        return null;
      }
    }
    int end = to;
    while (end > from && line.get(end - 1) == ' ') {
      end--;
    }
    byte[] octets = new byte[end - from];
    line.get(from, octets);
    return new String(octets, StandardCharsets.US_ASCII);
  }

  /** Whether a HELO/EHLO/LHLO argument is a plausible domain or address literal (RFC 5321 §4.1.1.1). */
  public static boolean isClientName(String name) {
    if (name.length() > 255) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
          || c == '-' || c == '_' || c == ':' || c == '[' || c == ']' || c > 0x7F && Character.isLetterOrDigit(c);
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
