package dev.missive.imap;

import dev.missive.imap.internal.text.CharClasses;
import java.util.Objects;

/**
 * A message flag (RFC 9051 §2.3.2): a system flag ({@code \Seen}, {@code \Answered}, {@code \Flagged},
 * {@code \Deleted}, {@code \Draft}, the deprecated {@code \Recent}, or another {@code \atom}), a keyword (an atom
 * such as {@code $Forwarded}), or {@code \*} in PERMANENTFLAGS (RFC 9051 §7.1, {@code flag-perm}).
 *
 * <p>The name is checked at construction: a flag is written as a bare atom on the wire (it has no quoted form),
 * so a name with a space, CR, LF, {@code "}, a parenthesis, a wildcard or any octet outside printable US-ASCII is
 * refused. The six system flags are spelt in their RFC form whatever the case they came in ({@code \SEEN} is
 * {@link #SEEN}), since flag names are case-insensitive; keywords keep their spelling.
 *
 * @param name the flag as written on the wire, for example {@code \Seen} or {@code $Junk}
 */
public record Flag(String name) {
  private static final String[] SYSTEM = {"\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft", "\\Recent"};

  /** {@code \Seen}: the message has been read. */
  public static final Flag SEEN = new Flag("\\Seen");
  /** {@code \Answered}: the message has been answered. */
  public static final Flag ANSWERED = new Flag("\\Answered");
  /** {@code \Flagged}: flagged for urgent or special attention. */
  public static final Flag FLAGGED = new Flag("\\Flagged");
  /** {@code \Deleted}: marked for removal by a later EXPUNGE. */
  public static final Flag DELETED = new Flag("\\Deleted");
  /** {@code \Draft}: composition not complete. */
  public static final Flag DRAFT = new Flag("\\Draft");
  /** {@code \Recent}: IMAP4rev1 only, deprecated by RFC 9051. */
  public static final Flag RECENT = new Flag("\\Recent");
  /** {@code \*} in PERMANENTFLAGS: the client may create new keywords. */
  public static final Flag ANY_KEYWORD = new Flag("\\*");


  /**
   * Checks the name and gives system flags their RFC spelling.
   *
   * @param name the flag as written on the wire
   */
  public Flag {
    Objects.requireNonNull(name, "name");
    int start = name.startsWith("\\") ? 1 : 0;
    if (name.length() == start) {
      throw new IllegalArgumentException("empty flag name");
    }
    if (!(start == 1 && name.equals("\\*"))) {
      for (int i = start; i < name.length(); i++) {
        if (!isAtomChar(name.charAt(i))) {
          throw new IllegalArgumentException("flag names are atoms; not allowed: U+"
              + String.format("%04X", (int) name.charAt(i)));
        }
      }
    }
    for (String s : SYSTEM) {
      if (s.equalsIgnoreCase(name)) {
        name = s;
      }
    }
  }

  /**
   * Whether {@code c} is an {@code ATOM-CHAR} (RFC 9051 §9): printable US-ASCII except the parentheses, the open
   * brace, space, {@code %}, {@code *}, {@code "}, {@code \} and {@code ]}.
   *
   * @param c the character
   * @return whether it may appear in an atom
   */
  public static boolean isAtomChar(char c) {
    return c < 0x80 && CharClasses.isAtomChar(c);
  }

  /** {@return whether this is a system flag (it starts with a backslash)} */
  public boolean isSystem() {
    return name.startsWith("\\");
  }

  /** {@return whether this is a keyword (no backslash)} */
  public boolean isKeyword() {
    return !isSystem();
  }

  @Override
  public String toString() {
    return name;
  }
}
