package dev.missive.examples.imap;

import dev.missive.imap.MailboxNames;
import dev.missive.imap.ModifiedUtf7;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * IMAP mailbox names and their Maildir++ directories: {@code INBOX} is the user's Maildir itself, any other name
 * {@code A/B} is the directory {@code .A.B} beside it (Courier's Maildir++ layout: one level of directories whose
 * names hold the hierarchy, {@code .} as its separator). Each level is stored in modified UTF-7 (RFC 3501 §5.1.3,
 * as Courier and Dovecot store it), and a {@code .} inside a level is written {@code \2e}, a {@code \} as
 * {@code \5c} (Dovecot's escaping), so every name has exactly one directory and back.
 *
 * <p>A name that could leave the user's directory is refused before it is turned into a path (RFC 9051 §11.7):
 * {@link MailboxNames#problem} (empty or {@code .}/{@code ..} levels, control characters, {@code /} or {@code \}
 * other than as the delimiter, a leading {@code ~} or delimiter), a level starting with {@code ~}, and a name whose
 * modified UTF-7 reading is any of these (a client that sends {@code &AC4ALg-} unencoded).
 */
final class FolderNames {

  /** The hierarchy delimiter clients see. */
  static final char DELIMITER = '/';
  /** The longest directory name most file systems take, in octets. */
  private static final int MAX_DIRECTORY_OCTETS = 255;

  private FolderNames() {}

  /** {@return whether {@code name} is INBOX, which is case-insensitive (RFC 9051 §5.1)} */
  static boolean isInbox(String name) {
    return name.equalsIgnoreCase("INBOX");
  }

  /**
   * What is wrong with a name as a folder of this layout, if anything.
   *
   * @param name the decoded mailbox name
   * @return why it is refused, or empty
   */
  static Optional<String> problem(String name) {
    Optional<String> p = MailboxNames.problem(name, DELIMITER);
    if (p.isPresent()) {
      return p;
    }
    for (String level : name.split("/", -1)) {
      if (level.startsWith("~")) {
        return Optional.of("a level of the name starts with '~'");
      }
    }
    if (name.indexOf('&') >= 0) {
      String decoded = leniently(name);
      if (!decoded.equals(name)) {
        Optional<String> q = problem(decoded);
        if (q.isPresent()) {
          return Optional.of("modified UTF-7 form of a refused name: " + q.get());
        }
      }
    }
    if (!isInbox(name) && directory(name).getBytes(StandardCharsets.UTF_8).length > MAX_DIRECTORY_OCTETS) {
      return Optional.of("mailbox name too long");
    }
    return Optional.empty();
  }

  /**
   * A modified UTF-7 reading of a name that takes every {@code &...-} run as base64 of UTF-16 (RFC 3501 §5.1.3),
   * even the forms a strict decoder refuses (printable ASCII encoded), as a careless program downstream might.
   */
  private static String leniently(String name) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < name.length()) {
      int amp = name.indexOf('&', i);
      int dash = amp < 0 ? -1 : name.indexOf('-', amp);
      if (amp < 0 || dash < 0) {
        out.append(name, i, name.length());
        break;
      }
      out.append(name, i, amp);
      String run = name.substring(amp + 1, dash);
      if (run.isEmpty()) {
        out.append('&');
      } else {
        try {
          byte[] utf16 = java.util.Base64.getDecoder().decode(pad(run.replace(',', '/')));
          out.append(new String(utf16, 0, utf16.length & ~1, StandardCharsets.UTF_16BE));
        } catch (IllegalArgumentException notBase64) {
          out.append(name, amp, dash + 1);
        }
      }
      i = dash + 1;
    }
    return out.toString();
  }

  private static String pad(String base64) {
    StringBuilder b = new StringBuilder(base64);
    while (b.length() % 4 != 0) {
      b.append('=');
    }
    return b.toString();
  }

  /**
   * The directory of a folder other than INBOX, beside the INBOX's {@code cur/}.
   *
   * @param name a name {@link #problem} accepts, not INBOX
   * @return the directory name, starting with {@code .}
   */
  static String directory(String name) {
    StringBuilder out = new StringBuilder();
    for (String level : name.split("/", -1)) {
      out.append('.');
      String encoded = ModifiedUtf7.encode(level);
      for (int i = 0; i < encoded.length(); i++) {
        char c = encoded.charAt(i);
        switch (c) {
          case '.' -> out.append("\\2e");
          case '\\' -> out.append("\\5c");
          default -> out.append(c);
        }
      }
    }
    return out.toString();
  }

  /**
   * The mailbox name of a folder directory.
   *
   * @param directory a directory name of the user's Maildir
   * @return the name, or empty when the directory is not a folder of this layout (or one a client could not name)
   */
  static Optional<String> name(String directory) {
    if (directory.length() < 2 || directory.charAt(0) != '.' || directory.charAt(1) == '.') {
      return Optional.empty();
    }
    StringBuilder name = new StringBuilder();
    try {
      for (String level : directory.substring(1).split("\\.", -1)) {
        if (name.length() > 0) {
          name.append(DELIMITER);
        }
        name.append(ModifiedUtf7.decode(unescape(level)));
      }
    } catch (IllegalArgumentException notOurs) {
      return Optional.empty();
    }
    String n = name.toString();
    if (isInbox(n) || problem(n).isPresent() || !directory(n).equals(directory)) {
      return Optional.empty();
    }
    return Optional.of(n);
  }

  private static String unescape(String level) {
    StringBuilder out = new StringBuilder(level.length());
    for (int i = 0; i < level.length(); i++) {
      char c = level.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (i + 3 > level.length()) {
        throw new IllegalArgumentException("cut escape");
      }
      String hex = level.substring(i + 1, i + 3).toLowerCase(Locale.ROOT);
      switch (hex) {
        case "2e" -> out.append('.');
        case "5c" -> out.append('\\');
        default -> throw new IllegalArgumentException("unknown escape \\" + hex);
      }
      i += 2;
    }
    return out.toString();
  }
}
