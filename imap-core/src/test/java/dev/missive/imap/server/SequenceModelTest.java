package dev.missive.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.store.InMemoryMailStore;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The sequence-number model test of issue 18: random interleavings of two sessions' STORE, EXPUNGE, APPEND, IDLE,
 * NOOP and FETCH on one mailbox, with deliveries, each client's numbering rebuilt from nothing but the responses it
 * got (RFC 9051 §7.4.1 EXISTS, §7.5.1 EXPUNGE, §7.5.2 FETCH) and checked against every UID the server names: no
 * response ever puts a UID at a number where the client has another message, and once both have been told
 * everything (NOOP) their numbering is the store's.
 */
class SequenceModelTest {

  private static final Pattern EXISTS = Pattern.compile("\\* (\\d+) EXISTS");
  private static final Pattern EXPUNGE = Pattern.compile("\\* (\\d+) EXPUNGE");
  private static final Pattern FETCH_UID = Pattern.compile("\\* (\\d+) FETCH \\(.*UID (\\d+).*");

  /** What one client believes: the UID at each sequence number, 0 where it has not learnt it yet. */
  private static final class Client {
    final ImapHandlerServer engine;
    final List<Long> uids = new ArrayList<>();
    int tags;

    Client(ImapHandlerServer engine) {
      this.engine = engine;
    }

    String send(String command) {
      String out = Sessions.exchange(engine, command);
      read(out);
      return out;
    }

    String tag() {
      return "t" + ++tags;
    }

    void read(String output) {
      for (String line : output.split("\r\n")) {
        Matcher m;
        if ((m = EXISTS.matcher(line)).matches()) {
          int n = Integer.parseInt(m.group(1));
          assertThat(n).as("EXISTS never shrinks the mailbox (RFC 9051 §7.4.1)").isGreaterThanOrEqualTo(uids.size());
          while (uids.size() < n) {
            uids.add(0L);
          }
        } else if ((m = EXPUNGE.matcher(line)).matches()) {
          int n = Integer.parseInt(m.group(1));
          assertThat(n).as("EXPUNGE of a message the client knows").isBetween(1, uids.size());
          uids.remove(n - 1);
        } else if ((m = FETCH_UID.matcher(line)).matches()) {
          int n = Integer.parseInt(m.group(1));
          long uid = Long.parseLong(m.group(2));
          assertThat(n).as("FETCH of a message the client knows").isBetween(1, uids.size());
          long known = uids.get(n - 1);
          assertThat(known == 0 || known == uid).as("message %d is UID %d for the client, not %d", n, known, uid)
              .isTrue();
          uids.set(n - 1, uid);
        }
      }
    }
  }

  @Provide
  Arbitrary<List<Integer>> steps() {
    return Arbitraries.integers().between(0, 99).list().ofMaxSize(40);
  }

  @Property(tries = 100)
  void twoSessionsKeepTheirNumbersRight(@ForAll("steps") List<Integer> steps) {
    InMemoryMailStore store = Sessions.store();
    store.deliver("alice", "INBOX", Sessions.HELLO);
    store.deliver("alice", "INBOX", Sessions.HELLO);
    Client[] clients = {new Client(Sessions.loggedIn(store)), new Client(Sessions.loggedIn(store))};
    for (Client c : clients) {
      c.send("s SELECT INBOX\r\n");
      c.send("f UID FETCH 1:* (UID)\r\n");
    }
    for (int step : steps) {
      Client c = clients[step % 2];
      int action = step / 2 % 10;
      int size = c.uids.size();
      int n = size == 0 ? 0 : 1 + step * 7 % size;
      switch (action) {
        case 0 -> store.deliver("alice", "INBOX", Sessions.HELLO);
        case 1 -> {
          if (n > 0) {
            c.send(c.tag() + " STORE " + n + " +FLAGS (\\Deleted)\r\n");
          }
        }
        case 2 -> c.send(c.tag() + " EXPUNGE\r\n");
        case 3 -> c.send(c.tag() + " APPEND INBOX {5+}\r\nhello\r\n");
        case 4 -> c.send(c.tag() + " NOOP\r\n");
        case 5 -> {
          if (size > 0) {
            c.send(c.tag() + " FETCH 1:* (UID FLAGS)\r\n");
          }
        }
        case 6 -> c.send(c.tag() + " UID FETCH 1:* (FLAGS)\r\n");
        case 7 -> {
          if (n > 0) {
            c.send(c.tag() + " UID STORE " + c.uids.get(n - 1) + " -FLAGS (\\Seen)\r\n");
          }
        }
        case 8 -> {
          String tag = c.tag();
          c.send(tag + " IDLE\r\n");
          store.deliver("alice", "INBOX", Sessions.HELLO);
          c.engine.onTimeout();
          c.read(Sessions.drain(c.engine));
          assertThat(c.send("DONE\r\n")).endsWith(tag + " OK IDLE terminated\r\n");
        }
        default -> {
          if (n > 0) {
            c.send(c.tag() + " SEARCH ALL\r\n");
          }
        }
      }
      for (Client other : clients) {
        other.engine.status(); // the store's reports reach each engine
      }
    }
    List<Long> inStore = store.messages("alice", "INBOX").stream().map(StoredMessage::uid).toList();
    for (Client c : clients) {
      c.send("z NOOP\r\n");
      if (!c.uids.isEmpty()) {
        c.send("y FETCH 1:* (UID)\r\n");
      }
      assertThat(c.uids).isEqualTo(inStore);
    }
  }
}
