package dev.missive.testkit;

import dev.missive.testkit.internal.Escapes;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One line of a {@link Transcript} in the RFCs' {@code S:}/{@code C:} notation (RFC 5321 Appendix D, RFC 1939
 * §3): octets one side sends, a pattern one line of output must match, or a marker for what happens between
 * lines (TLS, end of stream, close, timeout).
 *
 * <p>Not public: a test parses a {@link Transcript} and plays it; only the {@link TranscriptRunner} and
 * {@link Transcript}'s own queries read the steps.
 */
sealed interface TranscriptStep {

  /** {@return the 1-based line number in the transcript text, for failure messages} */
  int lineNumber();

  /**
   * Octets that {@code side} sends: a {@code C:}/{@code S:} line with CRLF appended, or a raw {@code C!}/{@code S!}
   * line exactly as its escapes say.
   *
   * @param side       who sends the octets
   * @param lineNumber the transcript line
   * @param octets     the octets, copied
   */
  record Octets(Side side, int lineNumber, byte[] octets) implements TranscriptStep {
    /**
     * Copies the octets and checks that the side is present.
     *
     * @param side       who sends the octets
     * @param lineNumber the transcript line
     * @param octets     the octets, copied
     */
    public Octets {
      Objects.requireNonNull(side, "side");
      octets = octets.clone();
    }

    /** {@return a copy of the octets} */
    @Override
    public byte[] octets() {
      return octets.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Octets other && side == other.side && lineNumber == other.lineNumber
          && Arrays.equals(octets, other.octets);
    }

    @Override
    public int hashCode() {
      return Objects.hash(side, lineNumber, Arrays.hashCode(octets));
    }

    @Override
    public String toString() {
      return side.letter() + "! " + Escapes.show(octets) + " (line " + lineNumber + ")";
    }
  }

  /**
   * A {@code S?}/{@code C?} line: one CRLF-terminated line sent by {@code side} whose text (decoded as UTF-8,
   * without the CRLF) must match {@code regex} entirely; for text that varies, such as a greeting's timestamp.
   *
   * @param side       who sends the line
   * @param lineNumber the transcript line
   * @param regex      the pattern the whole line must match
   */
  record LinePattern(Side side, int lineNumber, Pattern regex) implements TranscriptStep {
    /**
     * Checks that both values are present.
     *
     * @param side       who sends the line
     * @param lineNumber the transcript line
     * @param regex      the pattern the whole line must match
     */
    public LinePattern {
      Objects.requireNonNull(side, "side");
      Objects.requireNonNull(regex, "regex");
    }
  }

  /**
   * A {@code -- name --} line: something that happens between the octets.
   *
   * @param kind       what happens
   * @param lineNumber the transcript line
   */
  record Marker(MarkerKind kind, int lineNumber) implements TranscriptStep {
    /**
     * Checks that the kind is present.
     *
     * @param kind       what happens
     * @param lineNumber the transcript line
     */
    public Marker {
      Objects.requireNonNull(kind, "kind");
    }
  }

  /** What a {@link Marker} stands for. */
  enum MarkerKind {
    /** {@code -- tls --}: the engine must be waiting for TLS here; the runner establishes it (RFC 3207 §4). */
    TLS,
    /** {@code -- eof --}: the fed side closes its end; the runner calls {@code receiveEnd()}. */
    EOF,
    /** {@code -- closed --}: the engine must have closed the session here (after its output is drained). */
    CLOSED,
    /** {@code -- timeout --}: manual time advances to the engine's deadline and the runner calls {@code onTimeout()}. */
    TIMEOUT,
    /**
     * {@code -- undrained --}: the next turn is fed <em>before</em> the engine's pending output is drained, for tests
     * of the synchronisation check (docs/architecture.md, "The synchronisation check"); the output is checked after
     * that turn.
     */
    UNDRAINED
  }
}
