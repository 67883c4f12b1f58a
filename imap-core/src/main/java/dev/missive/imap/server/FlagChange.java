package dev.missive.imap.server;

import dev.missive.imap.Flag;
import java.util.List;

/**
 * What a STORE did to one message (RFC 9051 §6.4.6, RFC 7162 §3.1.3), as
 * {@link OpenMailbox#store(long, dev.missive.imap.command.StoreAction, List, java.util.OptionalLong)} reports it.
 *
 * @param flags    the message's flags now
 * @param modSeq   its mod-sequence now, 0 when the store keeps none
 * @param modified whether the change was not made because the message changed after the UNCHANGEDSINCE
 *                 mod-sequence (it is then named in the completion's {@code [MODIFIED ...]})
 */
public record FlagChange(List<Flag> flags, long modSeq, boolean modified) {

  /**
   * Checks the values.
   *
   * @param flags    the flags now
   * @param modSeq   the mod-sequence, not negative
   * @param modified whether the UNCHANGEDSINCE test failed
   */
  public FlagChange {
    flags = List.copyOf(flags);
    if (modSeq < 0) {
      throw new IllegalArgumentException("negative mod-sequence");
    }
  }

  /**
   * The change was made (or changed nothing).
   *
   * @param flags  the flags now
   * @param modSeq the mod-sequence now
   * @return the outcome
   */
  public static FlagChange stored(List<Flag> flags, long modSeq) {
    return new FlagChange(flags, modSeq, false);
  }

  /**
   * The message changed after the UNCHANGEDSINCE mod-sequence: nothing was done (RFC 7162 §3.1.3).
   *
   * @param flags  the flags now
   * @param modSeq the mod-sequence now
   * @return the outcome
   */
  public static FlagChange modifiedSince(List<Flag> flags, long modSeq) {
    return new FlagChange(flags, modSeq, true);
  }
}
