package dev.missive.benchmarks.message;

/**
 * The floor for stream parsing: one pass over the message's octets looking for the LF of every RFC 5322 §2.1 line,
 * the least work any parser must do.
 */
public final class ByteScan {

  private ByteScan() {}

  /** Counts the LF octets of {@code message}. */
  public static int lines(byte[] message) {
    int lines = 0;
    for (byte b : message) {
      if (b == '\n') {
        lines++;
      }
    }
    return lines;
  }
}
