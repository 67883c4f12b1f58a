package dev.missive.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ChunkingCheckTest {

  private static final Transcript SESSION = Transcript.parse("""
      S: +OK toy ready
      C: ECHO one
      C: DECIDE two
      S: +OK one
      S: -ERR rejected two
      C: DATA
      S: +OK send data
      C: line
      C: ..dotted
      C: .
      S: +OK 15 octets
      C: QUIT
      S: +OK bye
      -- closed --
      """);

  private static final ChunkingCheck<ToyServer> CHECK = ChunkingCheck.of(SESSION, Side.SERVER,
      () -> HostedEngine.of(new ToyServer(new ManualTime().fixedEnvironment()), ToyHosts.server(false)));

  @Test
  void aChunkingIndependentEngineGivesOneOutcome() {
    Outcome whole = CHECK.assertIndependent(10);
    assertThat(whole.events()).containsExactly("decide two", "message 15 \"line\\r\\n.dotted\\r\\n\"");
    assertThat(CHECK.assertEverySplitPosition()).isEqualTo(whole);
    assertThat(CHECK.assertSameOutcome(Feeding.chunksOf(3), Feeding.chunksOf(7))).isEqualTo(whole);
  }

  @Property(tries = 50)
  void anyRandomSplit(@ForAll long seed) {
    CHECK.assertSameAsWhole(Feeding.random(seed));
  }

  @Test
  void aSplitDependentEventLogIsCaughtAndTheSeedNamed() {
    EngineHost<ToyServer> chunkCounter = (server, log) -> {
      for (ToyServer.Event e; (e = server.nextEvent()) != null; ) {
        if (e instanceof ToyServer.DataChunk c) {
          log.add("chunk " + c.bytes().length);     // depends on the split: a host bug the check must catch
        } else if (e instanceof ToyServer.Decide) {
          server.decide(true);
        }
      }
    };
    ChunkingCheck<ToyServer> check = ChunkingCheck.of(Transcript.parse("""
        S: +OK toy ready
        C: DATA
        S: +OK send data
        C: some content
        C: .
        S: +OK 14 octets
        """), Side.SERVER, () -> HostedEngine.of(new ToyServer(new ManualTime().fixedEnvironment()), chunkCounter));
    assertThatThrownBy(() -> check.assertSameOutcome(Feeding.random(77)))
        .isInstanceOf(TranscriptMismatch.class)
        .hasMessageContaining("random(seed=77)")
        .hasMessageContaining("event 0 differs")
        .hasMessageContaining("chunk 14");
  }

  @Test
  void aFailingRunNamesItsFeeding() {
    // the engine ignores the bytes of a receive call that ends inside a line: a classic chunking bug
    ChunkingCheck<LineAtATime> check = ChunkingCheck.of(Transcript.parse("C: ECHO hi\nS: +OK hi\n"), Side.SERVER,
        () -> HostedEngine.of(new LineAtATime(), EngineHost.none()));
    check.run(Feeding.whole());
    assertThatThrownBy(() -> check.assertIndependent(0))
        .isInstanceOf(TranscriptMismatch.class)
        .hasMessageContaining("byte-by-byte")
        .hasMessageContaining("line 2");
  }

  @Test
  void differingOutputIsShownAtTheFirstDifferentOctet() {
    String d = ChunkingCheck.difference(new Outcome("+OK a\r\n".getBytes(), java.util.List.of()),
        new Outcome("+OK b\r\n".getBytes(), java.util.List.of()));
    assertThat(d).contains("octet 4").contains("+OK a\\r\\n").contains("+OK b\\r\\n");
  }

  /** A broken engine that treats every receive call as a whole line. */
  static final class LineAtATime implements dev.missive.wire.ProtocolEngine {
    private final StringBuilder out = new StringBuilder();

    @Override
    public void receive(java.nio.ByteBuffer in) {
      String s = java.nio.charset.StandardCharsets.US_ASCII.decode(in).toString();
      if (s.startsWith("ECHO ") && s.endsWith("\r\n")) {
        out.append("+OK ").append(s, 5, s.length());
      }
    }

    @Override
    public void receiveEnd() {}

    @Override
    public boolean hasOutput() {
      return out.length() > 0;
    }

    @Override
    public void drainOutput(java.nio.ByteBuffer b) {
      b.put(out.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.setLength(0);
    }

    @Override
    public Status status() {
      return Status.NEEDS_INPUT;
    }

    @Override
    public java.util.OptionalLong nextDeadline() {
      return java.util.OptionalLong.empty();
    }

    @Override
    public void onTimeout() {}

    @Override
    public java.util.Optional<dev.missive.wire.StreamChange> pendingStreamChange() {
      return java.util.Optional.empty();
    }

    @Override
    public void streamChanged(dev.missive.wire.StreamLayer layer) {
      throw new IllegalStateException("no stream change pending");
    }

    @Override
    public dev.missive.wire.EngineEnvironment environment() {
      return new ManualTime().fixedEnvironment();
    }

    @Override
    public void shutdown() {}
  }
}
