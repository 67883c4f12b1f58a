package dev.missive.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.smtp.Envelope;
import dev.missive.smtp.client.SmtpClientEvent.Outcome;
import dev.missive.smtp.client.SmtpClientEvent.TransactionResult;
import dev.missive.smtp.server.SmtpServer;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.InMemoryPair;
import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.TlsPolicy;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Message content reaches the server engine whole, octet for octet, however the host hands it to the client
 * engine: in one call as the {@link SmtpClientEvent} example does, or in pieces of any size, after DATA (RFC 5321
 * §4.1.1.4, dot-stuffed on the way and unstuffed by the server) or in BDAT chunks (RFC 3030 §2), with and without
 * PIPELINING (RFC 2920). Before the content API took whole buffers, a 311 798-octet message written in one call
 * arrived as 65 538 octets after DATA and 8 192 with BDAT, and the transaction was reported accepted.
 */
class ContentStreamingTest {

  /** The size of the message that arrived truncated. */
  static final int ISSUE_SIZE = 311_798;

  /**
   * A CRLF-canonical text message of exactly {@code size} octets (at least 100) whose lines have random lengths,
   * some empty and some starting with a dot, so that stuffing changes the octets on the wire.
   */
  static byte[] message(int size, long seed) {
    Random random = new Random(seed);
    ByteArrayOutputStream out = new ByteArrayOutputStream(size);
    out.writeBytes("Subject: streaming\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    while (size - out.size() >= 300) {
      line(out, random, random.nextInt(201));
    }
    line(out, random, size - out.size() - 2);
    return out.toByteArray();
  }

  private static void line(ByteArrayOutputStream out, Random random, int length) {
    for (int i = 0; i < length; i++) {
      out.write(i == 0 && random.nextInt(8) == 0 ? '.' : 'a' + random.nextInt(26));
    }
    out.writeBytes(new byte[] {'\r', '\n'});
  }

  /** Sends {@code bodies} through a client and a server engine in memory; returns what the server committed. */
  static List<byte[]> sendInMemory(SendingHost client, boolean chunking, boolean pipelining) {
    ManualTime time = new ManualTime();
    AcceptingServerHost server = new AcceptingServerHost();
    InMemoryPair<SmtpClient, SmtpServer> pair = new InMemoryPair<>(
        HostedEngine.of(new SmtpClient(SmtpClientConfig.builder().ehloName("client.example").tlsPolicy(TlsPolicy.NONE)
            .chunking(chunking).pipelining(pipelining).build(), time.environment(1)), client, time),
        HostedEngine.of(new SmtpServer(SmtpServerConfig.builder().hostname("mx.example").build(),
            time.environment(2),
                new PeerInfo("[192.0.2.1]", "stream", ConnectionSecurity.PLAINTEXT)), server, time),
        time);
    pair.drive();
    assertThat(pair.client().isClosed()).as("the session ended with QUIT").isTrue();
    assertThat(server.events()).as("the server saw BDAT or DATA as asked")
        .anyMatch(e -> e.toString().contains("DataStart[chunked=" + chunking));
    return server.messages();
  }

  @ParameterizedTest(name = "chunking={0} pipelining={1}")
  @CsvSource({"false,false", "false,true", "true,false", "true,true"})
  void theIssuesMessageWrittenInOneCallArrivesWhole(boolean chunking, boolean pipelining) {
    byte[] body = message(ISSUE_SIZE, 12);
    assertThat(body).hasSize(ISSUE_SIZE);
    SendingHost client = new SendingHost().message(Envelope.of("a@example.org", "b@example.org"), body);
    List<byte[]> received = sendInMemory(client, chunking, pipelining);
    assertThat(client.events(TransactionResult.class)).singleElement()
        .satisfies(t -> assertThat(t.outcome()).isEqualTo(Outcome.ACCEPTED));
    assertThat(received).singleElement().satisfies(m -> assertThat(m).hasSize(ISSUE_SIZE).isEqualTo(body));
  }

  @Provide
  Arbitrary<Integer> sizes() {
    Arbitrary<Integer> small = Arbitraries.integers().between(0, 3_000);
    Arbitrary<Integer> medium = Arbitraries.integers().between(3_000, 70_000);
    Arbitrary<Integer> large = Arbitraries.integers().between(70_000, 400_000);
    return Arbitraries.frequencyOf(Tuple.of(12, small), Tuple.of(6, medium), Tuple.of(1, large));
  }

  /**
   * Any body over CR, LF, '.' and text, of any size, written in pieces of any sizes, arrives as its CRLF-canonical
   * form (after DATA with its last line completed, RFC 5321 §4.1.1.4), and is accepted.
   */
  @Property(tries = 200)
  void anySizeInAnyPiecesArrivesWhole(@ForAll("sizes") int size, @ForAll long seed,
      @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 70_000) Integer> pieces,
      @ForAll boolean chunking, @ForAll boolean pipelining) {
    Random random = new Random(seed);
    byte[] alphabet = "\r\n.aZ x".getBytes(StandardCharsets.US_ASCII);
    byte[] body = new byte[size];
    for (int i = 0; i < size; i++) {
      body[i] = alphabet[random.nextInt(alphabet.length)];
    }
    Iterator<Integer> cycle = new Iterator<>() {
      int next;

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Integer next() {
        return pieces.get(next++ % pieces.size());
      }
    };
    SendingHost client = new SendingHost().message(Envelope.of("a@example.org", "b@example.org"), body)
        .pieces(cycle::next);
    List<byte[]> received = sendInMemory(client, chunking, pipelining);
    assertThat(client.events(TransactionResult.class)).extracting(TransactionResult::outcome)
        .containsExactly(Outcome.ACCEPTED);
    String expected = new String(ContentRoundTripTest.canonical(new String(body, StandardCharsets.ISO_8859_1),
        !chunking), StandardCharsets.ISO_8859_1);
    assertThat(received).singleElement()
        .satisfies(m -> assertThat(new String(m, StandardCharsets.ISO_8859_1)).isEqualTo(expected));
  }
}
