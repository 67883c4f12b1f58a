package dev.missive.examples.imap;

import dev.missive.imap.Flag;
import dev.missive.imap.server.MessageSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * One APPEND message being written into its folder's {@code tmp/} (RFC 9051 §6.3.12), forced to disk before the
 * command commits; nothing of it is visible in the folder until then, and a failed command removes it.
 */
final class AppendSink implements MessageSink {

  private final Path tmp;
  private final String unique;
  private final List<Flag> flags;
  private final Optional<FileTime> date;
  private FileChannel channel;
  private long size;

  AppendSink(Path folder, String unique, List<Flag> flags, Optional<FileTime> date) throws IOException {
    this.tmp = folder.resolve("tmp").resolve(unique);
    this.unique = unique;
    this.flags = List.copyOf(flags);
    this.date = date;
    this.channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  @Override
  public void write(ByteBuffer octets) throws IOException {
    if (channel == null) {
      throw new IOException("the message was discarded");
    }
    while (octets.hasRemaining()) {
      size += channel.write(octets);
    }
  }

  /** Forces the message to disk and hands it to its folder. */
  PreparedMessage prepare() throws IOException {
    channel.force(true);
    channel.close();
    channel = null;
    return new PreparedMessage(tmp, unique, size, new LinkedHashSet<>(flags), date);
  }

  @Override
  public void discard() {
    try {
      if (channel != null) {
        channel.close();
        channel = null;
      }
      Files.deleteIfExists(tmp);
    } catch (IOException ignored) {
      // a stale file in tmp/ is harmless: Maildir readers clean tmp/ after 36 hours
    }
  }
}
