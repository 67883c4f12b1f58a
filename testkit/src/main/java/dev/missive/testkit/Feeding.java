package dev.missive.testkit;

import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;

/**
 * How the bytes of one turn are split into {@code receive} calls: whole, byte by byte, in fixed-size pieces or
 * at seeded random positions (DESIGN.md rule 2, after RFC 5321 §4.5.2's point that line and data boundaries
 * need not coincide with TCP segments).
 *
 * <p>A feeding is a reproducible value: each run asks it for a fresh {@link #newSplitter() splitter}, so
 * {@code Feeding.random(42)} splits the same transcript the same way every time, and its {@link #toString()}
 * (which failure messages include) names the seed:
 * <pre>{@code
 * new TranscriptRunner<>(Side.SERVER, HostedEngine.of(myEngine, myHost))
 *     .feeding(Feeding.random(42))
 *     .play(transcript);   // a mismatch says "... (fed random(seed=42))"
 * }</pre>
 */
public final class Feeding {

  private final String description;
  private final long seed;
  private final int chunk;

  private Feeding(String description, long seed, int chunk) {
    this.description = description;
    this.seed = seed;
    this.chunk = chunk;
  }

  /** Each turn in one {@code receive} call. */
  public static Feeding whole() {
    return new Feeding("whole", 0, Integer.MAX_VALUE);
  }

  /** One {@code receive} call per byte. */
  public static Feeding byteByByte() {
    return new Feeding("byte-by-byte", 0, 1);
  }

  /** Pieces of {@code size} bytes (the last may be shorter). */
  public static Feeding chunksOf(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("chunk size must be positive: " + size);
    }
    return new Feeding("chunks-of-" + size, 0, size);
  }

  /** Random piece sizes from a {@link SplittableRandom} with this seed: reproducible, small pieces favoured. */
  public static Feeding random(long seed) {
    return new Feeding("random(seed=" + seed + ")", seed, 0);
  }

  /**
   * A fresh splitter for one run: given the number of bytes left in the turn ({@code > 0}), it answers the size of
   * the next {@code receive} call, between 1 and that number.
   */
  public IntUnaryOperator newSplitter() {
    if (chunk > 0) {
      return remaining -> Math.min(remaining, chunk);
    }
    SplittableRandom random = new SplittableRandom(seed);
    return remaining -> {
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
    };
  }

  /** The description failure messages use, such as {@code random(seed=42)}. */
  @Override
  public String toString() {
    return description;
  }
}
