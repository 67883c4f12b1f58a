package dev.missive.examples.imap;

import dev.missive.examples.maildir.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One folder's UIDVALIDITY and the UID of each message's unique name (RFC 9051 §2.3.1.1), in the folder's
 * {@code missive-uidlist}: a header {@code missive-uidlist 1 VALIDITY NEXT}, then one {@code UID UNIQUE} line per
 * message, as Dovecot's {@code dovecot-uidlist} keeps them.
 *
 * <p>Crash safety: new UIDs are appended and forced to disk before any client is told of them, so a UID once
 * announced is never given to another message; a line cut by a crash (no final newline) was never announced and is
 * dropped on reading, and the next UID is above every UID in the file whatever the header says. Lines of expunged
 * messages are dropped by rewriting the file whole (new file, forced, renamed over the old, directory forced) with
 * the next UID in the header, so the UIDs of expunged messages are not reused either.
 */
final class UidList {

  private static final Logger LOG = LoggerFactory.getLogger(UidList.class);

  /** The file, in the folder's directory. */
  static final String FILE = "missive-uidlist";
  private static final String MAGIC = "missive-uidlist 1 ";

  private final Path file;
  private final Map<String, Long> uids = new HashMap<>();
  private long uidValidity;
  private long next = 1;
  private int lines;

  private UidList(Path file) {
    this.file = file;
  }

  /**
   * Reads a folder's list, or starts one with a new UIDVALIDITY when there is none (or it cannot be read: every
   * message then gets a new UID, which the new UIDVALIDITY tells clients, RFC 9051 §2.3.1.1).
   *
   * @param folder      the folder's directory
   * @param newValidity where a new UIDVALIDITY comes from
   * @return the list
   * @throws IOException if the list cannot be read or started
   */
  static UidList load(Path folder, LongSupplier newValidity) throws IOException {
    UidList list = new UidList(folder.resolve(FILE));
    byte[] content;
    try {
      content = Files.readAllBytes(list.file);
    } catch (NoSuchFileException none) {
      list.start(validity(newValidity));
      return list;
    }
    if (!list.parse(new String(content, StandardCharsets.UTF_8))) {
      LOG.warn("{} cannot be read; the folder gets a new UIDVALIDITY", list.file);
      list.uids.clear();
      list.start(validity(newValidity));
    } else if (content.length > 0 && content[content.length - 1] != '\n') {
      list.rewrite(list.uids.keySet()); // a crash cut the last line: never announced, dropped for good
    }
    return list;
  }

  private static long validity(LongSupplier newValidity) throws IOException {
    try {
      return newValidity.getAsLong();
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private boolean parse(String text) {
    int end = text.lastIndexOf('\n');
    if (end < 0 || !text.startsWith(MAGIC)) {
      return false;
    }
    String[] rows = text.substring(0, end).split("\n");
    String[] header = rows[0].substring(MAGIC.length()).split(" ");
    try {
      uidValidity = Long.parseLong(header[0]);
      next = Long.parseLong(header[1]);
      for (int i = 1; i < rows.length; i++) {
        int space = rows[i].indexOf(' ');
        long uid = Long.parseLong(rows[i].substring(0, space));
        uids.put(rows[i].substring(space + 1), uid);
        next = Math.max(next, uid + 1);
      }
    } catch (RuntimeException bad) {
      return false;
    }
    lines = rows.length - 1;
    return uidValidity > 0 && uidValidity <= 0xFFFF_FFFFL && next > 0;
  }

  private void start(long validity) throws IOException {
    uidValidity = validity;
    next = 1;
    rewrite(List.of());
  }

  /** {@return the folder's UIDVALIDITY} */
  long uidValidity() {
    return uidValidity;
  }

  /** {@return the UID the next new message gets} */
  long next() {
    return next;
  }

  /**
   * The UID of a message, if it has one.
   *
   * @param unique the message's unique name
   * @return its UID, or 0
   */
  long uid(String unique) {
    return uids.getOrDefault(unique, 0L);
  }

  /**
   * Gives new messages the next UIDs, in order, durably before returning.
   *
   * @param uniques the messages' unique names, none with a UID yet
   * @return their UIDs
   * @throws IOException if the list cannot be written (no UID is then given)
   */
  long[] assign(List<String> uniques) throws IOException {
    long[] out = new long[uniques.size()];
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < out.length; i++) {
      out[i] = next + i;
      text.append(out[i]).append(' ').append(uniques.get(i)).append('\n');
    }
    if (out.length > 0) {
      AtomicFiles.append(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }
    for (int i = 0; i < out.length; i++) {
      uids.put(uniques.get(i), out[i]);
    }
    next += out.length;
    lines += out.length;
    return out;
  }

  /**
   * Forgets the messages no longer in the folder, rewriting the file once it holds many of them.
   *
   * @param live the unique names of the messages still there
   * @throws IOException if the file cannot be rewritten (the old one stays, which is safe)
   */
  void retain(Collection<String> live) throws IOException {
    uids.keySet().retainAll(live instanceof java.util.Set<?> ? live : new java.util.HashSet<>(live));
    if (lines > 2 * uids.size() + 64) {
      rewrite(uids.keySet());
    }
  }

  private void rewrite(Collection<String> keep) throws IOException {
    StringBuilder text = new StringBuilder(MAGIC).append(uidValidity).append(' ').append(next).append('\n');
    uids.entrySet().stream().filter(e -> keep.contains(e.getKey())).sorted(Map.Entry.comparingByValue())
        .forEach(e -> text.append(e.getValue()).append(' ').append(e.getKey()).append('\n'));
    AtomicFiles.replace(file, text.toString().getBytes(StandardCharsets.UTF_8));
    lines = uids.size();
  }
}
