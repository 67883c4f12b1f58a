package dev.missive.pop3.client;

import dev.missive.pop3.UniqueId;
import java.util.Objects;

/**
 * One unique-id listing of a UIDL response: a message number and its unique id (RFC 1939 §7, UIDL).
 *
 * @param messageNumber the message number, 1 or more
 * @param uniqueId      the id, already validated (1–70 octets in 0x21–0x7E)
 */
public record UniqueIdListing(int messageNumber, UniqueId uniqueId) {

  /**
   * Checks the values.
   *
   * @param messageNumber the message number, 1 or more
   * @param uniqueId      the id, already validated (1–70 octets in 0x21–0x7E)
   */
  public UniqueIdListing {
    Objects.requireNonNull(uniqueId, "uniqueId");
    if (messageNumber < 1) {
      throw new IllegalArgumentException("a unique-id listing needs a positive message number");
    }
  }
}
