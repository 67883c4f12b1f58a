package dev.missive.imap.server;

import dev.missive.imap.Flag;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The changes a store reports for the mailbox an {@link ImapHandlerServer} has selected (other sessions' work,
 * deliveries), from any thread: queued, then applied to the engine on its own context at its next call, and dropped
 * when they belong to a mailbox since closed. Each report runs the wake-ups, so a host can bring an idling client
 * the news at once (RFC 9051 §6.3.13).
 */
final class ChangeQueue {

  private final ImapServer raw;
  private final ConcurrentLinkedQueue<Runnable> changes = new ConcurrentLinkedQueue<>();
  /** Counts the mailboxes selected; a report carries the count of its mailbox. Read on the engine's context only. */
  private int generation;
  private volatile Runnable wakeup;
  private volatile Runnable transportWakeup;

  ChangeQueue(ImapServer raw) {
    this.raw = raw;
  }

  /** The host's wake-up ({@link ImapHandlerServer#changeDelivery}), or null. */
  void wakeup(Runnable w) {
    this.wakeup = w;
  }

  /** The transport's wake-up ({@link ImapHandlerServer#wakeUpWith}). */
  void transportWakeup(Runnable w) {
    this.transportWakeup = w;
  }

  /** Applies the reports queued so far, on the engine's context. */
  void apply() {
    for (Runnable r; (r = changes.poll()) != null; ) {
      r.run();
    }
  }

  /** The reports of the mailbox before are dropped from now on. */
  void mailboxClosed() {
    generation++;
  }

  /** {@return a listener for a mailbox being selected now; reports for a mailbox since closed are dropped} */
  MailboxListener listener() {
    int gen = ++generation;
    return new MailboxListener() {
      @Override
      public void messageAdded(long uid) {
        messageAdded(uid, false);
      }

      @Override
      public void messageAdded(long uid, boolean recent) {
        queue(gen, () -> raw.messageAdded(uid, recent));
      }

      @Override
      public void messageExpunged(long uid) {
        messageExpunged(uid, 0);
      }

      @Override
      public void messageExpunged(long uid, long modSeq) {
        queue(gen, () -> raw.messageExpunged(uid, modSeq));
      }

      @Override
      public void flagsChanged(long uid, List<Flag> flags) {
        flagsChanged(uid, flags, 0);
      }

      @Override
      public void flagsChanged(long uid, List<Flag> flags, long modSeq) {
        List<Flag> copy = List.copyOf(flags);
        queue(gen, () -> raw.flagsChanged(uid, raw.session().clientFlags(copy), modSeq));
      }
    };
  }

  private void queue(int gen, Runnable change) {
    changes.add(() -> {
      if (gen == generation) {
        change.run();
      }
    });
    Runnable w = wakeup;
    if (w != null) {
      w.run();
    }
    Runnable t = transportWakeup;
    if (t != null) {
      t.run();
    }
  }
}
