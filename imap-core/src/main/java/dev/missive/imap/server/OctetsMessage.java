package dev.missive.imap.server;

import dev.missive.imap.Flag;
import dev.missive.imap.message.MessageLayout;
import dev.missive.imap.message.SectionContent;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/** {@link StoredMessage#of}: a message whose octets are in memory, with its attributes as of when it was made. */
record OctetsMessage(long uid, Set<Flag> flags, long modSeq, OffsetDateTime internalDate, byte[] octets,
                     Supplier<MessageLayout> layouts) implements StoredMessage {

  OctetsMessage {
    if (uid < 1) {
      throw new IllegalArgumentException("not a UID: " + uid);
    }
    if (modSeq < 0) {
      throw new IllegalArgumentException("negative mod-sequence: " + modSeq);
    }
    Objects.requireNonNull(internalDate, "internalDate");
    Objects.requireNonNull(octets, "octets");
    Objects.requireNonNull(layouts, "layout");
  }

  @Override
  public long size() {
    return octets.length;
  }

  @Override
  public SectionContent.MessageSource source() {
    return SectionContent.MessageSource.of(octets);
  }

  @Override
  public MessageLayout layout() {
    return layouts.get();
  }

  @Override
  public String toString() {
    return "StoredMessage[uid=" + uid + ", flags=" + flags + ", modSeq=" + modSeq + ", size=" + octets.length + "]";
  }
}
