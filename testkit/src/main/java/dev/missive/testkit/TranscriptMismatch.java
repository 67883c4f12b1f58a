package dev.missive.testkit;

/**
 * A test failure raised when an engine's behaviour departs from a {@link Transcript} (the RFC example it should
 * replay) or when runs fed differently disagree; the message names the transcript line, the feeding (with its
 * seed), the expected and the actual text.
 *
 * <pre>{@code
 * assertThatThrownBy(() -> runner.play(t))
 *     .isInstanceOf(TranscriptMismatch.class)
 *     .hasMessageContaining("line 3");
 * }</pre>
 */
public final class TranscriptMismatch extends AssertionError {

  /** Serialization version of this exception. */
  private static final long serialVersionUID = 1L;

  /** The transcript line where the mismatch was found, or 0 if none applies. */
  private final int lineNumber;

  /**
   * Creates the failure.
   *
   * @param lineNumber the transcript line where the mismatch was found, or 0 if none applies
   * @param message    the full message
   */
  public TranscriptMismatch(int lineNumber, String message) {
    super(message);
    this.lineNumber = lineNumber;
  }

  /** {@return the transcript line where the mismatch was found, or 0 if none applies} */
  public int lineNumber() {
    return lineNumber;
  }
}
