package dev.missive.pop3.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.pop3.server.Pop3HandlerServer;
import dev.missive.pop3.server.Pop3ServerConfig;
import dev.missive.testkit.EngineHost;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.InMemoryPair;
import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.TlsPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random TRANSACTION sessions of the client engine against the server engine, pipelined or not, checked against
 * a model of RFC 1939 §5–§6: exactly one answer per command in order (RFC 2449 §6.6), DELE of a deleted or
 * missing message refused, RSET undeleting, and UPDATE removing exactly the messages still marked at QUIT.
 */
class PairPropertyTest {

  private static final String[] MESSAGES = {"Subject: a\r\n\r\n.dot\r\n", "Subject: b\r\n\r\nbody\r\n",
      "Subject: c\r\n\r\n..\r\n.\r\n"};

  /** One host command: a verb and a message number (0 for none). */
  record Step(String verb, int n) {
  }

  @Provide
  Arbitrary<List<Step>> sessions() {
    Arbitrary<Step> step = Combinators.combine(
        Arbitraries.of("STAT", "LIST", "LISTN", "UIDL", "UIDLN", "RETR", "TOP", "DELE", "RSET", "NOOP"),
        Arbitraries.integers().between(1, 4)).as(Step::new);
    return step.list().ofMaxSize(12);
  }

  @Property(tries = 100)
  void answersMatchTheModel(@ForAll("sessions") List<Step> steps, @ForAll boolean pipelining) {
    Mailbox mailbox = new Mailbox("mrose", "tanstaaf", MESSAGES);
    ManualTime time = new ManualTime();
    Pop3Client client = new Pop3Client(Pop3ClientConfig.builder().login(Pop3Login.userPass("mrose", "tanstaaf"))
        .tlsPolicy(TlsPolicy.NONE).pipelining(pipelining).build(), time.environment(1));
    List<String> expected = new ArrayList<>();
    TreeSet<Integer> deleted = new TreeSet<>();
    for (Step s : steps) {
      queue(client, s);
      expected.add(model(s, deleted));
    }
    client.quit();
    expected.add("CommandCompleted[command=QUIT");
    InMemoryPair<Pop3Client, Pop3HandlerServer> pair = new InMemoryPair<>(
        HostedEngine.of(client, ClientFixtures.recordingHost()),
        HostedEngine.of(new Pop3HandlerServer(Pop3ServerConfig.builder().hostname("dewey").build(),
            time.environment(2), ClientFixtures.peer(ConnectionSecurity.TRUSTED), session -> mailbox),
            EngineHost.none()),
        time);
    pair.drive();
    List<String> log = pair.clientLog().entries();
    int first = indexOfPrefix(log, "LoggedIn[") + 1;
    List<String> answers = log.subList(first, log.size() - 1);
    assertThat(answers).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(answers.get(i)).as("answer %d to %s", i, i < steps.size() ? steps.get(i) : "QUIT")
          .startsWith(expected.get(i));
    }
    assertThat(log.get(log.size() - 1)).startsWith("Closed[orderly=true");
    assertThat(mailbox.log).containsExactly("update " + new ArrayList<>(deleted));
  }

  private static void queue(Pop3Client c, Step s) {
    switch (s.verb()) {
      case "STAT": c.stat(); break;
      case "LIST": c.list(); break;
      case "LISTN": c.list(s.n()); break;
      case "UIDL": c.uidl(); break;
      case "UIDLN": c.uidl(s.n()); break;
      case "RETR": c.retrieve(s.n()); break;
      case "TOP": c.top(s.n(), 0); break;
      case "DELE": c.delete(s.n()); break;
      case "RSET": c.reset(); break;
      default: c.noop(); break;
    }
  }

  /** The start of the event RFC 1939 says the step gets, updating the deleted set. */
  private static String model(Step s, TreeSet<Integer> deleted) {
    boolean exists = s.n() <= MESSAGES.length && !deleted.contains(s.n());
    switch (s.verb()) {
      case "STAT":
        long size = 0;
        for (int i = 1; i <= MESSAGES.length; i++) {
          size += deleted.contains(i) ? 0 : MESSAGES[i - 1].length();
        }
        return "StatResult[count=" + (MESSAGES.length - deleted.size()) + ", size=" + size + "]";
      case "LIST":
        return "ListResult[";
      case "UIDL":
        return "UidlResult[";
      case "LISTN":
        return exists ? "ListResult[listings=[ScanListing[messageNumber=" + s.n() + ", size="
            + MESSAGES[s.n() - 1].length() + "]]]" : "CommandFailed[command=LIST " + s.n();
      case "UIDLN":
        return exists ? "UidlResult[listings=[UniqueIdListing[messageNumber=" + s.n() + ", uniqueId=id-" + s.n()
            : "CommandFailed[command=UIDL " + s.n();
      case "RETR":
        return exists ? "MessageEnd[messageNumber=" + s.n() + ", octets=" + MESSAGES[s.n() - 1].length()
            : "CommandFailed[command=RETR " + s.n();
      case "TOP":
        return exists ? "MessageEnd[messageNumber=" + s.n() : "CommandFailed[command=TOP " + s.n();
      case "DELE":
        if (exists) {
          deleted.add(s.n());
          return "CommandCompleted[command=DELE " + s.n();
        }
        return "CommandFailed[command=DELE " + s.n();
      case "RSET":
        deleted.clear();
        return "CommandCompleted[command=RSET";
      default:
        return "CommandCompleted[command=NOOP";
    }
  }

  private static int indexOfPrefix(List<String> log, String prefix) {
    for (int i = 0; i < log.size(); i++) {
      if (log.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no " + prefix + " in " + log);
  }
}
