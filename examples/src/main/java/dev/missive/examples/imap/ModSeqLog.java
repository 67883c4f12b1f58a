package dev.missive.examples.imap;

import dev.missive.examples.maildir.AtomicFiles;
import dev.missive.imap.mailbox.UidSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One folder's mod-sequences (RFC 7162 §3.1.1, §3.2) in its {@code missive-modseq}: a header
 * {@code missive-modseq 1 HIGHEST FORGOTTEN}, then one line per change, {@code + UID MODSEQ INFO} when a message
 * arrived or its flags changed (INFO is the Maildir flag part of its file name then) and {@code - UID MODSEQ} when it
 * was expunged.
 *
 * <p>Never decreasing, crash-safe: each change is appended and forced to disk before any client hears of it; a line
 * cut by a crash (no final newline) was never announced and is dropped; on reading, the highest mod-sequence is the
 * largest in the file, header or lines. A message whose flags differ from its last line's (a mail reader renamed it
 * while the server was down) gets a new mod-sequence at the next scan. Expunged UIDs are remembered for the last
 * {@link #EXPUNGED_KEPT} expunges, for QRESYNC's VANISHED (EARLIER) (RFC 7162 §3.2.5.1); FORGOTTEN is the highest
 * mod-sequence of those dropped, and a client asking about changes since before it gets every gone UID it may know
 * instead. The file is rewritten whole ({@link AtomicFiles}) once it holds many superseded lines.
 */
final class ModSeqLog {

  private static final Logger LOG = LoggerFactory.getLogger(ModSeqLog.class);

  /** The file, in the folder's directory. */
  static final String FILE = "missive-modseq";
  /** How many expunged UIDs are remembered for VANISHED (EARLIER). */
  static final int EXPUNGED_KEPT = 10_000;
  private static final String MAGIC = "missive-modseq 1 ";

  /** A message's last change: its mod-sequence and the flag part of its file name then. */
  private record Change(long modSeq, String info) {}

  private final Path file;
  private final Map<Long, Change> messages = new HashMap<>();
  /** Expunged UIDs by the mod-sequence of their expunge. */
  private final TreeMap<Long, Long> expunged = new TreeMap<>();
  private long highest = 1;
  private long forgotten;
  private int lines;

  private ModSeqLog(Path file) {
    this.file = file;
  }

  /**
   * Reads a folder's log, or starts one (the highest mod-sequence 1) when there is none or it cannot be read.
   *
   * @param folder the folder's directory
   * @return the log
   * @throws IOException if the log cannot be read or started
   */
  static ModSeqLog load(Path folder) throws IOException {
    ModSeqLog log = new ModSeqLog(folder.resolve(FILE));
    byte[] content;
    try {
      content = Files.readAllBytes(log.file);
    } catch (NoSuchFileException none) {
      log.rewrite();
      return log;
    }
    String text = new String(content, StandardCharsets.UTF_8);
    if (!log.parse(text)) {
      LOG.warn("{} cannot be read; the folder's mod-sequences start again above every one read", log.file);
      log.highest = Math.max(log.highest, scanHighest(text));
      log.messages.clear();
      log.expunged.clear();
      log.forgotten = log.highest; // nothing older is known: QRESYNC answers with every gone UID
      log.rewrite();
    } else if (content.length > 0 && content[content.length - 1] != '\n') {
      log.rewrite(); // a crash cut the last line: never announced, dropped for good
    }
    return log;
  }

  private boolean parse(String text) {
    int end = text.lastIndexOf('\n');
    if (end < 0 || !text.startsWith(MAGIC)) {
      return false;
    }
    String[] rows = text.substring(0, end).split("\n");
    try {
      String[] header = rows[0].substring(MAGIC.length()).split(" ");
      highest = Math.max(highest, Long.parseLong(header[0]));
      forgotten = Long.parseLong(header[1]);
      for (int i = 1; i < rows.length; i++) {
        String[] f = rows[i].split(" ", 4);
        long uid = Long.parseLong(f[1]);
        long modSeq = Long.parseLong(f[2]);
        highest = Math.max(highest, modSeq);
        if (f[0].equals("+")) {
          messages.put(uid, new Change(modSeq, f.length > 3 ? f[3] : ""));
        } else if (f[0].equals("-")) {
          messages.remove(uid);
          expunged.put(modSeq, uid);
        } else {
          return false;
        }
      }
    } catch (RuntimeException bad) {
      return false;
    }
    lines = rows.length - 1;
    trim();
    return true;
  }

  /** The largest number in an unreadable file, so mod-sequences never go back even then. */
  private static long scanHighest(String text) {
    long max = 1;
    for (String word : text.split("[^0-9]+")) {
      if (!word.isEmpty() && word.length() < 19) {
        max = Math.max(max, Long.parseLong(word));
      }
    }
    return max;
  }

  /** {@return the folder's highest mod-sequence} */
  long highest() {
    return highest;
  }

  /**
   * A message's mod-sequence.
   *
   * @param uid its UID
   * @return its mod-sequence, or 0 when the log has none for it
   */
  long modSeq(long uid) {
    Change c = messages.get(uid);
    return c == null ? 0 : c.modSeq();
  }

  /**
   * Records a batch of changes with one append and one force, durably before returning: each expunge gets a new
   * mod-sequence (RFC 7162 §3.2: expunges raise the highest), then each message present with this flag part gets
   * one when it is new to the log or its flags changed, in the order given.
   *
   * @param gone    the UIDs expunged
   * @param present the flag part of the file name of messages in the folder, by UID
   * @return the mod-sequence each expunge got, by UID (what sessions are told with the expunge, RFC 7162 §3.2)
   * @throws IOException if the log cannot be written (nothing is then recorded)
   */
  Map<Long, Long> record(Collection<Long> gone, Map<Long, String> present) throws IOException {
    StringBuilder text = new StringBuilder();
    long modSeq = highest;
    Map<Long, Change> changed = new LinkedHashMap<>();
    for (long uid : gone) {
      text.append("- ").append(uid).append(' ').append(++modSeq).append('\n');
    }
    for (Map.Entry<Long, String> p : present.entrySet()) {
      Change c = messages.get(p.getKey());
      if (c == null || !c.info().equals(p.getValue())) {
        text.append("+ ").append(p.getKey()).append(' ').append(++modSeq).append(' ').append(p.getValue())
            .append('\n');
        changed.put(p.getKey(), new Change(modSeq, p.getValue()));
      }
    }
    if (text.isEmpty()) {
      return Map.of();
    }
    AtomicFiles.append(file, text.toString().getBytes(StandardCharsets.UTF_8));
    lines += gone.size() + changed.size();
    long at = highest;
    Map<Long, Long> expungedAt = new LinkedHashMap<>();
    for (long uid : gone) {
      messages.remove(uid);
      expunged.put(++at, uid);
      expungedAt.put(uid, at);
    }
    messages.putAll(changed);
    highest = modSeq;
    trim();
    if (lines > 2 * (messages.size() + expunged.size()) + 64) {
      rewrite();
    }
    return expungedAt;
  }

  /**
   * The UIDs expunged after a mod-sequence, when the log remembers that far back.
   *
   * @param modSeq the client's mod-sequence
   * @return the UIDs, or empty when expunges after {@code modSeq} were forgotten
   */
  Optional<UidSet> expungedSince(long modSeq) {
    if (modSeq < forgotten) {
      return Optional.empty();
    }
    UidSet out = new UidSet();
    expunged.tailMap(modSeq, false).values().forEach(out::add);
    return Optional.of(out);
  }

  private void trim() {
    while (expunged.size() > EXPUNGED_KEPT) {
      forgotten = Math.max(forgotten, expunged.pollFirstEntry().getKey());
    }
  }

  private void rewrite() throws IOException {
    StringBuilder text = new StringBuilder(MAGIC).append(highest).append(' ').append(forgotten).append('\n');
    new TreeMap<>(messages).forEach((uid, c) -> text.append("+ ").append(uid).append(' ').append(c.modSeq())
        .append(' ').append(c.info()).append('\n'));
    expunged.forEach((modSeq, uid) -> text.append("- ").append(uid).append(' ').append(modSeq).append('\n'));
    AtomicFiles.replace(file, text.toString().getBytes(StandardCharsets.UTF_8));
    lines = messages.size() + expunged.size();
  }
}
