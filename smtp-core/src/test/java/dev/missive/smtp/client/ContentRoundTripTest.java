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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Outbound smuggling from end to end (docs/security.md, "Outbound smuggling"): any body over CR, LF, '.' and text,
 * sent by the client engine with DATA or BDAT, arrives at the server engine as exactly one message, CRLF-canonical,
 * with its dots intact.
 */
class ContentRoundTripTest {

  @Provide
  Arbitrary<String> bodies() {
    return Arbitraries.strings().withChars("\r\n.aZ ").ofMaxLength(200);
  }

  /** Every bare CR or LF becomes CRLF; with {@code completeLastLine} an unfinished last line gets its CRLF. */
  static byte[] canonical(String body, boolean completeLastLine) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\r' || c == '\n') {
        out.writeBytes(new byte[] {'\r', '\n'});
        if (c == '\r' && i + 1 < body.length() && body.charAt(i + 1) == '\n') {
          i++;
        }
      } else {
        out.write(c);
      }
    }
    byte[] bytes = out.toByteArray();
    boolean ended = bytes.length == 0 || bytes[bytes.length - 1] == '\n';
    if (completeLastLine && !ended) {
      out.writeBytes(new byte[] {'\r', '\n'});
    }
    return out.toByteArray();
  }

  private static AcceptingServerHost send(String body, boolean chunking) {
    ManualTime time = new ManualTime();
    SendingHost client = new SendingHost()
        .message(Envelope.of("a@example.org", "b@example.org"), body)
        .message(Envelope.of("a@example.org", "c@example.org"), "second\r\n");
    AcceptingServerHost server = new AcceptingServerHost();
    InMemoryPair<SmtpClient, SmtpServer> pair = new InMemoryPair<>(
        HostedEngine.of(new SmtpClient(SmtpClientConfig.builder().ehloName("client.example").tlsPolicy(TlsPolicy.NONE)
            .chunking(chunking).build(), time.environment(1)), client, time),
        HostedEngine.of(new SmtpServer(SmtpServerConfig.builder().hostname("mx.example").build(),
            time.environment(2),
                new PeerInfo("[192.0.2.1]", "rt", ConnectionSecurity.PLAINTEXT)), server, time),
        time);
    pair.drive();
    assertThat(client.events(TransactionResult.class)).extracting(TransactionResult::outcome)
        .containsExactly(Outcome.ACCEPTED, Outcome.ACCEPTED);
    return server;
  }

  @Property(tries = 100)
  void dataBodiesArriveCanonicalAndWhole(@ForAll("bodies") String body) {
    assertRoundTrip(body, false);
  }

  @Property(tries = 100)
  void bdatBodiesArriveCanonicalAndWhole(@ForAll("bodies") String body) {
    assertRoundTrip(body, true);
  }

  /** After DATA the last line is completed (the terminator needs it); BDAT sends the octets as they are. */
  private static void assertRoundTrip(String body, boolean chunking) {
    AcceptingServerHost server = send(body, chunking);
    assertThat(server.messages()).hasSize(2);
    assertThat(new String(server.messages().get(0), StandardCharsets.ISO_8859_1))
        .isEqualTo(new String(canonical(body, !chunking), StandardCharsets.ISO_8859_1));
  }
}
