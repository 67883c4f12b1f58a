package dev.missive.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TranscriptRunnerTest {

  static List<Feeding> feedings() {
    return List.of(Feeding.whole(), Feeding.byteByByte(), Feeding.random(1), Feeding.random(2));
  }

  private static Outcome playServer(String transcript, Feeding feeding) {
    return playServer(transcript, feeding, true);
  }

  private static Outcome playServer(String transcript, Feeding feeding, boolean accept) {
    ManualTime time = new ManualTime();
    HostedEngine<ToyServer> hosted =
        HostedEngine.of(new ToyServer(time.environment()), ToyHosts.server(accept), time);
    return new TranscriptRunner<>(Side.SERVER, hosted).feeding(feeding).play(Transcript.parse(transcript));
  }

  private static final String SESSION = """
      S: +OK toy ready
      C: ECHO hello
      S: +OK hello
      # a pipelined turn: two commands before waiting
      C: ECHO one
      C: ECHO two
      S: +OK one
      S: +OK two
      C: DECIDE tuesday
      S: +OK accepted tuesday
      C: DATA
      S: +OK send data
      C: ..leading dot
      C: body
      C: .
      S: +OK 20 octets
      C: QUIT
      S: +OK bye
      -- closed --
      """;

  @ParameterizedTest
  @MethodSource("feedings")
  void playsAServerSessionTurnByTurn(Feeding feeding) {
    Outcome o = playServer(SESSION, feeding);
    assertThat(o.outputText()).startsWith("+OK toy ready\r\n").endsWith("+OK bye\r\n");
    assertThat(o.events()).containsExactly("decide tuesday", "message 20 \".leading dot\\r\\nbody\\r\\n\"");
  }

  @Test
  void mismatchNamesLineFeedingExpectedAndActual() {
    String t = "S: +OK toy ready\nC: ECHO hi\nS: +OK ho\n";
    assertThatThrownBy(() -> playServer(t, Feeding.random(99)))
        .isInstanceOf(TranscriptMismatch.class)
        .hasMessageContaining("transcript line 3")
        .hasMessageContaining("random(seed=99)")
        .hasMessageContaining("+OK ho\\r\\n")
        .hasMessageContaining("+OK hi\\r\\n")
        .satisfies(e -> assertThat(((TranscriptMismatch) e).lineNumber()).isEqualTo(3));
  }

  @Test
  void missingAndUnexpectedOutputAreMismatches() {
    assertThatThrownBy(() -> playServer("S: +OK toy ready\nC: DECIDE x\nS: +OK accepted x\nS: +OK more\n",
        Feeding.whole()))
        .isInstanceOf(TranscriptMismatch.class).hasMessageContaining("line 4").hasMessageContaining("no more output");
    assertThatThrownBy(() -> playServer("C: ECHO x\n", Feeding.whole()))
        .isInstanceOf(TranscriptMismatch.class).hasMessageContaining("line 1")
        .hasMessageContaining("unexpected output before this line").hasMessageContaining("+OK toy ready");
    assertThatThrownBy(() -> playServer("S: +OK toy ready\nC: ECHO a\nC: ECHO b\nS: +OK a\n", Feeding.whole()))
        .isInstanceOf(TranscriptMismatch.class).hasMessageContaining("line 4")
        .hasMessageContaining("unexpected output after this line: \"+OK b\\r\\n\"");
  }

  @Test
  void patternsMatchWholeLines() {
    playServer("S? \\+OK \\w+ ready\nC: ECHO 1\nS? \\+OK \\d\n", Feeding.byteByByte());
    assertThatThrownBy(() -> playServer("S? \\+OK toy\n", Feeding.whole()))
        .isInstanceOf(TranscriptMismatch.class).hasMessageContaining("/\\+OK toy/");
  }

  @Test
  void rawLinesFeedAndExpectExactOctets() {
    Outcome o = playServer("S! +OK toy \nS! ready\\r\\n\nC! ECHO a\\r\\nECHO b\\r\\n\nS: +OK a\nS: +OK b\n",
        Feeding.byteByByte());
    assertThat(o.outputText()).isEqualTo("+OK toy ready\r\n+OK a\r\n+OK b\r\n");
  }

  @Test
  void bareLineFeedsAreNotCommandsAndOnlyCrlfDotCrlfEndsData() {
    playServer("""
        S: +OK toy ready
        C! ECHO smuggled\\n
        S: -ERR bare line ending
        C: DATA
        S: +OK send data
        C! a\\n.\\nECHO inside\\r\\n.\\r\\n
        S: +OK 16 octets
        """, Feeding.byteByByte());
  }

  @Test
  void tlsIsEstablishedBetweenTurnsAndBytesAfterStarttlsAreDropped() {
    // CVE-2011-0411: the command pipelined after STARTTLS must never run
    Outcome o = playServer("""
        S: +OK toy ready
        C! STARTTLS\\r\\nECHO injected\\r\\n
        S: +OK begin TLS
        C: STARTTLS
        S: -ERR TLS already active
        """, Feeding.random(3));
    assertThat(o.events()).containsExactly("tls unknown");
    assertThat(o.outputText()).doesNotContain("injected");
  }

  @Test
  void tlsMarkersAreStrict() {
    playServer("S: +OK toy ready\nC: STARTTLS\nS: +OK begin TLS\n-- tls --\nC: ECHO x\nS: +OK x\n", Feeding.whole());
    assertThatThrownBy(() -> playServer("S: +OK toy ready\n-- tls --\n", Feeding.whole()))
        .isInstanceOf(TranscriptMismatch.class).hasMessageContaining("line 2").hasMessageContaining("TLS");
    assertThatThrownBy(() -> playServer("""
        S: +OK toy ready
        C: STARTTLS
        S: +OK begin TLS
        C: ECHO x
        S: +OK x
        C: STARTTLS
        S: +OK begin TLS
        -- tls --
        """, Feeding.whole()))
        .isInstanceOf(TranscriptMismatch.class).hasMessageContaining("line 4").hasMessageContaining("-- tls --");
  }

  @Test
  void timeoutAdvancesManualTimeToTheDeadline() {
    Outcome o = playServer("S: +OK toy ready\n-- timeout --\nS: -ERR idle timeout\n-- closed --\n", Feeding.whole());
    assertThat(o.outputText()).endsWith("-ERR idle timeout\r\n");
    HostedEngine<ToyServer> noTime = HostedEngine.of(new ToyServer(new ManualTime().fixedEnvironment()), EngineHost.none());
    assertThatThrownBy(() -> TranscriptRunner.playServer(Transcript.parse("S: +OK toy ready\n-- timeout --"), noTime))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ManualTime");
  }

  @Test
  void eofAndClosedMarkers() {
    playServer("S: +OK toy ready\n-- eof --\n-- closed --\n", Feeding.whole());
    assertThatThrownBy(() -> playServer("S: +OK toy ready\n-- closed --\n", Feeding.whole()))
        .isInstanceOf(TranscriptMismatch.class).hasMessageContaining("closed");
  }

  @Test
  void aHostThatNeverDecidesIsReported() {
    HostedEngine<ToyServer> lazy = HostedEngine.of(new ToyServer(new ManualTime().fixedEnvironment()), EngineHost.none());
    assertThatThrownBy(() -> TranscriptRunner.playServer(
        Transcript.parse("S: +OK toy ready\nC: DECIDE x\nC: ECHO y\n"), lazy))
        .isInstanceOf(TranscriptMismatch.class).hasMessageContaining("line 2")
        .hasMessageContaining("stopped consuming");
  }

  @Test
  void patternsCannotBeFedAndRunnersPlayOnce() {
    TranscriptRunner<ToyServer> r = new TranscriptRunner<>(Side.SERVER,
        HostedEngine.of(new ToyServer(new ManualTime().fixedEnvironment()), EngineHost.none()));
    assertThatThrownBy(() -> r.play(Transcript.parse("S: +OK toy ready\nC? ECHO .*\n")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2");
    assertThatThrownBy(() -> r.play(Transcript.parse("")))
        .isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest
  @MethodSource("feedings")
  void playsAClientSession(Feeding feeding) {
    ToyClient client = new ToyClient(List.of("ECHO hi", "STARTTLS", "ECHO secret", "QUIT"));
    Outcome o = new TranscriptRunner<>(Side.CLIENT, HostedEngine.of(client, ToyHosts.client()))
        .feeding(feeding)
        .play(Transcript.parse("""
            S: +OK toy ready
            C: ECHO hi
            S: +OK hi
            C: STARTTLS
            S: +OK begin TLS
            -- tls --
            C: ECHO secret
            S: +OK secret
            C: QUIT
            S: +OK bye
            -- closed --
            """));
    assertThat(o.events()).containsExactly("+OK toy ready", "+OK hi", "+OK begin TLS", "+OK secret", "+OK bye");
    assertThat(client.tls()).isEqualTo(dev.missive.wire.TlsInfo.unknown());
  }

  @ParameterizedTest
  @MethodSource("feedings")
  void undrainedTripsTheSynchronisationCheckOnPurpose(Feeding feeding) {
    playServer("""
        S: +OK toy ready
        -- undrained --
        C: ECHO too early
        S: -ERR sync: talked before the greeting
        -- closed --
        """, feeding);
  }

  @Test
  void outputOverItsLimitIsDrainedWithinATurn() {
    StringBuilder t = new StringBuilder("S: +OK toy ready\n");
    for (int i = 0; i < 100; i++) {
      t.append("C: ECHO ").append(i).append('\n');
    }
    for (int i = 0; i < 100; i++) {
      t.append("S: +OK ").append(i).append('\n');
    }
    for (Feeding f : feedings()) {
      HostedEngine<ToyServer> small = HostedEngine.of(
          new ToyServer(new ManualTime().fixedEnvironment(), 32, ToyServer.DEFAULT_IDLE_NANOS), EngineHost.none());
      Outcome o = new TranscriptRunner<>(Side.SERVER, small).feeding(f).play(Transcript.parse(t.toString()));
      assertThat(o.outputText()).endsWith("+OK 99\r\n");
    }
  }
}
