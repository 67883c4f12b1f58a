package dev.missive.message.address;

import dev.missive.message.address.internal.Chars;
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

  /** The RFC 6532 form (UTF-8 kept) of {@link AddressFormatter#format(Address, boolean)}. */
  @Override
  public String toString() {
    return AddressFormatter.format(this, true);
  }
}
