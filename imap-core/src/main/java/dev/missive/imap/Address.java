package dev.missive.imap;

import java.util.Objects;
import java.util.Optional;

/**
 * An address structure of an ENVELOPE (RFC 9051 §7.5.2, §9 {@code address}): display name, source route, local
 * part and domain, each an {@code nstring}. RFC 5322 group syntax uses two special forms: a group start (host NIL,
 * mailbox holding the group's name) and a group end (host and mailbox NIL).
 *
 * <p>Values are the header's text with RFC 5322 quoting removed; encoded words (RFC 2047) are left as they are,
 * as IMAP servers send them and clients decode them.
 *
 * @param name    the display name ({@code addr-name}), if any
 * @param adl     the source route ({@code addr-adl}, obsolete syntax), if any
 * @param mailbox the local part, or the group's name at a group start, or empty at a group end
 * @param host    the domain, or empty for the group markers
 */
public record Address(Optional<String> name, Optional<String> adl, Optional<String> mailbox,
                      Optional<String> host) {

  /**
   * Requires the four values.
   *
   * @param name    the display name, if any
   * @param adl     the source route, if any
   * @param mailbox the local part, or the group's name, or empty at a group end
   * @param host    the domain, or empty for the group markers
   */
  public Address {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(adl, "adl");
    Objects.requireNonNull(mailbox, "mailbox");
    Objects.requireNonNull(host, "host");
  }

  /**
   * A mailbox address.
   *
   * @param name    the display name, or null
   * @param mailbox the local part
   * @param host    the domain
   * @return the address
   */
  public static Address of(String name, String mailbox, String host) {
    return new Address(Optional.ofNullable(name), Optional.empty(), Optional.of(mailbox), Optional.of(host));
  }

  /**
   * The start of a group.
   *
   * @param groupName the group's display name
   * @return the marker
   */
  public static Address groupStart(String groupName) {
    return new Address(Optional.empty(), Optional.empty(), Optional.of(groupName), Optional.empty());
  }

  /** {@return the end-of-group marker} */
  public static Address groupEnd() {
    return new Address(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** {@return whether this is a group start marker} */
  public boolean isGroupStart() {
    return host.isEmpty() && mailbox.isPresent();
  }

  /** {@return whether this is a group end marker} */
  public boolean isGroupEnd() {
    return host.isEmpty() && mailbox.isEmpty();
  }
}
