package dev.missive.imap.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.imap.store.InMemoryMailStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What the in-memory store and the handler engine keep per session: {@code \Recent} as RFC 3501 §2.3.2 gives it to
 * IMAP4rev1 sessions and RFC 9051 drops it, the mailbox names CREATE and RENAME accept (RFC 9051 §5.1, §6.3.4,
 * §6.3.6), and how an idling session learns of changes (RFC 9051 §6.3.13).
 */
class StoreSemanticsTest {

  private static String exchange(ImapHandlerServer s, String text) {
    return Sessions.exchange(s, text);
  }

  @Test
  void recentGoesToTheFirstReadWriteSessionOnly() {
    InMemoryMailStore store = Sessions.store();
    ImapHandlerServer a = Sessions.loggedIn(store);
    ImapHandlerServer b = Sessions.loggedIn(store);
    assertThat(exchange(a, "s STATUS INBOX (RECENT)\r\n")).startsWith("* STATUS INBOX (RECENT 1)\r\n");
    // EXAMINE shows it and keeps it recent (RFC 3501 §6.3.2)
    assertThat(exchange(b, "e EXAMINE INBOX\r\n")).contains("* 1 RECENT\r\n");
    assertThat(exchange(b, "f FETCH 1 FLAGS\r\n")).startsWith("* 1 FETCH (FLAGS (\\Recent))\r\n");
    assertThat(exchange(a, "s SELECT INBOX\r\n")).contains("* 1 RECENT\r\n");
    assertThat(exchange(a, "f FETCH 1 FLAGS\r\n")).startsWith("* 1 FETCH (FLAGS (\\Recent))\r\n");
    assertThat(exchange(b, "u UNSELECT\r\n")).isEqualTo("u OK UNSELECT completed\r\n");
    assertThat(exchange(b, "s SELECT INBOX\r\n")).contains("* 0 RECENT\r\n");
    assertThat(exchange(b, "f FETCH 1 FLAGS\r\n")).startsWith("* 1 FETCH (FLAGS ())\r\n");
    assertThat(exchange(b, "t STATUS INBOX (RECENT)\r\n")).startsWith("* STATUS INBOX (RECENT 0)\r\n");

    // a delivery is recent to the first read-write session told of it (a selected first), to no other; an
    // IMAP4rev1 client gets the new RECENT count with the EXISTS (RFC 3501 §7.3.2)
    store.deliver("alice", "INBOX", Sessions.HELLO);
    assertThat(exchange(a, "g NOOP\r\n")).isEqualTo("* 2 EXISTS\r\n* 2 RECENT\r\ng OK NOOP completed\r\n");
    assertThat(exchange(b, "g NOOP\r\n")).isEqualTo("* 2 EXISTS\r\n* 0 RECENT\r\ng OK NOOP completed\r\n");
    assertThat(exchange(a, "h FETCH 2 FLAGS\r\n")).isEqualTo("* 2 FETCH (FLAGS (\\Recent))\r\nh OK FETCH completed\r\n");
    assertThat(exchange(b, "h FETCH 2 FLAGS\r\n")).isEqualTo("* 2 FETCH (FLAGS ())\r\nh OK FETCH completed\r\n");
    // STORE does not clear it (RFC 3501 §2.3.2): the FETCH after a replacing STORE still shows it
    assertThat(exchange(a, "i STORE 2 FLAGS (\\Seen)\r\n")).startsWith("* 2 FETCH (FLAGS (\\Recent \\Seen))\r\n");
    assertThat(exchange(a, "j SEARCH RECENT\r\n")).startsWith("* SEARCH 1 2\r\n");
  }

  @Test
  void recentCountFollowsArrivalsAndExpungesWhileIdling() {
    InMemoryMailStore store = Sessions.store();
    ImapHandlerServer a = Sessions.loggedIn(store);
    assertThat(exchange(a, "s SELECT INBOX\r\n")).contains("* 1 EXISTS\r\n").contains("* 1 RECENT\r\n");
    assertThat(exchange(a, "d STORE 1 +FLAGS.SILENT (\\Deleted)\r\n")).isEqualTo("d OK +FLAGS completed\r\n");
    assertThat(exchange(a, "x EXPUNGE\r\n")).isEqualTo("* 1 EXPUNGE\r\nx OK EXPUNGE completed\r\n");
    assertThat(exchange(a, "i IDLE\r\n")).isEqualTo("+ idling\r\n");
    store.deliver("alice", "INBOX", Sessions.HELLO);
    a.changesArrived();
    // the expunged recent message no longer counts (RFC 3501 §7.3.2: the number of messages with \Recent)
    assertThat(Sessions.drain(a)).isEqualTo("* 1 EXISTS\r\n* 1 RECENT\r\n");
    store.deliver("alice", "INBOX", Sessions.HELLO);
    a.changesArrived();
    assertThat(Sessions.drain(a)).isEqualTo("* 2 EXISTS\r\n* 2 RECENT\r\n");
    assertThat(exchange(a, "DONE\r\n")).startsWith("i OK");
  }

  @Test
  void imap4rev2SessionsNeverSeeRecent() {
    InMemoryMailStore store = Sessions.store();
    ImapHandlerServer a = Sessions.loggedIn(store);
    exchange(a, "e ENABLE IMAP4rev2\r\n");
    assertThat(exchange(a, "s SELECT INBOX\r\n")).doesNotContain("RECENT");
    assertThat(exchange(a, "f FETCH 1 FLAGS\r\n")).startsWith("* 1 FETCH (FLAGS ())\r\n");
    assertThat(exchange(a, "g STORE 1 +FLAGS (\\Seen)\r\n")).startsWith("* 1 FETCH (FLAGS (\\Seen))\r\n");
    store.deliver("alice", "INBOX", Sessions.HELLO); // RFC 9051 Appendix E: no RECENT response at all
    assertThat(exchange(a, "n NOOP\r\n")).isEqualTo("* 2 EXISTS\r\nn OK NOOP completed\r\n");
  }

  @Test
  void createAndRenameRefuseInvalidNamesAndKeepTheHierarchy() {
    InMemoryMailStore store = Sessions.store();
    ImapHandlerServer a = Sessions.loggedIn(store);
    assertThat(exchange(a, "c1 CREATE \"a%b\"\r\n")).isEqualTo("c1 NO [CANNOT] Invalid mailbox name: a list wildcard\r\n");
    assertThat(exchange(a, "c2 CREATE a//b\r\n"))
        .isEqualTo("c2 NO [CANNOT] Invalid mailbox name: an empty hierarchy level\r\n");
    assertThat(exchange(a, "c3 CREATE /top\r\n"))
        .isEqualTo("c3 NO [CANNOT] Invalid mailbox name: an empty hierarchy level\r\n");
    // modified UTF-7 has no TAB (the decoder refuses it); a UTF-8 name can carry one, the store refuses it
    assertThat(exchange(a, "c4 CREATE {3+}\r\na\tb\r\n")).startsWith("c4 BAD ");
    exchange(a, "e ENABLE UTF8=ACCEPT\r\n");
    assertThat(exchange(a, "c4 CREATE {3+}\r\na\tb\r\n"))
        .isEqualTo("c4 NO [CANNOT] Invalid mailbox name: a control character\r\n");
    assertThat(exchange(a, "c5 CREATE inbox\r\n")).isEqualTo("c5 NO [ALREADYEXISTS] Mailbox already exists\r\n");
    assertThat(exchange(a, "c6 CREATE Work/\r\n")).isEqualTo("c6 OK CREATE completed\r\n");
    assertThat(exchange(a, "r1 RENAME Work Work/Old\r\n"))
        .isEqualTo("r1 NO [CANNOT] A mailbox cannot move under itself\r\n");
    assertThat(exchange(a, "r2 RENAME Work \"Work*\"\r\n"))
        .isEqualTo("r2 NO [CANNOT] Invalid mailbox name: a list wildcard\r\n");
    assertThat(exchange(a, "r3 RENAME Work Archive/2026/Work\r\n")).isEqualTo("r3 OK RENAME completed\r\n");
    assertThat(store.mailboxNames("alice")).containsExactly("Archive", "Archive/2026", "Archive/2026/Work", "INBOX");
  }

  /** RFC 5258 §3.5 and its example in §5 (example 5): RECURSIVEMATCH lists parents of subscribed names. */
  @Test
  void listExtendedSelectionOptions() {
    InMemoryMailStore store = Sessions.store();
    ImapHandlerServer a = Sessions.loggedIn(store);
    assertThat(exchange(a, "c CAPABILITY\r\n")).contains(" LIST-EXTENDED ");
    exchange(a, "c1 CREATE Fruit/Apple\r\nc2 CREATE Tofu/Mushroom\r\nc3 CREATE Vegetable\r\n");
    exchange(a, "s1 SUBSCRIBE Fruit\r\ns2 SUBSCRIBE Fruit/Apple\r\ns3 SUBSCRIBE Tofu/Mushroom\r\n");
    assertThat(exchange(a, "l1 LIST (SUBSCRIBED RECURSIVEMATCH) \"\" % RETURN (CHILDREN)\r\n")).isEqualTo(
        "* LIST (\\HasChildren \\Subscribed) \"/\" Fruit (CHILDINFO (\"SUBSCRIBED\"))\r\n"
        + "* LIST (\\HasNoChildren \\Subscribed) \"/\" INBOX\r\n"
        + "* LIST (\\HasChildren) \"/\" Tofu (CHILDINFO (\"SUBSCRIBED\"))\r\n"
        + "l1 OK LIST completed\r\n");
    assertThat(exchange(a, "l2 LIST (SUBSCRIBED) \"\" %\r\n")).isEqualTo(
        "* LIST (\\HasChildren \\Subscribed) \"/\" Fruit\r\n"
        + "* LIST (\\HasNoChildren \\Subscribed) \"/\" INBOX\r\n"
        + "l2 OK LIST completed\r\n");
    assertThat(exchange(a, "l3 LIST (REMOTE) \"\" Veg*\r\n")).isEqualTo(
        "* LIST (\\HasNoChildren) \"/\" Vegetable\r\nl3 OK LIST completed\r\n");
    assertThat(exchange(a, "l4 LIST \"\" Fruit/% RETURN (SUBSCRIBED)\r\n")).isEqualTo(
        "* LIST (\\HasNoChildren \\Subscribed) \"/\" Fruit/Apple\r\nl4 OK LIST completed\r\n");
    // the decoder's explanation cites the RFC with a section sign: written in 7 bits (it threw before)
    assertThat(exchange(a, "l5 LIST (RECURSIVEMATCH) \"\" %\r\n"))
        .startsWith("l5 BAD ").contains("(RFC 9051 section 6.3.9.1)").endsWith("\r\n");
    assertThat(exchange(a, "i ID (\"" + "f".repeat(31) + "\" \"x\")\r\n"))
        .startsWith("i BAD ").contains("RFC 2971 section 3.3");
  }

  @Test
  void anIdlingSessionIsWokenInsteadOfPolledWhenTheHostSaysSo() {
    InMemoryMailStore store = Sessions.store();
    ImapHandlerServer a = Sessions.loggedIn(store);
    AtomicInteger wakeups = new AtomicInteger();
    a.changeDelivery(Duration.ZERO, wakeups::incrementAndGet);
    exchange(a, "s SELECT INBOX\r\n");
    long before = a.nextDeadline().orElseThrow(); // the idle timeout only
    assertThat(exchange(a, "i IDLE\r\n")).isEqualTo("+ idling\r\n");
    assertThat(a.nextDeadline().orElseThrow()).isEqualTo(before); // no poll
    store.deliver("alice", "INBOX", Sessions.HELLO);
    assertThat(wakeups).hasValue(1);
    a.changesArrived();
    assertThat(Sessions.drain(a)).isEqualTo("* 2 EXISTS\r\n* 2 RECENT\r\n");
    assertThat(exchange(a, "DONE\r\n")).isEqualTo("i OK IDLE terminated\r\n");
    assertThatThrownBy(() -> a.changeDelivery(Duration.ZERO, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> a.changeDelivery(Duration.ofSeconds(-1), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void thePollPeriodIsTheHostsChoice() {
    InMemoryMailStore store = Sessions.store();
    ImapHandlerServer a = Sessions.loggedIn(store).changeDelivery(Duration.ofMillis(250), null);
    exchange(a, "s SELECT INBOX\r\n");
    exchange(a, "i IDLE\r\n");
    long now = a.environment().now();
    assertThat(a.nextDeadline().orElseThrow() - now).isEqualTo(Duration.ofMillis(250).toNanos());
  }
}
