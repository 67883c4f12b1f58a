package dev.missive.examples.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.Flag;
import dev.missive.imap.server.MailSession;
import dev.missive.imap.server.OpenMailbox;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code \Recent} in the Maildir store (RFC 3501 §2.3.2: "This session is the first session to have been notified
 * about this message"), kept as Maildir keeps it: a message in {@code new/} was never seen; the first read-write
 * session told of it (at SELECT, or as it arrives while the folder is selected) has it {@code \Recent} and moves it to
 * {@code cur/}; EXAMINE sees it recent without taking it (RFC 3501 §6.3.2 allows no change). STATUS RECENT counts
 * what the next session would see (RFC 3501 §6.3.10).
 */
class MaildirRecentTest {

  @TempDir
  java.nio.file.Path dir;

  /** A listener that records arrivals with whether they are recent to its session. */
  static final class Arrivals extends StoreFixture.Recorder {
    final List<String> added = new ArrayList<>();

    @Override
    public synchronized void messageAdded(long uid, boolean recent) {
      added.add(uid + (recent ? " recent" : ""));
    }
  }

  @Test
  void onlyTheFirstSessionThatSelectsSeesTheDeliveredMessagesRecent() throws Exception {
    StoreFixture f = new StoreFixture(dir);
    try (MailSession s = f.login()) {
      f.deliver("one");
      f.deliver("two");
      assertThat(s.status("INBOX").recent()).isEqualTo(2);
      try (OpenMailbox examined = s.select("INBOX", true, new Arrivals())) {
        assertThat(examined.snapshot().recent()).as("EXAMINE sees them recent").isEqualTo(2);
        assertThat(examined.message(1).flags()).contains(Flag.RECENT);
        assertThat(f.files("")).as("and leaves them in new/").allMatch(n -> n.startsWith("new/"));
      }
      try (OpenMailbox first = s.select("INBOX", false, new Arrivals())) {
        assertThat(first.snapshot().recent()).isEqualTo(2);
        assertThat(first.message(1).flags()).contains(Flag.RECENT);
        assertThat(first.message(2).flags()).contains(Flag.RECENT);
        assertThat(f.files("")).as("the first reader moves them to cur/").hasSize(2)
            .allMatch(n -> n.startsWith("cur/") && n.endsWith(":2,"));
        assertThat(s.status("INBOX").recent()).isZero();
        try (OpenMailbox second = s.select("INBOX", false, new Arrivals())) {
          assertThat(second.snapshot().recent()).isZero();
          assertThat(second.message(1).flags()).doesNotContain(Flag.RECENT);
        }
        assertThat(first.message(2).flags()).as("still recent to the first").contains(Flag.RECENT);
      }
    }
    try (MailSession s = f.restarted().login(); OpenMailbox after = s.select("INBOX", false, new Arrivals())) {
      assertThat(after.snapshot().recent()).as("seen before the restart").isZero();
    }
  }

  @Test
  void anArrivalIsRecentToTheFirstReadWriteSessionThatHoldsTheFolderOnly() throws Exception {
    StoreFixture f = new StoreFixture(dir);
    try (MailSession s = f.login()) {
      Arrivals examining = new Arrivals();
      Arrivals first = new Arrivals();
      Arrivals second = new Arrivals();
      try (OpenMailbox e = s.select("INBOX", true, examining);
           OpenMailbox a = s.select("INBOX", false, first);
           OpenMailbox b = s.select("INBOX", false, second)) {
        f.deliver("during"); // the SMTP side's delivery scans the INBOX at once
        assertThat(examining.added).containsExactly("1 recent");
        assertThat(first.added).containsExactly("1 recent");
        assertThat(second.added).containsExactly("1");
        assertThat(a.message(1).flags()).contains(Flag.RECENT);
        assertThat(b.message(1).flags()).doesNotContain(Flag.RECENT);
        assertThat(f.files("")).allMatch(n -> n.startsWith("cur/"));
        f.append(s, "INBOX", "appended", List.of(Flag.SEEN)); // RFC 3501 §6.3.11: recent to a session as well
        assertThat(first.added).containsExactly("1 recent", "2 recent");
        assertThat(second.added).containsExactly("1", "2");
      }
    }
  }
}
