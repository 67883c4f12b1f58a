package dev.missive.message.address;

import dev.missive.message.Defect;
import dev.missive.message.address.internal.Chars;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A mailbox of an RFC 5322 header field: an addr-spec with an optional display name (RFC 5322 §3.4
 * {@code mailbox = name-addr / addr-spec}, RFC 6532 §3.2 for UTF-8).
 *
 * <p>The display name is held decoded (RFC 2047 encoded words resolved, quotes and escapes removed); it may hold
 * any text except control characters and line or paragraph separators, so it can never carry a line break into
 * a header. {@link AddressFormatter} quotes or encodes it as needed, so a display name can never smuggle a
 * second address into a formatted field. An empty display name is the same as none.
 *
 * @param displayName the decoded display name, if any
 * @param addrSpec    the address
 */
public record Mailbox(Optional<String> displayName, AddrSpec addrSpec) implements Address {

  /**
   * Validates the values and normalises an empty display name to none.
   *
   * @param displayName the decoded display name, if any
   * @param addrSpec    the address
   * @throws IllegalArgumentException if the display name holds a control character or line separator
   */
  public Mailbox {
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(addrSpec, "addrSpec");
    displayName = displayName.filter(n -> !n.isEmpty());
    displayName.ifPresent(n -> Chars.requireText(n, "display name"));
  }

  /**
   * A mailbox without a display name.
   *
   * @param addrSpec the address
   * @return the mailbox
   */
  public static Mailbox of(AddrSpec addrSpec) {
    return new Mailbox(Optional.empty(), addrSpec);
  }

  /**
   * A mailbox with a display name ({@code null} or empty for none).
   *
   * @param displayName the display name, or {@code null}
   * @param addrSpec    the address
   * @return the mailbox
   */
  public static Mailbox of(String displayName, AddrSpec addrSpec) {
    return new Mailbox(Optional.ofNullable(displayName), addrSpec);
  }

  /**
   * Parses one mailbox written as in a header field (RFC 5322 §3.4; RFC 6532 §3.2 for UTF-8), strictly: for
   * values the host supplies, such as {@code Ann <ann@example.net>}, {@code ann@example.net},
   * {@code "Doe, Ann" <ann@example.net>} or {@code =?utf-8?q?J=C3=BCrgen?= <j@example.org>} (encoded words are
   * decoded in the display name only, never in the address). Comments and folding white space are allowed; the
   * obsolete syntax of RFC 5322 §4.4 (a source route, {@code Joe Q. Public}, {@code a . b@c}), a group, several
   * addresses, and anything the lenient {@link AddressParser} would read only with a defect are refused, as is an
   * address that is not a valid RFC 5321 §4.1.2 mailbox (it could not go on an envelope). Peer input goes through
   * {@link AddressParser}, which never throws.
   *
   * @param text the mailbox
   * @return the mailbox
   * @throws IllegalArgumentException naming what is wrong and where (the text is not echoed)
   */
  public static Mailbox parse(CharSequence text) {
    Objects.requireNonNull(text, "text");
    String s = text.toString();
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7f || c >= 0x80 && c < 0xa0 || c == 0x2028 || c == 0x2029
          || c >= 0xd800 && c <= 0xdfff) {
        throw new IllegalArgumentException("mailbox contains character U+" + String.format("%04X", c)
            + " at index " + i + " (a line break or control character; RFC 5322 §3.4)");
      }
      i += Character.charCount(c);
    }
    List<Defect> defects = new ArrayList<>();
    List<Address> all = AddressParser.parseAddressList(s, defects);
    if (!defects.isEmpty()) {
      throw new IllegalArgumentException("not a mailbox (RFC 5322 §3.4): " + defects.get(0).detail());
    }
    if (all.size() != 1) {
      throw new IllegalArgumentException(all.isEmpty() ? "no mailbox (RFC 5322 §3.4): the text is empty"
          : "one mailbox expected, " + all.size() + " addresses found (RFC 5322 §3.4)");
    }
    if (!(all.get(0) instanceof Mailbox m)) {
      throw new IllegalArgumentException("a group, not a mailbox (RFC 5322 §3.4)");
    }
    try {
      AddrSpec.parse(m.addrSpec().toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a mailbox an envelope can carry (RFC 5321 §4.1.2): "
          + e.getMessage(), e);
    }
    return m;
  }

  /** The RFC 6532 form (UTF-8 kept) of {@link AddressFormatter#format(Address, boolean)}. */
  @Override
  public String toString() {
    return AddressFormatter.format(this, true);
  }
}
