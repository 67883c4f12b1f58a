package dev.missive.examples.maildir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Durable file changes for Maildir state: a file is replaced by writing the new content beside it, forcing it to
 * disk, renaming it over the old one (atomic on POSIX file systems) and forcing the directory, so a crash at any
 * moment leaves either the old content or the new, never a mixture. A log file grows by {@link #append}: one write
 * and one force however many lines, so a reader must drop a last line a crash cut (no final newline).
 */
public final class AtomicFiles {

  private AtomicFiles() {}

  /**
   * Replaces {@code file} with {@code content}, durably.
   *
   * @param file    the file
   * @param content its new content
   * @throws IOException if writing, forcing or renaming fails (the old content is then still in place)
   */
  public static void replace(Path file, byte[] content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".new");
    try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      for (ByteBuffer b = ByteBuffer.wrap(content); b.hasRemaining(); ) {
        out.write(b);
      }
      out.force(true);
    }
    move(tmp, file);
    forceDirectory(file.getParent());
  }

  /**
   * Appends {@code content} to an existing {@code file} and forces it to disk before returning. A crash in the middle
   * leaves the file with any prefix of {@code content}: the lines a caller appends end with a newline, so a reader
   * knows the last line is whole.
   *
   * @param file    the file, which must exist
   * @param content what to append
   * @throws IOException if writing or forcing fails (nothing appended may then be relied on)
   */
  public static void append(Path file, byte[] content) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      for (ByteBuffer b = ByteBuffer.wrap(content); b.hasRemaining(); ) {
        ch.write(b);
      }
      ch.force(false);
    }
  }

  /**
   * Renames a file atomically (falling back to a plain move where the file system cannot), replacing the target.
   *
   * @param from the existing file
   * @param to   its new name
   * @throws IOException if the rename fails
   */
  public static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Forces a directory's entries to disk, so that a rename or delete in it survives a crash; a file system that
   * cannot sync a directory is left as it is (its renames are still atomic).
   *
   * @param dir the directory
   */
  public static void forceDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // some file systems cannot sync a directory; the rename is still atomic
    }
  }
}
