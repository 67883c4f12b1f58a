package dev.missive.benchmarks.message;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads a peer library's decoded body stream (RFC 2045 §6 decoding happens inside the stream) to its end through
 * one reused buffer, so the benchmark charges the peer for decoding and not for the reader's allocations.
 */
final class InputDrain {

  private final byte[] scratch = new byte[16 * 1024];
  private long sink;

  /** Reads {@code in} to its end and returns the number of octets read. */
  long drain(InputStream in) {
    try {
      long total = 0;
      for (int n; (n = in.read(scratch, 0, scratch.length)) >= 0; ) {
        total += n;
        sink += scratch[0];
      }
      return total;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A value depending on every read, so no read can be optimised away. */
  long sink() {
    return sink;
  }
}
