package dev.missive.pop3.pop2.internal;

import dev.missive.pop3.MaildropEntry;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The folder a POP2 session has open: its listing, the messages acknowledged with ACKD, and the current message
 * indicator (RFC 937, "The Protocol": set to one when a folder is selected, set by READ n, incremented by ACKS and
 * ACKD).
 */
public final class Folder {

  private final List<MaildropEntry> listing;
  private final BitSet deleted = new BitSet();
  private long current = 1;

  /**
   * A folder just selected.
   *
   * @param listing its messages in message-number order
   */
  public Folder(List<MaildropEntry> listing) {
    this.listing = List.copyOf(listing);
  }

  /** {@return the number of messages, for {@code #nnn}} */
  public int count() {
    return listing.size();
  }

  /** {@return the current message number; may lie outside the folder} */
  public long current() {
    return current;
  }

  /**
   * Sets the current message indicator (READ n).
   *
   * @param number the message number the client named
   */
  public void select(long number) {
    current = number;
  }

  /** Moves to the next message (ACKS, ACKD). */
  public void advance() {
    if (current < Long.MAX_VALUE) {
      current++;
    }
  }

  /** {@return the current message's length, 0 if it does not exist or was deleted (RFC 937, "READ")} */
  public long currentSize() {
    return exists() ? listing.get((int) current - 1).size() : 0;
  }

  /** {@return whether the current message lies within the folder} */
  public boolean inRange() {
    return current >= 1 && current <= listing.size();
  }

  /** {@return whether the current message lies within the folder and was not deleted} */
  public boolean exists() {
    return inRange() && !deleted.get((int) current);
  }

  /** Marks the current message deleted (ACKD); removed when the folder is released. */
  public void deleteCurrent() {
    if (inRange()) {
      deleted.set((int) current);
    }
  }

  /** {@return the deleted message numbers, ascending} */
  public List<Integer> deletedMessages() {
    List<Integer> numbers = new ArrayList<>();
    deleted.stream().forEach(numbers::add);
    return numbers;
  }
}
