package dev.missive.wire.internal;

import dev.missive.wire.ForwardingEngine;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamLayer;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The core of a handler facade (the SMTP, POP3 and POP2 handler servers): a {@link ProtocolEngine} over a raw engine
 * that lets the facade answer the raw engine's events inside every call the host makes. After each call that can
 * produce events ({@code receive}, {@code receiveEnd}, {@code drainOutput}, {@code onTimeout},
 * {@code streamChanged}, {@code shutdown}) it runs the facade's answer, so the host never sees an event or a pending
 * decision: it drives the facade with the contract's methods alone (docs/architecture.md, "State machines"). The
 * other calls are forwarded.
 *
 * <p>The facade holds this object as the core of its {@link ForwardingEngine} (composition, not inheritance: the
 * public facade names no internal type) and gives its answer once, right after its own construction:
 * <pre>{@code
 * private FooHandlerServer(HandlerEngine core, FooServer server) {
 *   super(core);
 *   core.answerWith(this::answerEvents);
 * }
 * }</pre>
 */
public final class HandlerEngine extends ForwardingEngine {

  private static final Runnable NOT_YET = () -> {
    throw new IllegalStateException("the handler facade gave no answer (answerWith)");
  };

  private final ProtocolEngine events;
  private Runnable answer = NOT_YET;

  /**
   * Wraps {@code events}, whose events the facade answers.
   *
   * @param events the raw engine, used by the facade alone
   */
  public HandlerEngine(ProtocolEngine events) {
    super(events);
    this.events = events;
  }

  /**
   * Sets what answers the raw engine's events after each call (every event a decision or its content's
   * destination, and whatever else the facade does after a call, such as streaming content while the output has
   * room); called once, by the facade's constructor.
   *
   * @param answer the facade's answer
   * @throws IllegalStateException if an answer was set already
   */
  public void answerWith(Runnable answer) {
    if (this.answer != NOT_YET) {
      throw new IllegalStateException("the answer is set once");
    }
    this.answer = Objects.requireNonNull(answer, "answer");
  }

  /**
   * {@inheritDoc} Feeds the raw engine and answers its events until it takes no more of {@code in}.
   */
  @Override
  public void receive(ByteBuffer in) {
    int before;
    do {
      before = in.position();
      events.receive(in);
      answer.run();
    } while (in.hasRemaining() && events.wantsInput() && in.position() != before);
  }

  @Override
  public void receiveEnd() {
    events.receiveEnd();
    answer.run();
  }

  @Override
  public void drainOutput(ByteBuffer out) {
    events.drainOutput(out);
    answer.run();
  }

  /**
   * {@inheritDoc} Never {@link Status#HAS_EVENTS} nor {@link Status#AWAITING_DECISION}: the events are answered inside
   * the engine's calls; should the raw engine still report either (a handler streaming content while the output
   * has no room), this is {@link Status#OUTPUT_FULL}, so the host drains, which lets it go on.
   */
  @Override
  public Status status() {
    Status s = events.status();
    return s == Status.AWAITING_DECISION || s == Status.HAS_EVENTS ? Status.OUTPUT_FULL : s;
  }

  @Override
  public void onTimeout() {
    events.onTimeout();
    answer.run();
  }

  @Override
  public void streamChanged(StreamLayer layer) {
    events.streamChanged(layer);
    answer.run();
  }

  @Override
  public void shutdown() {
    events.shutdown();
    answer.run();
  }
}
