package dev.missive.wire;

/**
 * A {@link ProtocolEngine} that reports protocol events to its host: the raw engines ({@code SmtpServer},
 * {@code Pop3Client}, …). A handler facade, which answers its events itself, is a plain {@code ProtocolEngine}.
 *
 * <p>Events are edge-triggered: each is returned once. While one is undelivered the engine consumes no input
 * (docs/architecture.md, "Input while events are pending"), so the host takes them all before it feeds more:
 * <pre>{@code
 * for (SmtpServerEvent e; (e = engine.nextEvent()) != null; ) { ... }
 * }</pre>
 *
 * @param <E> the engine's sealed event type
 */
public interface EventEngine<E> extends ProtocolEngine {

  /**
   * Takes the next event. It never takes input from the host's buffer (that happens only inside
   * {@link #receive(java.nio.ByteBuffer)}); an engine that keeps a bounded copy of pipelined input, as its class
   * documents, may parse that copy here once the queue is empty.
   *
   * @return the next event, or {@code null} when there is none now; {@link #status()} then says what the engine
   *     waits for
   */
  E nextEvent();
}
