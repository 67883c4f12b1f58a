package dev.missive.message.stream;

import java.util.Objects;

/**
 * How the streaming parser reads a message (RFC 5322, RFC 2045–2046): its limits, whether bodies are decoded, and
 * what a header line that is not a field means.
 *
 * <p>Whether a header line is a field ({@code field-name ":"}, RFC 5322 §2.2) is judged on its first
 * {@link MessageLimits#maxFieldLength()} octets, so the answer never depends on how the input was split: a line
 * whose first octets are all name characters (and white space after them) with no colon is read as a field that
 * is too long and skipped with a {@link dev.missive.message.DefectKind#LIMIT_EXCEEDED} defect.
 *
 * @param limits                    the limits applied (see {@link MessageLimits})
 * @param bodyMode                  raw or decoded bodies
 * @param malformedHeaderStartsBody when {@code true}, a header line that is neither a field nor a continuation
 *                                  ends the header block and starts the body (CPython's reading of RFC 5322
 *                                  §2.1); when {@code false} (the default) the line is skipped and the header
 *                                  block goes on (Mime4j's default). Either way a defect is recorded.
 */
public record ParserOptions(MessageLimits limits, BodyMode bodyMode, boolean malformedHeaderStartsBody) {

  /** Default limits, raw bodies, malformed header lines skipped. */
  public static final ParserOptions DEFAULT = new ParserOptions(MessageLimits.DEFAULT, BodyMode.RAW, false);

  /**
   * Requires limits and a body mode.
   *
   * @param limits                    the limits applied (see {@link MessageLimits})
   * @param bodyMode                  raw or decoded bodies
   * @param malformedHeaderStartsBody when {@code true}, a header line that is neither a field nor a continuation
   *                                  ends the header block and starts the body (CPython's reading of RFC 5322
   *                                  §2.1); when {@code false} (the default) the line is skipped and the header
   *                                  block goes on (Mime4j's default). Either way a defect is recorded.
   */
  public ParserOptions {
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(bodyMode, "bodyMode");
  }

  /**
   * A copy with other limits.
   *
   * @param newLimits the limits applied (see {@link MessageLimits})
   * @return a copy with that value
   */
  public ParserOptions withLimits(MessageLimits newLimits) {
    return new ParserOptions(newLimits, bodyMode, malformedHeaderStartsBody);
  }

  /**
   * A copy with another body mode.
   *
   * @param mode raw or decoded bodies
   * @return a copy with that value (these options when they already have it)
   */
  public ParserOptions withBodyMode(BodyMode mode) {
    if (mode == bodyMode) {
      return this;
    }
    return new ParserOptions(limits, mode, malformedHeaderStartsBody);
  }

  /**
   * A copy with the other policy for malformed header lines.
   *
   * @param startsBody when {@code true}, a header line that is neither a field nor a continuation
   *                   ends the header block and starts the body (CPython's reading of RFC 5322
   *                   §2.1); when {@code false} (the default) the line is skipped and the header
   *                   block goes on (Mime4j's default). Either way a defect is recorded.
   * @return a copy with that value
   */
  public ParserOptions withMalformedHeaderStartsBody(boolean startsBody) {
    return new ParserOptions(limits, bodyMode, startsBody);
  }
}
