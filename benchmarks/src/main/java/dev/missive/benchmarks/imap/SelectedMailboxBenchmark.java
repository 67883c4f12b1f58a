package dev.missive.benchmarks.imap;

import dev.missive.imap.Flag;
import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.response.FetchAttribute;
import dev.missive.imap.server.ImapHandlerServer;
import dev.missive.imap.server.ImapServer;
import dev.missive.imap.server.ImapServerConfig;
import dev.missive.imap.server.ImapServerEvent;
import dev.missive.imap.server.SelectedMailbox;
import dev.missive.imap.store.InMemoryMailStore;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The selected mailbox at size (issue 18): SELECT (RFC 9051 §6.3.2: the engine builds its view of the UIDs) and
 * {@code UID FETCH 1:* (UID FLAGS)} (RFC 9051 §6.4.5, what a client sends to resynchronise) over a mailbox of
 * {@link #MESSAGES} messages whose UIDs have a gap after every second message (a mailbox with a history of
 * expunges: {@code MESSAGES / 2} UID ranges). The raw engine's methods answer its events directly, so they measure
 * the engine (view, encoder, output queue); {@link #handlerFetchUidFlags()} goes through {@link ImapHandlerServer}
 * over an {@link InMemoryMailStore} holding as many messages, so it adds the facade's and the store's work.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SelectedMailboxBenchmark {

  /** Messages in the mailbox. */
  public static final int MESSAGES = 100_000;

  private static final List<Flag> FLAGS = List.of(Flag.SEEN);
  private static final byte[] SELECT = "s SELECT INBOX\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FETCH = "f UID FETCH 1:* (UID FLAGS)\r\n".getBytes(StandardCharsets.US_ASCII);

  private final ByteBuffer out = ByteBuffer.allocate(64 * 1024);
  private UidSet uids;
  private ImapServer selecting;
  private ImapServer fetching;
  private ImapHandlerServer handler;

  /** Builds the UIDs, two logged-in raw sessions (one with the mailbox selected) and a handler session. */
  @Setup(Level.Trial)
  public void setUp() {
    uids = new UidSet();
    for (long i = 0; i < MESSAGES; i++) {
      uids.add(i / 2 * 3 + i % 2 + 1); // 1 2, 4 5, 7 8, ...: a gap after every second message
    }
    selecting = loggedIn();
    fetching = loggedIn();
    select(fetching);

    InMemoryMailStore store = new InMemoryMailStore();
    store.addUser("alice", "secret");
    byte[] message = "Subject: s\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < MESSAGES; i++) {
      store.deliver("alice", "INBOX", message);
    }
    handler = new ImapHandlerServer(store, config(), EngineEnvironment.system(),
        new PeerInfo("[127.0.0.1]", "bench-handler", ConnectionSecurity.TRUSTED));
    feed(handler, "a LOGIN alice secret\r\ns SELECT INBOX\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  private static ImapServerConfig config() {
    return ImapServerConfig.builder().failedLoginDelay(Duration.ZERO).maxBadCommands(1_000).build();
  }

  private ImapServer loggedIn() {
    ImapServer s = new ImapServer(config(), EngineEnvironment.system(),
        new PeerInfo("[127.0.0.1]", "bench", ConnectionSecurity.TRUSTED));
    drain(s); // the greeting first: input before it is drained is a synchronisation error
    s.receive(ByteBuffer.wrap("a LOGIN alice secret\r\n".getBytes(StandardCharsets.US_ASCII)));
    events(s);
    drain(s);
    return s;
  }

  /**
   * SELECT of the mailbox in a session that has it selected already (RFC 9051 §6.3.2: the previous one is closed).
   *
   * @return the octets of the answer
   */
  @Benchmark
  public long select() {
    return select(selecting);
  }

  /**
   * {@code UID FETCH 1:* (UID FLAGS)} answered by the raw engine's host, every message {@code \Seen}.
   *
   * @return the octets of the answer
   */
  @Benchmark
  public long fetchUidFlags() {
    fetching.receive(ByteBuffer.wrap(FETCH));
    ImapServerEvent e = events(fetching);
    long total = 0;
    UidSet messages = ((ImapServerEvent.FetchRequested) e).messages();
    long n = messages.size();
    for (long i = 1; i <= n; i++) {
      fetching.fetchResponse(messages.select(i), List.of(new FetchAttribute.Flags(FLAGS)));
      if (!fetching.wantsContent()) {
        total += drain(fetching);
      }
    }
    fetching.complete();
    return total + drain(fetching);
  }

  /**
   * {@code UID FETCH 1:* (UID FLAGS)} through the handler engine over the in-memory store.
   *
   * @return the octets of the answer
   */
  @Benchmark
  public long handlerFetchUidFlags() {
    return feed(handler, FETCH);
  }

  private long select(ImapServer s) {
    s.receive(ByteBuffer.wrap(SELECT));
    events(s);
    s.selected(SelectedMailbox.of(uids, 1, uids.last() + 1));
    return drain(s);
  }

  /** Answers the events that need no host data (login, bookkeeping); returns the first other decision. */
  private static ImapServerEvent events(ImapServer s) {
    for (ImapServerEvent e; (e = s.nextEvent()) != null; ) {
      if (e instanceof ImapServerEvent.LoginRequested) {
        s.accept();
      } else if (e instanceof ImapServerEvent.SelectRequested || e instanceof ImapServerEvent.FetchRequested) {
        return e;
      }
    }
    return null;
  }

  private long feed(ProtocolEngine engine, byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    long total = 0;
    total += drain(engine); // what came before (the greeting) is drained before the next input
    while (in.hasRemaining() || engine.hasOutput()) {
      if (in.hasRemaining() && engine.wantsInput()) {
        engine.receive(in);
      }
      total += drain(engine);
    }
    return total;
  }

  private long drain(ProtocolEngine engine) {
    long total = 0;
    while (engine.hasOutput()) {
      out.clear();
      engine.drainOutput(out);
      total += out.position();
    }
    return total;
  }
}
