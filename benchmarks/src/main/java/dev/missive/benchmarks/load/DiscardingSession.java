package dev.missive.benchmarks.load;

import dev.missive.transport.EngineSession;
import dev.missive.smtp.server.SmtpServer;
import dev.missive.smtp.server.SmtpServerEvent;

/**
 * A read-and-discard SMTP session (RFC 5321 §3.3) for the load harness: every decision accepted, each DATA chunk
 * counted and dropped, never copied; the counterpart of a SubEthaSMTP {@code SimpleMessageListener} that reads
 * its stream to the end.
 */
public final class DiscardingSession implements EngineSession {

  private final SmtpServer engine;
  private final SessionCounters counters;

  /** Wraps one connection's {@code engine}, counting into {@code counters}. */
  public DiscardingSession(SmtpServer engine, SessionCounters counters) {
    this.engine = engine;
    this.counters = counters;
    counters.opened();
  }

  @Override
  public SmtpServer engine() {
    return engine;
  }

  @Override
  public void handleEvents() {
    for (SmtpServerEvent e; (e = engine.nextEvent()) != null; ) {
      if (e instanceof SmtpServerEvent.DataChunk) {
        counters.data(((SmtpServerEvent.DataChunk) e).bytes().remaining());
      } else if (e instanceof SmtpServerEvent.DataEnd) {
        counters.message();
        engine.accept();
      } else if (e instanceof SmtpServerEvent.Hello) {
        counters.ehlo();
        engine.accept();
      } else if (e.needsDecision()) {
        engine.accept();
      }
    }
  }

  @Override
  public void closed() {
    counters.closed();
  }
}
