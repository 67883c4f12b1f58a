package dev.missive.benchmarks.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs each message-format benchmark body once per {@link Sample} and checks that Missive and the peers saw the
 * same structure (entities) and the same decoded body octets, so the benchmark compares like for like.
 */
class ParsingSmokeTest {

  private static SampleBenchmark benchmark(Sample sample) {
    SampleBenchmark b = new SampleBenchmark();
    b.sample = sample.name();
    b.setUp();
    return b;
  }

  @ParameterizedTest
  @EnumSource(Sample.class)
  void everyTreeAndDecodingStreamSeesTheSameShape(Sample sample) {
    SampleBenchmark b = benchmark(sample);
    Shape missive = b.missiveTree();
    List<Supplier<Shape>> peers = List.of(b::mime4jDom, b::angusWalk, b::missiveStreamDecoded, b::mime4jStream);
    for (Supplier<Shape> peer : peers) {
      assertThat(peer.get()).as(sample + " shape").isEqualTo(missive);
    }
  }

  @ParameterizedTest
  @EnumSource(Sample.class)
  void rawStreamDeliversTheUndecodedBodiesAndTheScanCountsLines(Sample sample) {
    SampleBenchmark b = benchmark(sample);
    Shape raw = b.missiveStreamRaw();
    assertThat(raw.entities()).isEqualTo(b.missiveTree().entities());
    assertThat(raw.bodyBytes()).isGreaterThan(0).isLessThan(sample.bytes().length);
    assertThat(b.byteScan()).isEqualTo((int) new String(sample.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1)
        .chars().filter(c -> c == '\n').count());
  }
}
