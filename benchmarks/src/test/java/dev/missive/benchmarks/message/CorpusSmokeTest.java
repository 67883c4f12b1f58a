package dev.missive.benchmarks.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs each benchmark body once over the shared corpus (found through {@code missive.shared.dir}) and checks that
 * the set is read alike: Missive's tree and stream agree on every message, and Mime4j's DOM sees the same shape on
 * nearly all of them (the corpus holds damaged messages whose reading may differ, see message-format's corpus test).
 */
class CorpusSmokeTest {

  /**
   * The benchmark over the corpus; skipped when the corpus is absent, but failing under CI (docs/architecture.md, "Test
   * data outside the repository").
   */
  private static CorpusBenchmark benchmark() {
    String dir = dev.missive.benchmarks.SharedCorpus.folderOrSkip();
    CorpusBenchmark b = new CorpusBenchmark();
    b.corpus = dir;
    b.setUp();
    return b;
  }

  @Test
  void everyBenchmarkRunsOverTheWholeCorpus() {
    CorpusBenchmark b = benchmark();
    assertThat(b.messages.length).isGreaterThanOrEqualTo(30);
    Shape tree = b.missiveTree();
    assertThat(tree.entities()).isGreaterThan(b.messages.length);
    assertThat(b.missiveStreamDecoded()).isEqualTo(tree);
    assertThat(b.mime4jDom()).isEqualTo(b.mime4jStream());
    assertThat(b.angusWalk().entities()).isGreaterThanOrEqualTo(b.messages.length);
    assertThat(b.missiveStreamRaw().entities()).isGreaterThanOrEqualTo(b.messages.length);
    assertThat(b.byteScan()).isGreaterThan(b.messages.length);
  }

  @Test
  void missiveAndMime4jReadAlmostEveryCorpusMessageAlike() {
    CorpusBenchmark b = benchmark();
    Mime4jParsing mime4j = new Mime4jParsing();
    List<Integer> differing = new ArrayList<>();
    for (int i = 0; i < b.messages.length; i++) {
      if (!MissiveParsing.tree(b.messages[i]).equals(mime4j.dom(b.messages[i]))) {
        differing.add(i);
      }
    }
    assertThat(differing).as("messages read differently").hasSizeLessThanOrEqualTo(2);
  }
}
