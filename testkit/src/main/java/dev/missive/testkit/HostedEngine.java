package dev.missive.testkit;

import dev.missive.wire.ProtocolEngine;
import java.util.Objects;

/**
 * An engine under test together with its {@link EngineHost} and, when its environment runs on manual time, the
 * {@link ManualTime} that {@code -- timeout --} steps advance (the host loop of {@link ProtocolEngine} in one
 * value).
 *
 * <pre>{@code
 * ManualTime time = new ManualTime();
 * HostedEngine<MyServer> hosted =
 *     HostedEngine.of(new MyServer(time.environment(1)), (server, log) -> server.acceptAll(), time);
 * }</pre>
 *
 * @param engine the engine, fresh for each run
 * @param host   the host callback
 * @param time   the engine's manual time, or {@code null} when it has none
 * @param <E>    the engine type
 */
public record HostedEngine<E extends ProtocolEngine>(E engine, EngineHost<? super E> host, ManualTime time) {

  /**
   * Checks that engine and host are present; {@code time} may be {@code null}.
   *
   * @param engine the engine, fresh for each run
   * @param host   the host callback
   * @param time   the engine's manual time, or {@code null} when it has none
   */
  public HostedEngine {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(host, "host");
  }

  /**
   * An engine and its host, without manual time.
   *
   * @param <E>    the engine type
   * @param engine the engine
   * @param host   answers its events
   * @return the pair
   */
  public static <E extends ProtocolEngine> HostedEngine<E> of(E engine, EngineHost<? super E> host) {
    return new HostedEngine<>(engine, host, null);
  }

  /**
   * An engine, its host and the manual time its environment reads.
   *
   * @param <E>    the engine type
   * @param engine the engine
   * @param host   answers its events
   * @param time   the manual time the engine's environment reads
   * @return the pair
   */
  public static <E extends ProtocolEngine> HostedEngine<E> of(E engine, EngineHost<? super E> host, ManualTime time) {
    return new HostedEngine<>(engine, host, Objects.requireNonNull(time, "time"));
  }

  void handle(EventLog log) {
    host.handle(engine, log);
  }
}
