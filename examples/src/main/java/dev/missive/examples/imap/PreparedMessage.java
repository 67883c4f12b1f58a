package dev.missive.examples.imap;

import dev.missive.imap.Flag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.Set;

/**
 * A message written into a folder's {@code tmp/} (APPEND, a copy of COPY or MOVE), not yet in the folder: {@link
 * Folder#add} renames it in.
 *
 * @param tmp          the file in {@code tmp/}
 * @param unique       its unique name
 * @param size         its size in octets
 * @param flags        the flags it gets
 * @param internalDate the internal date it gets, or empty for now
 */
record PreparedMessage(Path tmp, String unique, long size, Set<Flag> flags, Optional<FileTime> internalDate) {

  /** Removes the file: the command that wrote it failed. */
  void discard() {
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException ignored) {
      // a stale file in tmp/ is harmless: Maildir readers clean tmp/ after 36 hours
    }
  }
}
