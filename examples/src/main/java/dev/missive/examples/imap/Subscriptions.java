package dev.missive.examples.imap;

import dev.missive.examples.maildir.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * The names a user subscribed to (RFC 9051 §6.3.7, §6.3.8), one a line in UTF-8 in {@code missive-subscriptions} in
 * the user's Maildir, replaced whole and durably at each change. A name stays subscribed when its mailbox is deleted
 * or does not exist yet (RFC 9051 §6.3.7: the server must not remove it on its own).
 */
final class Subscriptions {

  /** The file, in the user's Maildir. */
  static final String FILE = "missive-subscriptions";

  private final Path file;

  Subscriptions(Path root) {
    this.file = root.resolve(FILE);
  }

  /** {@return the subscribed names} */
  Set<String> names() throws IOException {
    try {
      Set<String> out = new TreeSet<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isEmpty()) {
          out.add(line);
        }
      }
      return out;
    } catch (NoSuchFileException none) {
      return new TreeSet<>();
    }
  }

  /**
   * Subscribes or unsubscribes names, durably.
   *
   * @param names     the names, already checked
   * @param subscribe whether to subscribe
   * @throws IOException if the file cannot be replaced (it is then unchanged)
   */
  void set(Set<String> names, boolean subscribe) throws IOException {
    Set<String> all = names();
    boolean changed = subscribe ? all.addAll(names) : all.removeAll(names);
    if (changed) {
      StringBuilder text = new StringBuilder();
      all.forEach(n -> text.append(n).append('\n'));
      AtomicFiles.replace(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }
  }
}
