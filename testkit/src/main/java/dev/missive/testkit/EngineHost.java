package dev.missive.testkit;

import dev.missive.wire.ProtocolEngine;

/**
 * The test's stand-in for the application around an engine: called after every {@code receive}, between turns
 * and after timeouts, it answers the engine's pending events in the engine's own API (the testkit knows nothing
 * of SMTP or POP3), as the host loop in {@link ProtocolEngine}'s Javadoc does.
 *
 * <pre>{@code
 * EngineHost<SmtpServer> host = (smtp, log) -> {
 *   for (SmtpServerEvent e; (e = smtp.nextEvent()) != null; ) {
 *     log.add(e);
 *     if (e instanceof RcptTo r) smtp.reject(Reply.of(550, "5.1.1", "No such user here"));
 *     else if (e instanceof MailFrom m) smtp.accept();
 *   }
 * };
 * }</pre>
 *
 * @param <E> the engine type, so the host calls its event API without casts
 */
@FunctionalInterface
public interface EngineHost<E extends ProtocolEngine> {

  /**
   * A host that answers nothing, for engines that need no decisions.
   *
   * @param <E> the engine type
   * @return a host that only drains events
   */
  static <E extends ProtocolEngine> EngineHost<E> none() {
    return (engine, log) -> { };
  }

  /**
   * Answers whatever the engine has pending; may record into {@code log}. Must return without blocking.
   *
   * @param engine the engine under test
   * @param log    the run's event log, compared between feedings by {@link ChunkingCheck}
   */
  void handle(E engine, EventLog log);
}
