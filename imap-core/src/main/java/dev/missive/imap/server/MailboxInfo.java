package dev.missive.imap.server;

import dev.missive.imap.MailboxAttribute;
import java.util.List;
import java.util.Objects;

/**
 * A mailbox as LIST shows it (RFC 9051 §7.3.1): its name, its attributes ({@code \Noselect}, special uses of RFC
 * 6154 §2, ...; the children attributes are computed by the server) and whether the user subscribed to it.
 *
 * @param name       the full name, Unicode, hierarchy levels separated by the store's delimiter
 * @param attributes the attributes other than the children ones
 * @param subscribed whether it is subscribed
 */
public record MailboxInfo(String name, List<MailboxAttribute> attributes, boolean subscribed) {

  /**
   * Checks the values.
   *
   * @param name       the full name
   * @param attributes the attributes
   * @param subscribed whether it is subscribed
   */
  public MailboxInfo {
    Objects.requireNonNull(name, "name");
    attributes = List.copyOf(attributes);
  }
}
