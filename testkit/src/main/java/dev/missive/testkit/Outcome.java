package dev.missive.testkit;

import dev.missive.testkit.internal.Escapes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What one run of a transcript produced: every octet the engine sent and the host's event log; two runs of the
 * same turns fed differently must have equal outcomes (docs/architecture.md, "Chunking independence").
 *
 * <pre>{@code
 * Outcome whole = runner.feeding(Feeding.whole()).play(t);
 * assertThat(whole.outputText()).contains("250 OK");
 * }</pre>
 *
 * @param output every octet the engine sent, in order
 * @param events the host's event log entries
 */
public record Outcome(byte[] output, List<String> events) {

  /**
   * Copies both values.
   *
   * @param output every octet the engine sent, in order
   * @param events the host's event log entries
   */
  public Outcome {
    output = output.clone();
    events = List.copyOf(events);
  }

  /** {@return a copy of every octet the engine sent} */
  @Override
  public byte[] output() {
    return output.clone();
  }

  /** {@return the output decoded as UTF-8, for assertions} */
  public String outputText() {
    return new String(output, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Outcome other && Arrays.equals(output, other.output) && events.equals(other.events);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(output), events);
  }

  @Override
  public String toString() {
    return "Outcome[output=\"" + Escapes.show(output) + "\", events=" + events + "]";
  }
}
