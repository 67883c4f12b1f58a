package dev.missive.testkit;

import java.util.SplittableRandom;

/**
 * How the bytes of one turn are split into {@code receive} calls: whole, byte by byte, in fixed-size pieces or at
 * seeded random positions (docs/architecture.md, "Chunking independence", after RFC 5321 §4.5.2's point that line and
 * data boundaries need not coincide with TCP segments).
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

  /** Chooses the size of each {@code receive} call within one turn; made fresh for each run. */
  @FunctionalInterface
  public interface Splitter {
    /**
     * The size of the next piece, between 1 and {@code remaining}.
     *
     * @param offset    how many bytes of this turn were fed already
     * @param remaining how many bytes of this turn are left ({@code > 0})
     * @return the number of bytes to feed in the next {@code receive} call
     */
    int next(int offset, int remaining);
  }

  private final String description;
  private final long seed;
  private final int chunk;
  private final int splitAt;

  private Feeding(String description, long seed, int chunk, int splitAt) {
    this.description = description;
    this.seed = seed;
    this.chunk = chunk;
    this.splitAt = splitAt;
  }

  /** {@return the feeding that gives each turn in one {@code receive} call} */
  public static Feeding whole() {
    return new Feeding("whole", 0, Integer.MAX_VALUE, 0);
  }

  /** {@return the feeding that gives one byte per {@code receive} call} */
  public static Feeding byteByByte() {
    return new Feeding("byte-by-byte", 0, 1, 0);
  }

  /**
   * Pieces of {@code size} bytes (the last may be shorter).
   *
   * @param size the piece size ({@code >= 1})
   * @return the feeding
   */
  public static Feeding chunksOf(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("chunk size must be positive: " + size);
    }
    return new Feeding("chunks-of-" + size, 0, size, 0);
  }

  /**
   * Random piece sizes from a {@link SplittableRandom} with this seed: reproducible, small pieces favoured.
   *
   * @param seed the random seed, named in failure messages
   * @return the feeding
   */
  public static Feeding random(long seed) {
    return new Feeding("random(seed=" + seed + ")", seed, 0, 0);
  }

  /**
   * Each turn in two pieces, the first {@code position} bytes long (a turn no longer than that is fed whole);
   * {@link ChunkingCheck#assertEverySplitPosition()} tries every position.
   *
   * @param position the length of the first piece ({@code >= 1})
   * @return the feeding
   */
  public static Feeding splitAt(int position) {
    if (position < 1) {
      throw new IllegalArgumentException("split position must be positive: " + position);
    }
    return new Feeding("split-at-" + position, 0, 0, position);
  }

  /** {@return a fresh splitter for one run (a random feeding starts again from its seed)} */
  public Splitter newSplitter() {
    if (splitAt > 0) {
      return (offset, remaining) -> offset < splitAt ? Math.min(splitAt - offset, remaining) : remaining;
    }
    if (chunk > 0) {
      return (offset, remaining) -> Math.min(remaining, chunk);
    }
    SplittableRandom random = new SplittableRandom(seed);
    return (offset, remaining) -> {
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
