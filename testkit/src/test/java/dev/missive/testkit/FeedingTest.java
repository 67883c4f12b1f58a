package dev.missive.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FeedingTest {

  private static List<Integer> pieces(Feeding f, int length) {
    Feeding.Splitter s = f.newSplitter();
    List<Integer> out = new ArrayList<>();
    for (int offset = 0; offset < length; ) {
      int n = s.next(offset, length - offset);
      out.add(n);
      offset += n;
    }
    return out;
  }

  @Test
  void wholeByteByByteChunksAndSplitAt() {
    assertThat(pieces(Feeding.whole(), 10)).containsExactly(10);
    assertThat(pieces(Feeding.byteByByte(), 3)).containsExactly(1, 1, 1);
    assertThat(pieces(Feeding.chunksOf(4), 10)).containsExactly(4, 4, 2);
    assertThat(pieces(Feeding.splitAt(3), 10)).containsExactly(3, 7);
    assertThat(pieces(Feeding.splitAt(30), 10)).containsExactly(10);
  }

  @Test
  void descriptionsNameTheSeed() {
    assertThat(Feeding.random(42)).hasToString("random(seed=42)");
    assertThat(Feeding.byteByByte()).hasToString("byte-by-byte");
  }

  @Test
  void randomIsReproducibleAndVaries() {
    assertThat(pieces(Feeding.random(7), 200)).isEqualTo(pieces(Feeding.random(7), 200));
    assertThat(pieces(Feeding.random(7), 200)).isNotEqualTo(pieces(Feeding.random(8), 200));
    assertThat(pieces(Feeding.random(7), 200)).hasSizeGreaterThan(2);
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> Feeding.chunksOf(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Feeding.splitAt(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 200)
  void randomPiecesCoverTheTurnExactly(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5000) int length) {
    List<Integer> p = pieces(Feeding.random(seed), length);
    assertThat(p).allSatisfy(n -> assertThat(n).isPositive());
    assertThat(p.stream().mapToInt(Integer::intValue).sum()).isEqualTo(length);
  }
}
