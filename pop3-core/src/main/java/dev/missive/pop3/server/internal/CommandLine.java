package dev.missive.pop3.server.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * One POP3 command line split into its keyword and argument text (RFC 1939 §3: a keyword, then arguments
 * separated by single spaces; RFC 6856 §2 for UTF-8 arguments). Parsing is total: it never throws.
 *
 * @param verb      the recognised command, or null
 * @param arguments the text after the keyword and one space, or empty; null if it is not acceptable text
 * @param rawArgs   the argument octets (a read-only view valid until the next line), for PASS
 */
public record CommandLine(Verb verb, String arguments, ByteBuffer rawArgs) {

  /** Parses {@code line} (content without CRLF); arguments must be ASCII unless {@code utf8} is on. */
  public static CommandLine parse(ByteBuffer line, boolean utf8) {
    int start = line.position();
    int end = line.limit();
    int space = start;
    while (space < end && line.get(space) != ' ') {
      space++;
    }
    Verb verb = Verb.of(Verb.pack(line, space - start));
    ByteBuffer raw = space < end ? line.slice(space + 1, end - space - 1) : line.slice(end, 0);
    return new CommandLine(verb, text(raw, utf8), raw);
  }

  /** Decodes argument octets: printable ASCII, or any UTF-8 without controls when {@code utf8}; else null. */
  static String text(ByteBuffer raw, boolean utf8) {
    boolean ascii = true;
    for (int i = raw.position(); i < raw.limit(); i++) {
      int c = raw.get(i) & 0xFF;
      if (c < 0x20 || c == 0x7F) {
        return null;
      }
      ascii &= c < 0x80;
    }
    if (ascii) {
      return StandardCharsets.US_ASCII.decode(raw.duplicate()).toString();
    }
    if (!utf8) {
      return null;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(raw.duplicate()).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** The arguments split on single spaces; an empty argument text gives an empty array. */
  public String[] args() {
    if (arguments == null || arguments.isEmpty()) {
      return new String[0];
    }
    return arguments.split(" ", -1);
  }

  /**
   * Parses a message number (RFC 1939 §3: a decimal of at most what fits); returns 0 for anything that is not a
   * plain positive decimal (no sign, no spaces, no leading {@code +}), which no message has.
   */
  public static int messageNumber(String s) {
    long n = decimal(s, 9);
    return n > 0 && n <= Integer.MAX_VALUE ? (int) n : 0;
  }

  /**
   * Parses a non-negative decimal; returns -1 if it is not one, and {@code Long.MAX_VALUE} for a valid decimal
   * with more than {@code maxDigits} digits (a huge line count for TOP means "all").
   */
  public static long decimal(String s, int maxDigits) {
    if (s == null || s.isEmpty()) {
      return -1;
    }
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      if (i < maxDigits) {
        n = n * 10 + (c - '0');
      }
    }
    return s.length() > maxDigits ? Long.MAX_VALUE : n;
  }

  /** Never shows the arguments, which may be a password. */
  @Override
  public String toString() {
    return "CommandLine[" + verb + "]";
  }
}
