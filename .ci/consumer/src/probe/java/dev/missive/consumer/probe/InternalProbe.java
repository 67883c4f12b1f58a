package dev.missive.consumer.probe;

/** Names a public type of an unexported package; javac must answer "does not export it". */
final class InternalProbe {
  static final Object XTEXT = dev.missive.smtp.internal.XText.class;

  private InternalProbe() {
  }
}
