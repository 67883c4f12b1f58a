package dev.missive.sasl;

import java.util.function.Supplier;

/**
 * The one exception policy of every server exchange (RFC 4422 §3.6 leaves failure reporting to the protocol): a
 * mechanism that throws an unchecked exception, returns no step, or cannot even be created ends its exchange in a
 * {@link SaslFailure#TEMPORARY_FAILURE} — SMTP {@code 454 4.7.0} (RFC 4954 §6), POP3 {@code -ERR [SYS/TEMP]}
 * (RFC 3206 §4) — instead of escaping the engine. The failure's detail names the exception's class and the frame
 * that threw it, never the exception's message, which may hold what the client sent.
 *
 * <p>Host misuse is still reported to the host: evaluating an exchange that has ended throws
 * {@link IllegalStateException}, and an absent response after the first one {@link IllegalArgumentException}.
 */
final class GuardedMechanism implements SaslServerMechanism {

  private final String name;
  private final SaslServerMechanism delegate;
  private final SaslServerStep.Failure broken;
  private boolean started;
  private boolean complete;

  private GuardedMechanism(String name, SaslServerMechanism delegate, SaslServerStep.Failure broken) {
    this.name = name;
    this.delegate = delegate;
    this.broken = broken;
  }

  /**
   * Creates a mechanism through {@code factory} and guards it; a factory that throws or returns null gives a
   * mechanism whose first step is the temporary failure.
   *
   * @param name    the registered mechanism name
   * @param factory makes the mechanism (a host's own factory for a custom mechanism)
   * @return the guarded mechanism
   */
  public static SaslServerMechanism create(String name, Supplier<SaslServerMechanism> factory) {
    try {
      SaslServerMechanism m = factory.get();
      return m == null ? new GuardedMechanism(name, null, failure(name + " factory returned no mechanism"))
          : new GuardedMechanism(name, m, null);
    } catch (RuntimeException e) {
      return new GuardedMechanism(name, null, failure(crash(name + " factory", e)));
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public SaslServerStep evaluate(byte[] response) {
    if (complete) {
      throw new IllegalStateException(name + " exchange has already ended");
    }
    if (response == null && started) {
      throw new IllegalArgumentException("only the first response of an exchange may be absent (null)");
    }
    started = true;
    SaslServerStep step;
    if (broken != null) {
      step = broken;
    } else {
      try {
        step = delegate.evaluate(response);
        if (step == null) {
          step = failure(name + " mechanism returned no step");
        }
      } catch (RuntimeException e) {
        step = failure(crash(name + " mechanism", e));
      }
    }
    complete = !(step instanceof SaslServerStep.Challenge);
    return step;
  }

  @Override
  public boolean isComplete() {
    return complete;
  }

  @Override
  public SaslServerStep.Failure cancel() {
    if (complete) {
      throw new IllegalStateException(name + " exchange has already ended");
    }
    complete = true;
    if (delegate != null) {
      try {
        delegate.cancel();
      } catch (RuntimeException e) {
        // the client cancelled: that is the outcome, whatever the mechanism thinks of it
      }
    }
    return new SaslServerStep.Failure(SaslFailure.CANCELLED, "client cancelled the exchange");
  }

  private static SaslServerStep.Failure failure(String detail) {
    return new SaslServerStep.Failure(SaslFailure.TEMPORARY_FAILURE, detail);
  }

  /** What threw, where: safe to log (no exception message, which may repeat client input). */
  private static String crash(String what, RuntimeException e) {
    StackTraceElement[] trace = e.getStackTrace();
    return what + " threw " + e.getClass().getName() + (trace.length > 0 ? " at " + trace[0] : "");
  }

  /** Never shows the exchange's data. */
  @Override
  public String toString() {
    return "SaslServerMechanism[" + name + (complete ? ", complete]" : "]");
  }
}
