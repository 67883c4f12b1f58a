package dev.missive.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fuzz-test helper: cuts input into the chunks a socket might give, from a seed the fuzzer chooses (single octets,
 * short runs, long runs and the rest, as {@code testkit}'s random feeding does), each chunk a separate array or a
 * read-only buffer without an accessible array, so both code paths of the scanners run.
 */
final class Chunks {

  private Chunks() {}

  /** The input cut at positions drawn from {@code seed}; {@code seed == 0} gives the input whole. */
  static List<ByteBuffer> cut(byte[] input, long seed, boolean readOnly) {
    List<ByteBuffer> chunks = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(seed);
    int at = 0;
    do {
      int remaining = input.length - at;
      int n = seed == 0 || remaining == 0 ? remaining : size(random, remaining);
      ByteBuffer chunk = ByteBuffer.wrap(java.util.Arrays.copyOfRange(input, at, at + n));
      chunks.add(readOnly ? chunk.asReadOnlyBuffer() : chunk);
      at += n;
    } while (at < input.length);
    return chunks;
  }

  /** A chunk size between 1 and {@code remaining}, small sizes favoured. */
  static int size(SplittableRandom random, int remaining) {
    switch (random.nextInt(4)) {
      case 0:
        return 1;
      case 1:
        return 1 + random.nextInt(Math.min(remaining, 8));
      case 2:
        return 1 + random.nextInt(remaining);
      default:
        return remaining;
    }
  }
}
