package dev.missive.message.address;

import dev.missive.message.address.internal.Chars;
import dev.missive.message.address.internal.EncodedPhrase;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes addresses as the body of an RFC 5322 address field (RFC 5322 §3.4; RFC 2047 §5 (3) for encoded display
 * names; RFC 6532 §3.2 for UTF-8), on one line: the header writer folds it.
 *
 * <p>A display name is written as it is when it is a plain phrase of atoms, as a quoted string when it holds
 * specials or extra spaces (only {@code "} and {@code \} escaped), and as RFC 2047 encoded words when it holds
 * non-ASCII text and UTF-8 output was not asked for. Whatever it holds — commas, angle brackets, {@code @},
 * quotes, text that looks like an encoded word — it reads back as the same single display name: it can never
 * smuggle a second address into the field (docs/security.md, "Header injection through the builder"). An
 * addr-spec is never encoded (RFC 2047 §5).
 *
 * <p>The output is linear in the input: at most {@code 78} characters per character of the display names, group
 * names and addr-specs (their wire forms), plus {@code 5} per address (an RFC 2047 word of at most 75 characters
 * holds at least one character; quoting at most doubles a name).
 */
public final class AddressFormatter {

  private AddressFormatter() {}

  /**
   * Formats addresses separated by {@code ", "}.
   *
   * @param utf8 whether the field may hold UTF-8 (RFC 6532); otherwise non-ASCII display names are encoded
   * @param addresses the mailboxes and groups
   * @return the formatted list
   * @throws IllegalArgumentException if an addr-spec holds non-ASCII text and {@code utf8} is false (convert the
   *     domain explicitly with {@link IdnLabels} if that is wanted; a non-ASCII local part needs RFC 6532)
   */
  public static String format(List<? extends Address> addresses, boolean utf8) {
    return addresses.stream().map(a -> format(a, utf8)).collect(Collectors.joining(", "));
  }

  /**
   * Formats one address: {@code addr-spec}, {@code display-name <addr-spec>} or {@code name: m1, m2;}.
   *
   * @param address the mailbox or group
   * @param utf8    whether the field may hold UTF-8 (RFC 6532)
   * @return the formatted address
   * @throws IllegalArgumentException as {@link #format(List, boolean)}
   */
  public static String format(Address address, boolean utf8) {
    if (address instanceof Group) {
      Group g = (Group) address;
      return phrase(g.name(), utf8) + ": " + format(g.members(), utf8) + ";";
    }
    Mailbox m = (Mailbox) address;
    String spec = addrSpec(m.addrSpec(), utf8);
    return m.displayName().map(n -> phrase(n, utf8) + " <" + spec + ">").orElse(spec);
  }

  /**
   * The addr-spec as written in a header field.
   *
   * @param spec the address
   * @param utf8 whether the field may hold UTF-8 (RFC 6532)
   * @return the formatted addr-spec
   * @throws IllegalArgumentException if it holds non-ASCII text and {@code utf8} is false
   */
  public static String addrSpec(AddrSpec spec, boolean utf8) {
    if (!utf8 && spec.requiresUtf8()) {
      throw new IllegalArgumentException("a non-ASCII addr-spec needs RFC 6532 (UTF-8) header fields;"
          + " RFC 2047 forbids encoding it");
    }
    return spec.toString();
  }

  /** A display name or group name as an RFC 5322 §3.2.5 phrase. */
  static String phrase(String name, boolean utf8) {
    if (isAtomPhrase(name, utf8) && !EncodedPhrase.looksEncoded(name)) {
      return name;
    }
    if (utf8 || Chars.isAscii(name)) {
      StringBuilder sb = new StringBuilder(name.length() + 2).append('"');
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (c == '"' || c == '\\') {
          sb.append('\\');
        }
        sb.append(c);
      }
      return sb.append('"').toString();
    }
    return EncodedPhrase.encode(name);
  }

  /** Atoms separated by single spaces (RFC 5322 §3.2.5 {@code 1*word} without quoting). */
  private static boolean isAtomPhrase(String name, boolean utf8) {
    if (name.isEmpty()) {
      return false;
    }
    boolean afterSpace = true;
    for (int i = 0; i < name.length(); ) {
      int c = name.codePointAt(i);
      if (c == ' ') {
        if (afterSpace) {
          return false;
        }
        afterSpace = true;
      } else if (Chars.isAtext(c, utf8)) {
        afterSpace = false;
      } else {
        return false;
      }
      i += Character.charCount(c);
    }
    return !afterSpace;
  }
}
