package dev.missive.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * What a test host records about the events it answered, so that runs fed differently can be compared
 * (docs/architecture.md, "Chunking independence": same turns and same host answers give the same replies and events).
 *
 * <p>Record only what must not depend on the split: a {@code DataChunk}'s bytes arrive in different pieces when
 * fed byte by byte, so record the assembled message at {@code DataEnd} instead. Thread-safe, so a
 * {@link LoopbackServer}'s connection threads may write while the test reads.
 * <pre>{@code
 * EngineHost<SmtpServer> host = (smtp, log) -> {
 *   for (SmtpServerEvent e; (e = smtp.nextEvent()) != null; ) {
 *     if (e instanceof MailFrom m) { log.add("MAIL " + m.path()); smtp.accept(); }
 *   }
 * };
 * }</pre>
 */
public final class EventLog {

  private final List<String> entries = new ArrayList<>();

  /** Creates an empty log. */
  public EventLog() {}

  /**
   * Records {@code String.valueOf(entry)}.
   *
   * @param entry the entry, usually an engine event
   */
  public synchronized void add(Object entry) {
    entries.add(String.valueOf(entry));
  }

  /** {@return a snapshot of the entries in order} */
  public synchronized List<String> entries() {
    return List.copyOf(entries);
  }

  @Override
  public synchronized String toString() {
    return entries.toString();
  }
}
