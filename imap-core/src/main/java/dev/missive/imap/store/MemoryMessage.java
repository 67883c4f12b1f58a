package dev.missive.imap.store;

import dev.missive.imap.Flag;
import dev.missive.imap.message.MessageLayout;
import dev.missive.imap.server.StoredMessage;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A message of an {@link InMemoryMailStore}; its flags change under the store's lock, its octets never. */
final class MemoryMessage {

  final long uid;
  final byte[] octets;
  final Set<Flag> flags;
  final OffsetDateTime date;
  /** Whether no read-write session was told of the message yet: the next one sees it {@code \Recent}. */
  boolean recentUnclaimed = true;
  /** The mod-sequence of the message's last change (RFC 7162 §3.1.1). */
  long modSeq;
  private volatile MessageLayout layout;

  MemoryMessage(long uid, byte[] octets, List<Flag> flags, OffsetDateTime date) {
    this.uid = uid;
    this.octets = octets;
    this.flags = new LinkedHashSet<>(flags);
    this.flags.remove(Flag.RECENT);
    this.date = date;
  }

  MessageLayout layout() {
    MessageLayout l = layout;
    if (l == null) {
      l = MessageLayout.of(octets);
      layout = l;
    }
    return l;
  }

  /** The message with its flags as of now. */
  StoredMessage snapshot() {
    return snapshot(false);
  }

  /** The message with its flags as of now, {@code \Recent} among them when it is recent to the session asking. */
  StoredMessage snapshot(boolean recent) {
    Set<Flag> now = flags;
    if (recent) {
      now = new LinkedHashSet<>(flags);
      now.add(Flag.RECENT);
    }
    return StoredMessage.of(uid, now, modSeq, date, octets, this::layout); // the layout cached once per message
  }
}
