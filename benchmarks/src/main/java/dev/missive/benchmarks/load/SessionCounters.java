package dev.missive.benchmarks.load;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a load-test server counts on its own side (RFC 5321 §3.3 transactions and §4.1.1.1 greetings): sessions
 * open now, EHLO commands answered, messages accepted and DATA octets read. Thread-safe.
 */
public final class SessionCounters {

  private final AtomicInteger open = new AtomicInteger();
  private final LongAdder ehlos = new LongAdder();
  private final LongAdder messages = new LongAdder();
  private final LongAdder dataOctets = new LongAdder();

  void opened() {
    open.incrementAndGet();
  }

  void closed() {
    open.decrementAndGet();
  }

  void ehlo() {
    ehlos.increment();
  }

  void message() {
    messages.increment();
  }

  void data(int octets) {
    dataOctets.add(octets);
  }

  /** Sessions open now. */
  public int open() {
    return open.get();
  }

  /** EHLO/HELO commands accepted so far. */
  public long ehlos() {
    return ehlos.sum();
  }

  /** Messages accepted (DATA ended with {@code 250}) so far. */
  public long messages() {
    return messages.sum();
  }

  /** Dot-unstuffed DATA octets read so far. */
  public long dataOctets() {
    return dataOctets.sum();
  }
}
