package dev.missive.imap.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

/**
 * The memory a selected mailbox's view holds for 10 000 messages (issue 19's goal: at most 4 KiB with typical
 * UIDs), measured with JOL over the whole object graph. UIDs are assigned in order; "typical" mailboxes have lost
 * some messages since, singly or in batches. The printed numbers go into the report; the assertions hold the goal
 * for the typical profiles and a loose bound for a pathological one.
 */
class FootprintTest {

  private static long footprint(MailboxView view) {
    view.seqOf(1);  // the index is built, as it is in use
    return GraphLayout.parseInstance(view).totalSize();
  }

  /** 10 000 messages kept of UIDs assigned from 1, each deleted with the given chance, in batches of {@code batch}. */
  private static MailboxView mailbox(double deleted, int batch, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    UidSet uids = new UidSet();
    long uid = 1;
    while (uids.size() < 10_000) {
      if (random.nextDouble() < deleted / batch) {
        uid += 1 + random.nextInt(batch * 2 - 1);
        continue;
      }
      uids.add(uid++);
    }
    return new MailboxView(uids);
  }

  @Test
  void tenThousandMessages() {
    long contiguous = footprint(mailbox(0, 1, 1));
    long onePercent = footprint(mailbox(0.01, 1, 2));
    long tenPercentInBatches = footprint(mailbox(0.10, 10, 3));
    long fivePercentSingly = footprint(mailbox(0.05, 1, 4));
    long twentyPercentSingly = footprint(mailbox(0.20, 1, 5));
    System.out.printf("MailboxView of 10 000 messages: contiguous %d B, 1%% deleted %d B, 10%% in batches %d B, "
        + "5%% singly %d B, 20%% singly %d B%n", contiguous, onePercent, tenPercentInBatches, fivePercentSingly,
        twentyPercentSingly);
    assertThat(contiguous).isLessThanOrEqualTo(4096);
    assertThat(onePercent).isLessThanOrEqualTo(4096);
    assertThat(tenPercentInBatches).isLessThanOrEqualTo(4096);
    assertThat(twentyPercentSingly).isLessThanOrEqualTo(16 * 1024);
  }
}
