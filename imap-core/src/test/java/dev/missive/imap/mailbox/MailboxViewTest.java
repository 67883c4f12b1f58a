package dev.missive.imap.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.imap.SequenceSet;
import dev.missive.imap.command.FetchItem;
import dev.missive.imap.command.SearchKey;
import dev.missive.imap.command.SelectedCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The selected mailbox's view against a naive model of what the client must believe (RFC 9051 §7.4.1, §7.5.1):
 * random deliveries, expunges by another session, flag changes and announcement points; after each step the
 * view's numbering equals the client's, whose list only changes through the updates it was sent.
 */
class MailboxViewTest {

  record Step(int kind, int pick) {}

  @Provide
  Arbitrary<List<Step>> steps() {
    return Combinators.combine(Arbitraries.integers().between(0, 6), Arbitraries.integers().between(0, 1000))
        .as(Step::new).list().ofMaxSize(150);
  }

  @Property(tries = 200)
  void clientNumberingNeverGoesWrong(@ForAll("steps") List<Step> steps, @ForAll("initial") List<Long> initial) {
    MailboxView view = MailboxView.of(initial.stream().mapToLong(Long::longValue).toArray());
    TreeSet<Long> store = new TreeSet<>(initial);
    List<Long> client = new ArrayList<>(store);
    long nextUid = store.isEmpty() ? 1 : store.last() + 1 + 3;
    long highestSeen = store.isEmpty() ? 0 : store.last();
    for (Step s : steps) {
      switch (s.kind()) {
        case 0, 1 -> {
          view.added(nextUid);
          store.add(nextUid);
          nextUid += 1 + s.pick() % 3;
        }
        case 2, 3 -> {
          if (!store.isEmpty()) {
            long uid = new ArrayList<>(store).get(s.pick() % store.size());
            store.remove(uid);
            assertThat(view.expunged(uid)).isTrue();
            assertThat(view.expunged(uid)).isFalse();
          }
        }
        case 4 -> {
          if (!store.isEmpty()) {
            view.flagsChanged(new ArrayList<>(store).get(s.pick() % store.size()));
          }
        }
        default -> {
          UpdatePolicy policy = UpdatePolicy.values()[s.pick() % 3];
          for (MailboxUpdate u : view.announce(policy)) {
            if (u instanceof MailboxUpdate.Expunge e) {
              assertThat(policy.allowsExpunge()).isTrue();
              assertThat(client.get((int) e.seq() - 1)).isEqualTo(e.uid());
              client.remove((int) e.seq() - 1);
            } else if (u instanceof MailboxUpdate.Exists x) {
              assertThat(x.count()).isGreaterThanOrEqualTo(client.size());
              long maxKnown = highestSeen;
              store.stream().filter(uid -> uid > maxKnown).forEach(client::add);
              assertThat((long) client.size()).isEqualTo(x.count());
            } else {
              MailboxUpdate.FlagsChanged f = (MailboxUpdate.FlagsChanged) u;
              assertThat(client.get((int) f.seq() - 1)).isEqualTo(f.uid());
              assertThat(store).contains(f.uid());
            }
          }
          if (!client.isEmpty()) {
            highestSeen = Math.max(highestSeen, client.get(client.size() - 1));
          }
          if (policy.allowsExpunge()) {
            assertThat(client).containsExactlyElementsOf(store);
            assertThat(view.hasPendingUpdates()).isFalse();
          }
        }
      }
      // the view answers in the client's numbering, whatever is pending
      assertThat(view.size()).isEqualTo(client.size());
      for (int i = 0; i < client.size(); i++) {
        long uid = client.get(i);
        assertThat(view.uidAt(i + 1)).isEqualTo(uid);
        assertThat(view.seqOf(uid)).isEqualTo(i + 1);
        assertThat(view.isExpunged(uid)).isEqualTo(!store.contains(uid));
      }
      assertThat(client).containsAll(store.headSet(highestSeen, true));
    }
  }

  @Provide
  Arbitrary<List<Long>> initial() {
    return Arbitraries.longs().between(1, 200).set().ofMaxSize(40).map(s -> new ArrayList<>(new TreeSet<>(s)));
  }

  @Test
  void expungesGoLowestFirstWithShiftedNumbers() {
    // RFC 9051 §7.5.1: the last 5 messages of a 9-message mailbox, "lower to higher": five EXPUNGE 5
    MailboxView view = MailboxView.of(1, 2, 3, 4, 5, 6, 7, 8, 9);
    for (long u = 5; u <= 9; u++) {
      view.expunged(u);
    }
    assertThat(view.announce(UpdatePolicy.WITHOUT_EXPUNGE)).isEmpty();
    assertThat(view.size()).isEqualTo(9);
    assertThat(view.announce(UpdatePolicy.ALL)).containsExactly(new MailboxUpdate.Expunge(5, 5),
        new MailboxUpdate.Expunge(5, 6), new MailboxUpdate.Expunge(5, 7), new MailboxUpdate.Expunge(5, 8),
        new MailboxUpdate.Expunge(5, 9));
  }

  @Test
  void existsDuringFetchCountsUnannouncedExpunges() {
    MailboxView view = MailboxView.of(10, 11, 12);
    view.expunged(11);
    view.added(20);
    // RFC 9051 §5.2: an EXISTS never reduces the count; the expunged message keeps its number
    assertThat(view.announce(UpdatePolicy.WITHOUT_EXPUNGE)).containsExactly(new MailboxUpdate.Exists(4));
    assertThat(view.uidAt(2)).isEqualTo(11);
    assertThat(view.isExpunged(11)).isTrue();
    assertThat(view.uidAt(4)).isEqualTo(20);
    assertThat(view.announce(UpdatePolicy.ALL)).containsExactly(new MailboxUpdate.Expunge(2, 11));
    assertThat(view.seqOf(20)).isEqualTo(3);
  }

  @Test
  void addedAndExpungedBeforeAnnouncementIsNeverShown() {
    MailboxView view = MailboxView.of(1);
    view.added(2);
    view.expunged(2);
    assertThat(view.announce(UpdatePolicy.ALL)).isEmpty();
    assertThatThrownBy(() -> view.added(2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void policyFollowsRfc9051Section751() {
    SequenceSet one = SequenceSet.of(1);
    assertThat(UpdatePolicy.during(new SelectedCommand.Fetch("a", false, one, List.of(FetchItem.Simple.UID))))
        .isEqualTo(UpdatePolicy.WITHOUT_EXPUNGE);
    assertThat(UpdatePolicy.during(new SelectedCommand.Fetch("a", true, one, List.of(FetchItem.Simple.UID))))
        .isEqualTo(UpdatePolicy.ALL);
    assertThat(UpdatePolicy.during(new SelectedCommand.Search("a", false, Optional.empty(), Optional.empty(),
        new SearchKey.All()))).isEqualTo(UpdatePolicy.WITHOUT_EXPUNGE);
    assertThat(UpdatePolicy.during(new SelectedCommand.Copy("a", false, one, "x", false)))
        .isEqualTo(UpdatePolicy.ALL);
    assertThat(UpdatePolicy.NO_COMMAND.allowsExpunge()).isFalse();
  }

  @Test
  void setsResolveInTheClientsNumbering() {
    MailboxView view = MailboxView.of(3, 4, 5, 9, 12, 13);
    List<String> seen = new ArrayList<>();
    view.forEach(SequenceSet.parse("2,4:*"), false, (seq, uid) -> seen.add(seq + "=" + uid));
    assertThat(seen).containsExactly("2=4", "4=9", "5=12", "6=13");
    seen.clear();
    view.forEach(SequenceSet.parse("1:4,9,20:*"), true, (seq, uid) -> seen.add(seq + "=" + uid));
    // RFC 9051 §9: 20:* includes the last UID even though it is below 20
    assertThat(seen).containsExactly("1=3", "2=4", "4=9", "6=13");
    assertThat(view.inRange(SequenceSet.parse("1:6"))).isTrue();
    assertThat(view.inRange(SequenceSet.parse("7"))).isFalse();
    assertThat(MailboxView.of().inRange(SequenceSet.parse("*"))).isFalse();
  }
}
