package dev.missive.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.testkit.ManualTime;
import java.nio.ByteBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * docs/architecture.md, "Errors" and "Tests": the server is total over a restricted alphabet of CR, LF, dot, NUL,
 * space and verb letters; any split gives the same output; output stays bounded.
 */
class FuzzTest {

  private static final String ALPHABET_WORDS = "\r|\n|.|\u0000| |:|<|>|@|EHLO a|MAIL FROM:|RCPT TO:|DATA|BDAT |"
      + "LAST|RSET|NOOP|QUIT|AUTH PLAIN|STARTTLS|x|1|9|\u00ff";

  @Provide
  Arbitrary<String> sessions() {
    return Arbitraries.of(ALPHABET_WORDS.split("\\|", -1)).list().ofMaxSize(200).map(l -> String.join("", l));
  }

  private static String run(String input, int[] splits) {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.builder().hostname("mx.example.org")
        .synchronizationCheck(false).build());
    byte[] bytes = input.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    StringBuilder out = new StringBuilder();
    int at = 0;
    int i = 0;
    while (at < bytes.length && !d.smtp.isClosed()) {
      int n = Math.max(1, Math.min(bytes.length - at, splits.length == 0 ? bytes.length : splits[i++ % splits.length]));
      ByteBuffer in = ByteBuffer.wrap(bytes, at, n);
      d.smtp.receive(in);
      d.pump();
      out.append(d.drain());
      at = in.position();
    }
    if (!d.smtp.isClosed()) {
      d.smtp.receiveEnd();
      d.pump();
    }
    out.append(d.drain());
    return out + "|" + d.eventNames();
  }

  @Property(tries = 200)
  void neverThrowsAndIgnoresTheSplit(@ForAll("sessions") String input, @ForAll int seed) {
    String whole = run(input, new int[0]);
    java.util.Random r = new java.util.Random(seed);
    int[] splits = r.ints(16, 1, 8).toArray();
    assertThat(run(input, splits)).isEqualTo(whole);
    assertThat(run(input, new int[] {1})).isEqualTo(whole);
  }

  @Property(tries = 200)
  void neverThrowsOnRandomOctets(@ForAll byte[] octets) {
    ServerFixtures.Driver d = new ServerFixtures.Driver(SmtpServerConfig.defaults("mx.example.org"));
    d.drain();
    ManualTime unused = d.time;
    d.send(octets, 0, octets.length);
    d.pump();
    d.drain();
    if (!d.smtp.isClosed()) {
      d.smtp.receiveEnd();
      d.pump();
    }
    assertThat(d.smtp.isClosed() || d.smtp.wantsInput() || d.smtp.pendingDecision().isPresent()).isTrue();
    assertThat(ManualTime.DEFAULT_SEED).isNotZero();
  }
}
