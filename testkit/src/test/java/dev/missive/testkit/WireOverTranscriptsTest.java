package dev.missive.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.testkit.internal.Escapes;
import dev.missive.wire.DotStuffer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The wire module's framer and dot codec under the testkit (docs/architecture.md, "Dependency rules": wire's tests
 * that need the testkit live here): docs/security.md, "Fake end of data", "Bare CR or LF in a command line" and
 * "Split and truncated data" through the toy engine, each fed whole, byte by byte, at random and split at every
 * position.
 */
class WireOverTranscriptsTest {

  private static ChunkingCheck<ToyServer> check(String transcript) {
    return ChunkingCheck.of(Transcript.parse(transcript), Side.SERVER,
        () -> HostedEngine.of(new ToyServer(new ManualTime().fixedEnvironment()), ToyHosts.server(true)));
  }

  /** docs/security.md, "Fake end of data": none of these ends the data; the smuggled command is message content. */
  @ParameterizedTest
  @ValueSource(strings = {"\\n.\\n", "\\r.\\r", "\\r.\\n", "\\n.\\r", "\\n.\\r\\n", "\\r\\n.\\n", "\\r.\\r\\n",
      "\\r\\n.\\r", "\\r\\n.\\r\\r\\n", "\\r\\r\\n.\\r\\r\\n", "\\r\\n\\x00.\\r\\n", "\\r\\n.\\x00\\r\\n"})
  void onlyCrlfDotCrlfEndsData(String smuggle) {
    ChunkingCheck<ToyServer> c = check("""
        S: +OK toy ready
        C: DATA
        S: +OK send data
        C! first%sECHO smuggled\\r\\nDATA\\r\\nsecond\\r\\n.\\r\\n
        S? \\+OK \\d+ octets
        C: ECHO after
        S: +OK after
        """.formatted(smuggle));
    Outcome whole = c.assertIndependent(5);
    c.assertEverySplitPosition();
    assertThat(whole.outputText()).doesNotContain("+OK smuggled").doesNotContain("+OK send data\r\n+OK send data");
    assertThat(whole.events()).hasSize(1);
    assertThat(whole.events().get(0)).contains("ECHO smuggled\\r\\nDATA\\r\\nsecond\\r\\n");
  }

  /** docs/security.md, "Bare CR or LF in a command line": a bare LF or bare CR never makes a command. */
  @ParameterizedTest
  @ValueSource(strings = {"ECHO bare\\n", "ECHO bare\\rECHO x\\r\\n"})
  void bareLineEndingsAreNeverCommands(String line) {
    Outcome o = check("S: +OK toy ready\nC! " + line + "\nS: -ERR bare line ending\n").assertIndependent(5);
    assertThat(o.outputText()).doesNotContain("+OK bare");
  }

  /** docs/security.md, "Split and truncated data": input that ends inside the terminator delivers nothing. */
  @Test
  void truncatedDataDeliversNothing() {
    Outcome o = check("""
        S: +OK toy ready
        C: DATA
        S: +OK send data
        C! almost\\r\\n.\\r
        -- eof --
        -- closed --
        """).assertIndependent(5);
    assertThat(o.events()).isEmpty();
  }

  @Test
  void overLongCommandLinesKeepFramingInSync() {
    check("S: +OK toy ready\nC: ECHO " + "x".repeat(200) + "\nC: ECHO next\nS: -ERR line too long\nS: +OK next\n")
        .assertIndependent(5);
  }

  @Provide
  Arbitrary<String> dottyText() {
    return Arbitraries.strings().withChars('.', 'a', ' ', '\r', '\n').ofMaxLength(60);
  }

  /** Stuffed by wire's DotStuffer, unstuffed by the engine's DotUnstuffer: the canonical text comes back. */
  @Property(tries = 200)
  void stuffingRoundTripsThroughAnySplit(@ForAll("dottyText") String text, @ForAll long seed) {
    byte[] content = text.getBytes(StandardCharsets.US_ASCII);
    byte[] stuffed = stuff(content);
    ChunkingCheck<ToyServer> c = check("S: +OK toy ready\nC: DATA\nS: +OK send data\nC! " + Escapes.show(stuffed)
        + "\nS? \\+OK \\d+ octets\n");
    Outcome o = c.assertSameAsWhole(Feeding.random(seed));
    String canonical = text.replaceAll("\r\n|\r|\n", "\r\n");
    if (!canonical.isEmpty() && !canonical.endsWith("\r\n")) {
      canonical += "\r\n";
    }
    assertThat(o.events()).isEqualTo(List.of("message " + canonical.length() + " \""
        + Escapes.show(canonical.getBytes(StandardCharsets.US_ASCII)) + "\""));
  }

  private static byte[] stuff(byte[] content) {
    DotStuffer s = new DotStuffer();
    ByteBuffer in = ByteBuffer.wrap(content);
    ByteBuffer out = ByteBuffer.allocate(16);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    while (in.hasRemaining()) {
      s.encode(in, out);
      all.write(out.array(), 0, out.position());
      out.clear();
    }
    while (!s.finish(out)) {
      all.write(out.array(), 0, out.position());
      out.clear();
    }
    all.write(out.array(), 0, out.position());
    return all.toByteArray();
  }
}
