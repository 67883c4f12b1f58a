package dev.missive.pop3.server;

import dev.missive.pop3.MaildropEntry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.pop3.Pop3Response;
import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random input over a restricted alphabet (CR, LF, '.', NUL, space, digits and verb letters; docs/architecture.md,
 * "Tests"):
 * the engine never throws, every reply is a CRLF line that starts with {@code +OK}, {@code -ERR}, a listing
 * line or {@code +} (SASL), and the output is the same whether the input is fed whole or byte by byte.
 */
class FuzzTest {

  /** PLAIN that lets anyone act as anyone, so hostile identities reach the engine. */
  private static final dev.missive.sasl.SaslServerMechanisms ANYONE = dev.missive.sasl.SaslServerMechanisms
      .builder().plain((user, password) -> true).authorizationPolicy((authcid, authzid) -> true).build();

  private static String run(byte[] input, boolean byteByByte) {
    ManualTime time = new ManualTime();
    Pop3Server s = new Pop3Server(Fixtures.rfcConfig().sasl(ANYONE).build(), Fixtures.rfcEnvironment(time),
        Fixtures.peer(ConnectionSecurity.TRUSTED));
    StringBuilder out = new StringBuilder(Fixtures.drain(s));
    ByteBuffer in = ByteBuffer.wrap(input);
    while (in.hasRemaining() && !s.isClosed()) {
      ByteBuffer piece = byteByByte ? in.slice(in.position(), 1) : in.slice();
      if (s.wantsInput()) {
        s.receive(piece);
        in.position(in.position() + piece.position());
      }
      answer(s);
      out.append(Fixtures.drain(s));
      if (s.pendingStreamChange().isPresent()) {
        // the host drops every plaintext byte it read but did not feed (docs/architecture.md, "The TLS pause"); what
        // a real client sends
        // after the handshake is TLS, so this plaintext stream ends here in every chunking alike
        s.streamChanged(dev.missive.wire.TlsInfo.unknown());
        in.position(in.limit());
      }
    }
    return out.toString();
  }

  /** A host that says yes to everything and serves one small message with dots and bare line ends. */
  private static void answer(Pop3Server s) {
    for (Pop3ServerEvent e; (e = s.nextEvent()) != null; ) {
      if (e instanceof Pop3ServerEvent.LoginRequested) {
        s.accept();
      } else if (e instanceof Pop3ServerEvent.ApopSecretRequested) {
        s.reject(Pop3Response.err("no"));
      } else if (e instanceof Pop3ServerEvent.MaildropOpenRequested) {
        s.maildropOpened(List.of(new MaildropEntry(12, "a"), new MaildropEntry(3, "bad id")));
      } else if (e instanceof Pop3ServerEvent.RetrieveRequested) {
        s.content(ByteBuffer.wrap("H: v\n\n.\r.x\n".getBytes(StandardCharsets.US_ASCII)));
        s.contentEnd();
      } else if (e instanceof Pop3ServerEvent.UpdateRequested) {
        s.accept();
      }
    }
  }

  @Property(tries = 300)
  void neverThrowsAndRepliesAreWellFormed(@ForAll("commands") String text) {
    byte[] input = text.getBytes(StandardCharsets.ISO_8859_1);
    String whole = run(input, false);
    for (String line : whole.split("\r\n", -1)) {
      assertThat(line).doesNotContain("\r").doesNotContain("\n");
    }
    assertThat(whole).endsWith("\r\n");
    assertThat(run(input, true)).isEqualTo(whole);
  }

  @Provide
  Arbitrary<String> commands() {
    Arbitrary<String> tokens = Arbitraries.of("USER u", "PASS p", "STAT", "LIST", "LIST 1", "RETR 1", "RETR 2",
        "TOP 1 0", "TOP 1 1", "DELE 1", "DELE 2", "RSET", "NOOP", "UIDL", "UIDL 2", "CAPA", "QUIT", "STLS",
        "UTF8", "AUTH", "APOP u 0123456789abcdef0123456789abcdef", "\r\n", "\n", "\r", ".", "\0", " ", "1", "x",
        "RETR 0", "LIST -1", "list", "Top", "AUTH PLAIN", "AUTH PLAIN =", "AUTH LOGIN", "*", "=",
        "AUTH PLAIN YQ0KK09LIHgAdQBw", "w6kAdQBw", "AHUAcA==", "AAA=");
    return tokens.list().ofMaxSize(25).map(l -> String.join("", l));
  }
}
