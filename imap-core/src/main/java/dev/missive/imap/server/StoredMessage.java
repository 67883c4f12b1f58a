package dev.missive.imap.server;

import dev.missive.imap.Flag;
import dev.missive.imap.message.MessageLayout;
import dev.missive.imap.message.SectionContent;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A message of a selected mailbox as FETCH and SEARCH read it (RFC 9051 §2.3): its attributes and its octets by
 * position, from which the server computes ENVELOPE, BODYSTRUCTURE and sections.
 */
public interface StoredMessage {

  /** {@return the message's UID} */
  long uid();

  /** {@return the message's flags now} */
  Set<Flag> flags();

  /**
   * The message's mod-sequence (RFC 7162 §3.1.1): it grows with each change of the message's flags.
   *
   * @return the mod-sequence, or 0 when the store keeps none (the mailbox was selected with {@code NOMODSEQ})
   */
  default long modSeq() {
    return 0;
  }

  /** {@return the internal date (RFC 9051 §2.3.3)} */
  OffsetDateTime internalDate();

  /** {@return the size in octets (RFC822.SIZE): exactly what {@link #source()} holds, the {@code BODY[]} literal's} */
  long size();

  /** {@return the message's octets by position} */
  SectionContent.MessageSource source();

  /**
   * The message's layout (ENVELOPE, BODYSTRUCTURE, sections); a store may cache it.
   *
   * @return the layout
   * @throws IOException if the message cannot be read
   */
  MessageLayout layout() throws IOException;

  /**
   * A message whose octets are in memory, as a store that keeps them (or has just read them) hands it to one FETCH
   * or SEARCH: the attributes as of now and the octets, which must not change afterwards (they are not copied).
   *
   * @param uid          the UID
   * @param flags        the flags now (copied)
   * @param modSeq       the mod-sequence, 0 when the store keeps none
   * @param internalDate the internal date (RFC 9051 §2.3.3)
   * @param octets       the whole message, {@link #size()} octets
   * @param layout       the layout of {@code octets}, asked for when FETCH or SEARCH needs it; a store that caches
   *                     layouts passes its cache, one that does not {@code () -> MessageLayout.of(octets)}
   * @return the message
   */
  static StoredMessage of(long uid, Set<Flag> flags, long modSeq, OffsetDateTime internalDate, byte[] octets,
      Supplier<MessageLayout> layout) {
    return new OctetsMessage(uid, Set.copyOf(flags), modSeq, internalDate, octets, layout);
  }
}
