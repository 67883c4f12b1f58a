package dev.missive.examples.imap;

import dev.missive.examples.maildir.AtomicFiles;
import dev.missive.imap.Flag;
import dev.missive.imap.ResponseCode;
import dev.missive.imap.server.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The flag letters of one folder's file names and the IMAP flags they stand for (RFC 9051 §2.3.2): the Maildir
 * letters {@code D F R S T} for {@code \Draft \Flagged \Answered \Seen \Deleted}, and {@code a}–{@code z} for up to 26
 * keywords, numbered in the folder's {@code missive-keywords} file in the order they were first used (one
 * {@code N name} line each, as Dovecot's {@code dovecot-keywords}), so keywords survive restarts. A new keyword is
 * written to that file (durably, replaced whole) before any file name uses its letter. Letters this store does not
 * know ({@code P}, others' keyword letters) are kept as they are.
 */
final class Keywords {

  /** The file, in the folder's directory. */
  static final String FILE = "missive-keywords";
  private static final String SYSTEM_LETTERS = "DFRST";
  private static final List<Flag> SYSTEM_FLAGS = List.of(Flag.DRAFT, Flag.FLAGGED, Flag.ANSWERED, Flag.SEEN,
      Flag.DELETED);

  private final Path file;
  private final List<String> names = new ArrayList<>();

  /**
   * Reads a folder's keyword table.
   *
   * @param folder the folder's directory
   * @throws IOException if the table cannot be read
   */
  Keywords(Path folder) throws IOException {
    this.file = folder.resolve(FILE);
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int space = line.indexOf(' ');
        if (space > 0 && names.size() < 26 && line.substring(0, space).equals(Integer.toString(names.size()))) {
          names.add(line.substring(space + 1));
        }
      }
    } catch (NoSuchFileException none) {
      // no keyword used yet
    }
  }

  /**
   * The IMAP flags of a file name's info.
   *
   * @param info the letters after {@code :2,}
   * @return the flags
   */
  Set<Flag> flags(String info) {
    Set<Flag> out = new LinkedHashSet<>();
    for (int i = 0; i < info.length(); i++) {
      char c = info.charAt(i);
      int system = SYSTEM_LETTERS.indexOf(c);
      if (system >= 0) {
        out.add(SYSTEM_FLAGS.get(system));
      } else if (c >= 'a' && c <= 'z' && c - 'a' < names.size()) {
        out.add(new Flag(names.get(c - 'a')));
      }
    }
    return out;
  }

  /**
   * The info letters for {@code flags}, keeping the letters of {@code oldInfo} that stand for no IMAP flag here.
   *
   * @param flags   the message's flags now
   * @param oldInfo its info before
   * @return the letters, in ASCII order (as the Maildir format wants them)
   * @throws StoreException if a 27th keyword is asked for ({@code LIMIT}, RFC 5530 §3)
   * @throws IOException    if a new keyword cannot be recorded
   */
  String info(Set<Flag> flags, String oldInfo) throws StoreException, IOException {
    TreeSet<Character> letters = new TreeSet<>();
    for (int i = 0; i < oldInfo.length(); i++) {
      char c = oldInfo.charAt(i);
      boolean ours = SYSTEM_LETTERS.indexOf(c) >= 0 || c >= 'a' && c <= 'z' && c - 'a' < names.size();
      if (!ours) {
        letters.add(c);
      }
    }
    for (Flag f : flags) {
      int system = SYSTEM_FLAGS.indexOf(f);
      if (system >= 0) {
        letters.add(SYSTEM_LETTERS.charAt(system));
      } else if (f.isKeyword()) {
        letters.add(letter(f.name()));
      }
    }
    StringBuilder out = new StringBuilder();
    letters.forEach(out::append);
    return out.toString();
  }

  /** {@return the keywords in use, as SELECT's FLAGS lists them} */
  List<Flag> defined() {
    return names.stream().map(Flag::new).toList();
  }

  private char letter(String keyword) throws StoreException, IOException {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).toLowerCase(Locale.ROOT).equals(keyword.toLowerCase(Locale.ROOT))) {
        return (char) ('a' + i);
      }
    }
    if (names.size() == 26) {
      throw new StoreException(ResponseCode.LIMIT, "This mailbox takes no more than 26 keywords");
    }
    names.add(keyword);
    StringBuilder table = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      table.append(i).append(' ').append(names.get(i)).append('\n');
    }
    try {
      AtomicFiles.replace(file, table.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      names.remove(names.size() - 1);
      throw e;
    }
    return (char) ('a' + names.size() - 1);
  }
}
