package dev.missive.pop3.pop2.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * One POP2 command line, parsed by RFC 937's "Formal Syntax": the keyword (case-insensitive), then HELO's two
 * words, FOLD's mailbox string, READ's optional number, or nothing for the rest. A line that does not fit carries
 * the reason in {@link #error()}.
 *
 * @param verb      the command, or {@link Verb#UNKNOWN}
 * @param arguments HELO: user and password; FOLD: the mailbox; otherwise empty (all unquoted)
 * @param number    READ's message number (capped at {@link Long#MAX_VALUE}), or -1 when READ has none
 * @param error     why the line is malformed, or {@code null}
 */
public record Pop2Command(Verb verb, List<String> arguments, long number, String error) {

  /** The commands of RFC 937, "Summary of Commands and Replies". */
  public enum Verb {
    /** HELO user password. */
    HELO,
    /** FOLD mailbox. */
    FOLD,
    /** READ [n]. */
    READ,
    /** RETR. */
    RETR,
    /** ACKS. */
    ACKS,
    /** ACKD. */
    ACKD,
    /** NACK. */
    NACK,
    /** QUIT. */
    QUIT,
    /** Anything else. */
    UNKNOWN
  }

  /**
   * Parses one command line.
   *
   * @param line the line's octets without its CRLF; its position is left unchanged
   * @return the command, possibly with an error
   */
  public static Pop2Command parse(ByteBuffer line) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(line.duplicate()).toString();
    } catch (CharacterCodingException e) {
      return bad(Verb.UNKNOWN, "command line is not UTF-8");
    }
    if (text.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
      return bad(Verb.UNKNOWN, "control character in a command line");
    }
    int space = text.indexOf(' ');
    String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
    String rest = space < 0 ? null : text.substring(space + 1);
    Verb verb;
    try {
      verb = keyword.length() == 4 ? Verb.valueOf(keyword) : Verb.UNKNOWN;
    } catch (IllegalArgumentException e) {
      verb = Verb.UNKNOWN;
    }
    return switch (verb) {
      case UNKNOWN -> bad(verb, "unknown command");
      case HELO -> helo(rest);
      case FOLD -> fold(rest);
      case READ -> read(rest);
      default -> rest == null ? new Pop2Command(verb, List.of(), -1, null) : bad(verb, verb + " takes no argument");
    };
  }

  private static Pop2Command helo(String rest) {
    List<String> words = rest == null ? null : Quoting.words(rest);
    if (words == null || words.size() != 2) {
      return bad(Verb.HELO, "HELO takes a user and a password");
    }
    return new Pop2Command(Verb.HELO, words, -1, null);
  }

  private static Pop2Command fold(String rest) {
    String mailbox = rest == null ? null : Quoting.unquote(rest);
    if (mailbox == null || mailbox.isEmpty()) {
      return bad(Verb.FOLD, "FOLD takes a mailbox name");
    }
    return new Pop2Command(Verb.FOLD, List.of(mailbox), -1, null);
  }

  /** READ [SP number]; runs of spaces are taken like one, as RFC 937's Example 2 writes {@code READ  27}. */
  private static Pop2Command read(String rest) {
    rest = rest == null ? null : rest.replaceFirst("^ +", "");
    if (rest == null || rest.isEmpty()) {
      return new Pop2Command(Verb.READ, List.of(), -1, null);
    }
    if (rest.isEmpty() || !rest.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return bad(Verb.READ, "READ takes a decimal message number");
    }
    long n = 0;
    for (int i = 0; i < rest.length() && n != Long.MAX_VALUE; i++) {
      int digit = rest.charAt(i) - '0';
      n = n > (Long.MAX_VALUE - digit) / 10 ? Long.MAX_VALUE : n * 10 + digit;
    }
    return new Pop2Command(Verb.READ, List.of(), n, null);
  }

  private static Pop2Command bad(Verb verb, String why) {
    return new Pop2Command(verb, List.of(), -1, why);
  }
}
