package dev.missive.wire;

import java.nio.ByteBuffer;

/**
 * A handler engine: a {@link ProtocolEngine} over a raw {@link EventEngine} that answers the raw engine's events
 * itself, inside every call the host makes (the SMTP and POP3 handler engines are two). After each call that can
 * produce events ({@code receive}, {@code receiveEnd}, {@code drainOutput}, {@code onTimeout},
 * {@code streamChanged}, {@code shutdown}) it calls {@link #answerEvents()}, so its host never sees an event or a
 * pending decision: it drives the engine with the contract's methods alone. The other calls are forwarded
 * ({@link ForwardingEngine}).
 *
 * @param <E> the raw engine's type
 */
public abstract class HandlerEngine<E extends EventEngine<?>> extends ForwardingEngine {

  private final E events;

  /**
   * Wraps {@code events}, whose events this engine answers.
   *
   * @param events the raw engine, used by this engine alone
   */
  protected HandlerEngine(E events) {
    super(events);
    this.events = events;
  }

  /** {@return the raw engine underneath, for the subclass's answers} */
  protected final E events() {
    return events;
  }

  /**
   * Answers every event the raw engine has now (a decision each, content to its destination), and whatever else
   * the handler must do after a call, such as streaming content while the output has room.
   */
  protected abstract void answerEvents();

  /**
   * {@inheritDoc} Feeds the raw engine and answers its events until it takes no more of {@code in}.
   */
  @Override
  public void receive(ByteBuffer in) {
    int before;
    do {
      before = in.position();
      events.receive(in);
      answerEvents();
    } while (in.hasRemaining() && events.wantsInput() && in.position() != before);
  }

  @Override
  public void receiveEnd() {
    events.receiveEnd();
    answerEvents();
  }

  @Override
  public void drainOutput(ByteBuffer out) {
    events.drainOutput(out);
    answerEvents();
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
    answerEvents();
  }

  @Override
  public void streamChanged(StreamLayer layer) {
    events.streamChanged(layer);
    answerEvents();
  }

  @Override
  public void shutdown() {
    events.shutdown();
    answerEvents();
  }
}
