package dev.missive.examples.imap;

import dev.missive.imap.Flag;
import dev.missive.imap.message.MessageLayout;
import dev.missive.imap.message.SectionContent;
import dev.missive.imap.server.StoredMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * A Maildir message as FETCH and SEARCH read it (RFC 9051 §2.3): its flags as of the call that made this view
 * ({@code \Recent} among them for the session it is recent to, RFC 3501 §2.3.2), its
 * internal date the file's modification time (as Dovecot keeps it), its size the {@code ,S=} of its name or the
 * file's. Its octets are read from the file's name at the time of each read, so a rename by another session's STORE
 * in the middle of a FETCH does not lose the message.
 */
final class MaildirStoredMessage implements StoredMessage {

  private final Folder folder;
  private final Folder.Entry entry;
  private final Set<Flag> flags;
  private final long modSeq;
  private MessageLayout layout;

  MaildirStoredMessage(Folder folder, Folder.Entry entry, boolean recent) {
    this.folder = folder;
    this.entry = entry;
    Set<Flag> now = folder.flags(entry);
    if (recent) {
      now = new java.util.HashSet<>(now);
      now.add(Flag.RECENT);
    }
    this.flags = Set.copyOf(now);
    this.modSeq = folder.modSeq(entry.uid());
  }

  private Path file() {
    Folder.Entry now = folder.entry(entry.uid());
    return folder.path(now == null ? entry : now);
  }

  @Override
  public long uid() {
    return entry.uid();
  }

  @Override
  public Set<Flag> flags() {
    return flags;
  }

  @Override
  public long modSeq() {
    return modSeq;
  }

  @Override
  public OffsetDateTime internalDate() {
    try {
      return Files.getLastModifiedTime(file()).toInstant().atOffset(ZoneOffset.UTC);
    } catch (IOException gone) {
      return OffsetDateTime.ofInstant(java.time.Instant.EPOCH, ZoneOffset.UTC);
    }
  }

  @Override
  public long size() {
    long s = entry.name().size();
    if (s >= 0) {
      return s;
    }
    try {
      return Files.size(file());
    } catch (IOException gone) {
      return 0;
    }
  }

  @Override
  public SectionContent.MessageSource source() {
    return (offset, dst) -> {
      try (FileChannel ch = FileChannel.open(file())) {
        return ch.read(dst, offset);
      } catch (NoSuchFileException gone) {
        throw new IOException("message " + entry.uid() + " was expunged while it was read", gone);
      }
    };
  }

  @Override
  public synchronized MessageLayout layout() throws IOException {
    if (layout == null) {
      try (InputStream in = Files.newInputStream(file())) {
        layout = MessageLayout.read(in);
      }
    }
    return layout;
  }
}
