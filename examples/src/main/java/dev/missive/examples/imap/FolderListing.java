package dev.missive.examples.imap;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** What a Maildir folder's {@code new/} and {@code cur/} hold now, by unique name (a {@link MessageName}). */
final class FolderListing {

  private FolderListing() {}

  /**
   * Lists a folder's messages, without UIDs. A name in both directories (a rename seen half-way) counts in
   * {@code cur/}; dot files and names with a line feed are not messages.
   *
   * @param dir the folder's directory
   * @return its messages by unique name, empty when the folder was deleted or renamed under us
   * @throws IOException if a directory cannot be read
   */
  static Map<String, Folder.Entry> list(Path dir) throws IOException {
    Map<String, Folder.Entry> found = new HashMap<>();
    for (String sub : new String[] {"new", "cur"}) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir.resolve(sub))) {
        for (Path f : files) {
          String file = f.getFileName().toString();
          if (!file.startsWith(".") && file.indexOf('\n') < 0) {
            Folder.Entry e = new Folder.Entry(0, sub, file);
            found.put(e.name().unique(), e); // cur/ comes second and wins
          }
        }
      } catch (NoSuchFileException gone) {
        // the folder was deleted or renamed under us: its messages are gone
      }
    }
    return found;
  }
}
