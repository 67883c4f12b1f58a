package dev.missive.imap.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.imap.SequenceSet;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The compact UID set against a plain sorted set. */
class UidSetTest {

  record Op(int kind, long a, long b) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Long> uid = Arbitraries.oneOf(Arbitraries.longs().between(1, 300),
        Arbitraries.longs().between(SequenceSet.MAX_NUMBER - 5, SequenceSet.MAX_NUMBER));
    return Combinators.combine(Arbitraries.integers().between(0, 4), uid, Arbitraries.longs().between(0, 40))
        .as((k, a, len) -> new Op(k, a, Math.min(SequenceSet.MAX_NUMBER, a + len))).list().ofMaxSize(120);
  }

  @Property(tries = 200)
  void behavesLikeASortedSet(@ForAll("ops") List<Op> ops) {
    UidSet set = new UidSet();
    TreeSet<Long> ref = new TreeSet<>();
    for (Op op : ops) {
      switch (op.kind()) {
        case 0 -> assertThat(set.add(op.a())).isEqualTo(ref.add(op.a()));
        case 1 -> assertThat(set.remove(op.a())).isEqualTo(ref.remove(op.a()));
        case 2 -> {
          long before = ref.size();
          for (long u = op.a(); u <= op.b(); u++) {
            ref.add(u);
          }
          assertThat(set.addRange(op.a(), op.b())).isEqualTo(ref.size() - before);
        }
        case 4 -> {
          UidSet other = new UidSet();
          long removed = 0;
          for (long u = op.a(); u <= op.b(); u += 2) {
            other.add(u);
            removed += ref.remove(u) ? 1 : 0;
          }
          assertThat(set.removeAll(other)).isEqualTo(removed);
        }
        default -> {
          // queries in the middle of changes (the index is rebuilt on demand)
          assertThat(set.contains(op.a())).isEqualTo(ref.contains(op.a()));
        }
      }
      check(set, ref);
    }
  }

  private static void check(UidSet set, TreeSet<Long> ref) {
    assertThat(set.size()).isEqualTo(ref.size());
    assertThat(set.last()).isEqualTo(ref.isEmpty() ? 0 : ref.last());
    List<Long> sorted = new ArrayList<>(ref);
    for (int i = 0; i < sorted.size(); i++) {
      assertThat(set.select(i + 1)).isEqualTo(sorted.get(i));
      assertThat(set.rank(sorted.get(i))).isEqualTo(i + 1);
    }
    assertThat(set.select(0)).isZero();
    assertThat(set.select(sorted.size() + 1)).isZero();
    for (long probe : new long[] {1, 2, 150, 299, 300, 301, SequenceSet.MAX_NUMBER}) {
      assertThat(set.rank(probe)).isEqualTo(ref.contains(probe) ? sorted.indexOf(probe) + 1 : 0);
    }
    List<Long> fromRuns = new ArrayList<>();
    int[] runs = {0};
    long[] prev = {-1};
    set.forEachRun((a, b) -> {
      assertThat(a).isGreaterThan(prev[0] + 1);
      for (long u = a; u <= b; u++) {
        fromRuns.add(u);
      }
      prev[0] = b;
      runs[0]++;
    });
    assertThat(fromRuns).isEqualTo(sorted);
    assertThat(set.runCount()).isEqualTo(runs[0]);
  }

  @Test
  void sequenceSetRoundTrip() {
    UidSet s = UidSet.of(SequenceSet.parse("1:5,7,9:10,4294967295"));
    assertThat(s.size()).isEqualTo(9);
    assertThat(s.toSequenceSet().format()).isEqualTo("1:5,7,9:10,4294967295");
    assertThat(new UidSet().toSequenceSet()).isNull();
    assertThatThrownBy(() -> s.add(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.add(SequenceSet.MAX_NUMBER + 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
