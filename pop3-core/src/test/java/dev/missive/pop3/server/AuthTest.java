package dev.missive.pop3.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.testkit.ChunkingCheck;
import dev.missive.testkit.EngineHost;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.ManualTime;
import dev.missive.testkit.Side;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.TlsInfo;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** AUTH (RFC 5034) through the sasl module: framing, initial responses, cancel, failures and the TLS policy. */
class AuthTest {

  private static SaslServerMechanisms mechanisms() {
    return SaslServerMechanisms.builder()
        .plain((user, password) -> user.equals("test") && new String(password).equals("test"))
        .cramMd5(user -> user.equals("tim")
            ? Optional.of("tanstaaftanstaaf".getBytes(StandardCharsets.US_ASCII)) : Optional.empty())
        .cramMd5Challenges(() -> "<1896.697170952@postoffice.reston.mci.net>")
        .build();
  }

  private static MemoryStore store() {
    return MemoryStore.rfc1939().user("test", "unused").user("tim", "unused");
  }

  private static Pop3HandlerServer server(ConnectionSecurity security) {
    return new Pop3HandlerServer(Fixtures.rfcConfig().sasl(mechanisms()).build(),
        Fixtures.rfcEnvironment(new ManualTime()), Fixtures.peer(security), session -> store());
  }

  @ParameterizedTest
  @ValueSource(strings = {"pop3/server/rfc5034-auth-plain.txt", "pop3/server/rfc2195-cram-md5.txt"})
  void rfcExamplesWhateverTheSplits(String name) {
    ChunkingCheck.of(Fixtures.transcript(name), Side.SERVER, () -> {
      ManualTime time = new ManualTime();
      return HostedEngine.of(new Pop3HandlerServer(Fixtures.rfcConfig().sasl(mechanisms()).build(),
          Fixtures.rfcEnvironment(time), Fixtures.peer(ConnectionSecurity.TRUSTED), session -> store()),
          EngineHost.none(), time);
    }).assertIndependent(10);
  }

  @Test
  void initialResponseAndEmptyInitialResponse() {
    Pop3HandlerServer s = Fixtures.greeted(server(ConnectionSecurity.IMPLICIT_TLS));
    assertThat(Fixtures.exchange(s, "AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=\r\n")).startsWith("+OK test's maildrop");
    Pop3HandlerServer t = Fixtures.greeted(server(ConnectionSecurity.IMPLICIT_TLS));
    // "=" is an empty initial response (RFC 5034 §4): PLAIN finds it malformed, which is a failed login
    assertThat(Fixtures.exchange(t, "AUTH PLAIN =\r\n")).startsWith("-ERR");
  }

  @Test
  void starCancelsAndWrongCredentialsFailWithAuthCode() {
    Pop3HandlerServer s = Fixtures.greeted(server(ConnectionSecurity.IMPLICIT_TLS));
    assertThat(Fixtures.exchange(s, "AUTH PLAIN\r\n")).isEqualTo("+ \r\n");
    assertThat(Fixtures.exchange(s, "*\r\n")).isEqualTo("-ERR authentication cancelled\r\n");
    assertThat(Fixtures.exchange(s, "AUTH PLAIN AHRlc3QAd3Jvbmc=\r\n"))          // \0test\0wrong
        .isEqualTo("-ERR [AUTH] authentication failed\r\n");
    assertThat(Fixtures.exchange(s, "AUTH PLAIN\r\n!!!not base64\r\n"))     // the third failed login
        .isEqualTo("+ \r\n-ERR [AUTH] too many failed logins\r\n");
    assertThat(s.isClosed()).isTrue();
  }

  @Test
  void aResponseThatIsNotBase64IsRefused() {
    Pop3HandlerServer s = Fixtures.greeted(server(ConnectionSecurity.IMPLICIT_TLS));
    assertThat(Fixtures.exchange(s, "AUTH PLAIN\r\n!!!\r\n"))
        .isEqualTo("+ \r\n-ERR malformed authentication response\r\n");
    assertThat(s.isClosed()).isFalse();
  }

  @Test
  void anAuthorizationIdentityWithLineBreaksIsNeverEchoed() {
    SaslServerMechanisms anyone = SaslServerMechanisms.builder().plain((user, password) -> true)
        .authorizationPolicy((authcid, authzid) -> true).build();
    for (String authzid : new String[] {"evil\r\n+OK injected", "caf\u00e9", "\u2028x"}) {
      Pop3HandlerServer s = Fixtures.greeted(new Pop3HandlerServer(Fixtures.rfcConfig().sasl(anyone).build(),
          Fixtures.rfcEnvironment(new ManualTime()), Fixtures.peer(ConnectionSecurity.IMPLICIT_TLS),
          session -> store()));
      String response = java.util.Base64.getEncoder()
          .encodeToString((authzid + "\0test\0test").getBytes(StandardCharsets.UTF_8));
      assertThat(Fixtures.exchange(s, "AUTH PLAIN " + response + "\r\n"))
          .isEqualTo("+OK maildrop has 0 messages (0 octets)\r\n");
    }
  }

  @Test
  void unknownMechanismIsRefusedAndTheSessionGoesOn() {
    Pop3HandlerServer s = Fixtures.greeted(server(ConnectionSecurity.IMPLICIT_TLS));
    assertThat(Fixtures.exchange(s, "AUTH KERBEROS_V4\r\n")).isEqualTo("-ERR unrecognized authentication type\r\n");
    assertThat(Fixtures.exchange(s, "AUTH\r\n")).isEqualTo("+OK SASL mechanisms follow\r\nPLAIN\r\nCRAM-MD5\r\n.\r\n");
  }

  @Test
  void plainBeforeTlsIsRefusedAndHiddenFromCapa() {
    Pop3HandlerServer s = Fixtures.greeted(server(ConnectionSecurity.PLAINTEXT));
    assertThat(Fixtures.exchange(s, "CAPA\r\n")).contains("\r\nSASL CRAM-MD5\r\n");
    assertThat(Fixtures.exchange(s, "AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=\r\n")).startsWith("-ERR [AUTH] ");
    Fixtures.exchange(s, "STLS\r\n");
    s.streamChanged(TlsInfo.unknown());
    assertThat(Fixtures.exchange(s, "CAPA\r\n")).contains("\r\nSASL PLAIN CRAM-MD5\r\n");
    assertThat(Fixtures.exchange(s, "AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=\r\n")).startsWith("+OK test's maildrop");
  }

  /** What {@code action} writes to System.err, where the tests' slf4j-simple logs. */
  static String stderrOf(Runnable action) {
    java.io.PrintStream old = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(old);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  /** Issue 12 item 3: SMTP answers 454 4.7.0 (RFC 4954 §6); POP3 the same temporary failure, -ERR [SYS/TEMP]. */
  @ParameterizedTest
  @ValueSource(strings = {"AUTH X-BOOM aHVudGVyMg==\r\n", "AUTH X-BOOM\r\naHVudGVyMg==\r\n"})
  void aMechanismThatThrowsIsATemporaryFailureLoggedOnceWithoutTheSecret(String commands) {
    SaslServerMechanisms boom = SaslServerMechanisms.builder()
        .custom("X-BOOM", false, () -> new dev.missive.sasl.SaslServerMechanism() {
          @Override
          public String name() {
            return "X-BOOM";
          }

          @Override
          public dev.missive.sasl.SaslServerStep evaluate(byte[] response) {
            if (response == null) {
              return new dev.missive.sasl.SaslServerStep.Challenge(new byte[0]);
            }
            throw new IllegalStateException("cannot check " + new String(response, StandardCharsets.UTF_8));
          }

          @Override
          public boolean isComplete() {
            return false;
          }
        }).build();
    Pop3HandlerServer s = Fixtures.greeted(new Pop3HandlerServer(Fixtures.rfcConfig().sasl(boom).build(),
        Fixtures.rfcEnvironment(new ManualTime()), Fixtures.peer(ConnectionSecurity.IMPLICIT_TLS),
          session -> store()));
    String[] reply = new String[1];
    String log = stderrOf(() -> reply[0] = Fixtures.exchange(s, commands));
    assertThat(reply[0]).endsWith("-ERR [SYS/TEMP] authentication is not possible now\r\n");
    assertThat(s.isClosed()).isFalse();
    assertThat(log.lines().filter(l -> l.contains("X-BOOM"))).singleElement().asString()
        .contains("[pop3-", "AUTH X-BOOM failed temporarily", "IllegalStateException")
        .doesNotContain("hunter2", "aHVudGVyMg");
    assertThat(log).doesNotContain("hunter2");
    assertThat(Fixtures.exchange(s, "AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=\r\n")).startsWith("-ERR unrecognized");
  }

  @Test
  void anOverlongResponseEndsTheExchangeInBoundedMemory() {
    Pop3HandlerServer s = Fixtures.greeted(server(ConnectionSecurity.IMPLICIT_TLS));
    Fixtures.exchange(s, "AUTH PLAIN\r\n");
    String reply = Fixtures.exchange(s, "A".repeat(Pop3Limits.DEFAULT.maxAuthResponseLength() + 10) + "\r\n");
    assertThat(reply).isEqualTo("-ERR authentication response too long\r\n");
    assertThat(Fixtures.exchange(s, "NOOP\r\n")).startsWith("-ERR NOOP is not valid"); // back to commands
  }

  @Test
  void aResponseWithABareLineEndingEndsTheExchange() {
    Pop3HandlerServer s = Fixtures.greeted(server(ConnectionSecurity.IMPLICIT_TLS));
    assertThat(Fixtures.exchange(s, "AUTH PLAIN\r\nAHRlc3QAdGVzdA==\n"))
        .isEqualTo("+ \r\n-ERR malformed authentication response\r\n");
    assertThat(Fixtures.exchange(s, "NOOP\r\n")).startsWith("-ERR NOOP is not valid"); // back to commands
  }
}
