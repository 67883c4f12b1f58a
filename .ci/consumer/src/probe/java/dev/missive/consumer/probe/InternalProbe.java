package dev.missive.consumer.probe;

/** Names a public type of an unexported package; javac must answer "does not export it". */
final class InternalProbe {
  static final Object VERB = dev.missive.smtp.internal.Verb.values();

  private InternalProbe() {
  }
}
