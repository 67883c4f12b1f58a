package dev.missive.testkit;

import dev.missive.testkit.internal.Escapes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Matches the octets an engine sent during one turn against the transcript lines expected for that turn. */
final class ExpectedOutput {

  /**
   * A failed match.
   *
   * @param lineNumber the transcript line to blame
   * @param message    expected and actual text
   */
  public record Mismatch(int lineNumber, String message) {}

  private ExpectedOutput() {}

  /**
   * Checks that {@code actual} is exactly the concatenation of {@code expected} (octets, or lines matching
   * patterns).
   *
   * @param expected    the expected steps ({@link TranscriptStep.Octets} and {@link TranscriptStep.LinePattern})
   * @param actual      the octets the engine sent
   * @param contextLine the transcript line the output came before, blamed for unexpected output when nothing
   *                    was expected
   * @return the first mismatch, or {@code null} when everything matched
   */
  public static Mismatch check(List<TranscriptStep> expected, byte[] actual, int contextLine) {
    int pos = 0;
    for (TranscriptStep step : expected) {
      if (step instanceof TranscriptStep.Octets o) {
        byte[] want = o.octets();
        int end = pos + want.length;
        if (end > actual.length || !Arrays.equals(actual, pos, end, want, 0, want.length)) {
          return new Mismatch(o.lineNumber(), "expected " + o.side().letter() + ": \"" + Escapes.show(want)
              + "\"\n  actual:    \"" + actualLine(actual, pos) + "\"");
        }
        pos = end;
      } else if (step instanceof TranscriptStep.LinePattern p) {
        int crlf = indexOfCrlf(actual, pos);
        if (crlf < 0) {
          return new Mismatch(p.lineNumber(), "expected " + p.side().letter() + "? line matching /" + p.regex()
              + "/\n  actual:    \"" + actualLine(actual, pos) + "\" (no CRLF-terminated line)");
        }
        String text = new String(actual, pos, crlf - pos, StandardCharsets.UTF_8);
        if (!p.regex().matcher(text).matches()) {
          return new Mismatch(p.lineNumber(), "expected " + p.side().letter() + "? line matching /" + p.regex()
              + "/\n  actual:    \"" + actualLine(actual, pos) + "\"");
        }
        pos = crlf + 2;
      } else {
        throw new IllegalArgumentException("not an output step: " + step);
      }
    }
    if (pos < actual.length) {
      int line = expected.isEmpty() ? contextLine : expected.get(expected.size() - 1).lineNumber();
      String where = expected.isEmpty() ? "before this line" : "after this line";
      return new Mismatch(line, "unexpected output " + where + ": \"" + Escapes.show(actual, pos, actual.length)
          + "\"");
    }
    return null;
  }

  private static String actualLine(byte[] actual, int pos) {
    if (pos >= actual.length) {
      return "(no more output)";
    }
    int end = pos;
    while (end < actual.length && actual[end] != '\n') {
      end++;
    }
    return Escapes.show(actual, pos, Math.min(actual.length, end + 1));
  }

  private static int indexOfCrlf(byte[] b, int from) {
    for (int i = from; i + 1 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
