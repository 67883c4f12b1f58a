package dev.missive.benchmarks.load;

import dev.missive.examples.imap.MaildirMailStore;
import dev.missive.examples.maildir.Maildir;
import dev.missive.imap.server.MailSession;
import dev.missive.imap.server.MailboxListener;
import dev.missive.imap.server.OpenMailbox;
import dev.missive.imap.Flag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Issue 19's large folder: SELECT (RFC 9051 §6.3.2) of a {@code MESSAGES}-message Maildir INBOX through the example
 * server's store, three times: the first SELECT numbers every message (UIDs appended and forced to disk), the second
 * after a restart reads the UID list, the third in the same process finds nothing changed. Prints each time and the
 * heap after.
 *
 * <p>Usage: {@code MaildirSelectLarge [MESSAGES]}, by default 100000. Do not run it on a busy machine: the lead runs
 * it on a quiet one.
 */
public final class MaildirSelectLarge {

  private MaildirSelectLarge() {}

  private static final MailboxListener IGNORE = new MailboxListener() {
    @Override
    public void messageAdded(long uid) {}

    @Override
    public void messageExpunged(long uid) {}

    @Override
    public void flagsChanged(long uid, List<Flag> flags) {}
  };

  /** Runs the measurement. */
  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path root = Files.createTempDirectory("maildir-select");
    long t0 = System.nanoTime();
    Maildir maildir = MaildirLoad.fill(root, messages);
    System.out.printf("wrote %d messages in %.2f s%n", messages, (System.nanoTime() - t0) / 1e9);
    select("first SELECT (numbers every message)", MaildirLoad.store(maildir), messages, 1);
    MaildirMailStore restarted = MaildirLoad.store(maildir);
    select("SELECT after a restart (reads the UID list)", restarted, messages, 1);
    select("SELECT again in the same process", restarted, messages, 1);
    System.out.println("heap after: " + Heap.mib(Heap.usedAfterGc()) + ", peak: " + Heap.mib(Heap.peak()));
  }

  static void select(String what, MaildirMailStore store, int messages, int times) throws Exception {
    long start = System.nanoTime();
    try (MailSession s = store.open(MaildirLoad.USER); OpenMailbox inbox = s.select("INBOX", false, IGNORE)) {
      long n = inbox.snapshot().uids().size();
      System.out.printf("%s: %d messages in %.3f s%n", what, n, (System.nanoTime() - start) / 1e9);
      if (n != messages) {
        throw new IllegalStateException("expected " + messages + " messages, got " + n);
      }
    }
  }
}
