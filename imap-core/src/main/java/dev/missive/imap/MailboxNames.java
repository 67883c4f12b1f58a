package dev.missive.imap;

import java.util.Objects;
import java.util.Optional;

/**
 * Checks a host can apply to a decoded mailbox name before it touches its store (RFC 9051 §5.1 lets servers refuse
 * names; §11.7 and RFC 3501 §11 warn about names that escape the user's own area). A name is refused when it is
 * empty, holds a control character (C0, DEL, C1, U+2028, U+2029), starts with the hierarchy delimiter or {@code ~}
 * (an absolute or home-relative path), has an empty level or a level that is {@code .} or {@code ..}, or holds
 * {@code /} or {@code \} other than as the delimiter. Names arrive decoded (modified UTF-7 undone), so
 * {@code &AC4ALg-} is checked as {@code ..}.
 */
public final class MailboxNames {

  private MailboxNames() {}

  /**
   * What is wrong with a name, if anything.
   *
   * @param name      the decoded name
   * @param delimiter the store's hierarchy delimiter, for example {@code /} or {@code .}
   * @return why the name is refused, or empty if it is acceptable
   */
  public static Optional<String> problem(String name, char delimiter) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      return Optional.of("empty mailbox name");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029') {
        return Optional.of("control character in mailbox name");
      }
      if ((c == '/' || c == '\\') && c != delimiter) {
        return Optional.of("'" + c + "' in mailbox name");
      }
    }
    if (name.charAt(0) == delimiter || name.charAt(0) == '~') {
      return Optional.of("mailbox name starts with '" + name.charAt(0) + "'");
    }
    int start = 0;
    while (start <= name.length()) {
      int end = name.indexOf(delimiter, start);
      if (end < 0) {
        end = name.length();
      }
      String level = name.substring(start, end);
      if (level.isEmpty() && end < name.length()) {
        return Optional.of("empty level in mailbox name");
      }
      if (level.equals(".") || level.equals("..")) {
        return Optional.of("'" + level + "' in mailbox name");
      }
      start = end + 1;
    }
    return Optional.empty();
  }

  /**
   * Whether a name passes {@link #problem(String, char)}.
   *
   * @param name      the decoded name
   * @param delimiter the store's hierarchy delimiter
   * @return whether the host may use it
   */
  public static boolean isSafe(String name, char delimiter) {
    return problem(name, delimiter).isEmpty();
  }
}
