package dev.missive.testkit;

import dev.missive.testkit.internal.Escapes;
import dev.missive.wire.ProtocolEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Checks chunking independence (docs/architecture.md, "Chunking independence"): plays one {@link Transcript} with fresh
 * engines, feeding each turn whole, byte by byte and in seeded random splits, and asserts that every run matches the
 * transcript and that all {@link Outcome}s (output octets and the host's event log) are identical.
 *
 * <pre>{@code
 * ChunkingCheck<MyServer> check = ChunkingCheck.of(transcript, Side.SERVER,
 *     () -> HostedEngine.of(new MyServer(new ManualTime().fixedEnvironment()), myHost));
 * check.assertIndependent(20);                              // whole, byte by byte and 20 random seeds
 *
 * @Property(tries = 200)
 * void anySplit(@ForAll long seed) { check.assertSameAsWhole(Feeding.random(seed)); }   // with jqwik
 * }</pre>
 *
 * @param <E> the engine type
 */
public final class ChunkingCheck<E extends ProtocolEngine> {

  /** The first seed {@link #assertIndependent(int)} uses; the i-th random run uses {@code BASE_SEED + i}. */
  public static final long BASE_SEED = 0x5EED_2026L;

  private final Transcript transcript;
  private final Side engineSide;
  private final Supplier<HostedEngine<E>> factory;
  private Outcome whole;

  private ChunkingCheck(Transcript transcript, Side engineSide, Supplier<HostedEngine<E>> factory) {
    this.transcript = Objects.requireNonNull(transcript, "transcript");
    this.engineSide = Objects.requireNonNull(engineSide, "engineSide");
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  /**
   * A check of {@code transcript} against engines on {@code engineSide}.
   *
   * @param <E>        the engine type
   * @param transcript the session to replay
   * @param engineSide which side of the transcript the engine plays
   * @param factory    makes a fresh engine with its host for each run (same configuration, same environment seed)
   * @return the check, ready to run
   */
  public static <E extends ProtocolEngine> ChunkingCheck<E> of(Transcript transcript, Side engineSide,
      Supplier<HostedEngine<E>> factory) {
    return new ChunkingCheck<>(transcript, engineSide, factory);
  }

  /**
   * Plays the transcript once with a fresh engine fed as {@code feeding} says.
   *
   * @param feeding how to split each turn
   * @return what the engine sent and the host's event log
   */
  public Outcome run(Feeding feeding) {
    return new TranscriptRunner<>(engineSide, factory.get()).feeding(feeding).play(transcript);
  }

  /**
   * Runs each turn whole, byte by byte, then with {@code randomRuns} random seeds, and asserts equal outcomes.
   *
   * @param randomRuns how many random feedings (seeds 0 to {@code randomRuns - 1}) to try
   * @return the outcome of the whole-fed run
   */
  public Outcome assertIndependent(int randomRuns) {
    List<Feeding> feedings = new ArrayList<>();
    feedings.add(Feeding.byteByByte());
    for (int i = 0; i < randomRuns; i++) {
      feedings.add(Feeding.random(BASE_SEED + i));
    }
    return assertSameOutcome(feedings.toArray(new Feeding[0]));
  }

  /**
   * Splits every turn in two at each position from 1 to the longest turn's length minus one (docs/security.md, "Split
   * and truncated data") and asserts equal outcomes.
   *
   * @return the outcome of the whole-fed run
   */
  public Outcome assertEverySplitPosition() {
    int longest = transcript.longestTurn(engineSide.peer());
    Feeding[] feedings = new Feeding[Math.max(0, longest - 1)];
    for (int i = 0; i < feedings.length; i++) {
      feedings[i] = Feeding.splitAt(i + 1);
    }
    return assertSameOutcome(feedings);
  }

  /**
   * Runs with each feeding and asserts that each outcome equals the whole-fed run's.
   *
   * @param feedings the feedings to compare with the whole-fed run
   * @return the outcome of the whole-fed run
   * @throws TranscriptMismatch naming the first feeding (and seed) whose run fails or differs
   */
  public Outcome assertSameOutcome(Feeding... feedings) {
    Outcome reference = wholeOutcome();
    for (Feeding f : feedings) {
      assertSame(reference, f);
    }
    return reference;
  }

  /**
   * Runs with {@code feeding} and asserts the outcome equals the whole-fed run's (for jqwik properties).
   *
   * @param feeding how to split each turn
   * @return the outcome of the run with {@code feeding}
   */
  public Outcome assertSameAsWhole(Feeding feeding) {
    return assertSame(wholeOutcome(), feeding);
  }

  private Outcome wholeOutcome() {
    if (whole == null) {
      whole = run(Feeding.whole());
    }
    return whole;
  }

  private Outcome assertSame(Outcome reference, Feeding f) {
    Outcome other = run(f);
    if (!reference.equals(other)) {
      throw new TranscriptMismatch(0, "fed " + f + " the outcome differs from fed whole: " + difference(reference,
          other));
    }
    return other;
  }

  static String difference(Outcome a, Outcome b) {
    byte[] x = a.output();
    byte[] y = b.output();
    int i = java.util.Arrays.mismatch(x, y);
    if (i >= 0) {
      int from = Math.max(0, i - 40);
      return "output differs at octet " + i + ":\n  whole: \"…" + Escapes.show(x, from, Math.min(x.length, i + 40))
          + "\"\n  this:  \"…" + Escapes.show(y, from, Math.min(y.length, i + 40)) + "\"";
    }
    List<String> e = a.events();
    List<String> f = b.events();
    for (int k = 0; k < Math.max(e.size(), f.size()); k++) {
      String l = k < e.size() ? e.get(k) : "(none)";
      String r = k < f.size() ? f.get(k) : "(none)";
      if (!l.equals(r)) {
        return "event " + k + " differs:\n  whole: " + l + "\n  this:  " + r;
      }
    }
    return "outcomes differ";
  }
}
