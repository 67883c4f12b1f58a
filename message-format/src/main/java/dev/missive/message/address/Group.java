package dev.missive.message.address;

import java.util.List;
import dev.missive.message.address.internal.Chars;
import java.util.Objects;
import java.util.Optional;

/**
 * A named group of mailboxes in an RFC 5322 header field, possibly empty as in {@code undisclosed-recipients:;}
 * (RFC 5322 §3.4 {@code group = display-name ":" [group-list] ";"}).
 *
 * @param name    the decoded group name (may be empty only when the input had none, which is a defect)
 * @param members the mailboxes, in order (groups do not nest)
 */
public record Group(String name, List<Mailbox> members) implements Address {

  /**
   * Validates the values and copies the list.
   *
   * @param name    the decoded group name (may be empty only when the input had none, which is a defect)
   * @param members the mailboxes, in order (groups do not nest)
   * @throws IllegalArgumentException if the name holds a control character or line separator
   */
  public Group {
    Objects.requireNonNull(name, "name");
    Chars.requireText(name, "group name");
    members = List.copyOf(members);
  }

  /** The group name, or empty if it is the empty string. */
  @Override
  public Optional<String> displayName() {
    return Optional.of(name).filter(n -> !n.isEmpty());
  }

  /** The RFC 6532 form (UTF-8 kept) of {@link AddressFormatter#format(Address, boolean)}. */
  @Override
  public String toString() {
    return AddressFormatter.format(this, true);
  }
}
