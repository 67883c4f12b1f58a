package dev.missive.imap.message;

import dev.missive.imap.mailbox.UidSet;
import java.util.Objects;
import java.util.Optional;

/**
 * What a SEARCH needs beyond each message (RFC 9051 §6.4.4): what {@code *} stands for in sequence sets and UID
 * sets, and the result saved by an earlier {@code SEARCH RETURN (SAVE)} for {@code $} (RFC 5182), kept as UIDs.
 *
 * @param messageCount the number of messages (the largest sequence number)
 * @param lastUid      the largest UID in the mailbox
 * @param saved        the saved result's UIDs, if a result was saved
 */
public record SearchContext(long messageCount, long lastUid, Optional<UidSet> saved) {

  /**
   * Requires the saved result's holder.
   *
   * @param messageCount the number of messages
   * @param lastUid      the largest UID
   * @param saved        the saved result, if any
   */
  public SearchContext {
    Objects.requireNonNull(saved, "saved");
  }
}
