package dev.missive.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.sasl.Authentication;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.smtp.SmtpExtension;
import dev.missive.testkit.Outcome;
import dev.missive.wire.ConnectionSecurity;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** AUTH (RFC 4954) through the sasl module, with the RFCs' own vectors, and docs/security.md, "Logins before TLS", "Long command lines and paths" and "Secrets". */
class AuthTest {

  /** Failed AUTH answered at once: for the tests that are not about the delay (see {@link AuthFailureDelayTest}). */
  static final SmtpLimits NO_DELAY = SmtpLimits.builder().authFailureDelay(java.time.Duration.ZERO).build();

  static SaslServerMechanisms mechanisms() {
    return SaslServerMechanisms.builder()
        .cramMd5(user -> user.equals("tim") ? Optional.of("tanstaaftanstaaf".getBytes(StandardCharsets.UTF_8))
            : Optional.empty())
        .plain((user, password) -> user.equals("test") && new String(password).equals("1234"))
        .login((user, password) -> user.equals("test") && new String(password).equals("1234"))
        .cramMd5Challenges(() -> "<1896.697170952@postoffice.reston.mci.net>")
        .build();
  }

  private static SmtpServerConfig config(String host) {
    return SmtpServerConfig.builder().hostname(host).authMechanisms(mechanisms()).tlsAvailable(true)
        .extensions(SmtpExtension.AUTH, SmtpExtension.ENHANCED_STATUS_CODES, SmtpExtension.STARTTLS)
        .limits(NO_DELAY).build();
  }

  /**
   * A peer the host declares {@link ConnectionSecurity#TRUSTED} (loopback) may use PLAIN and LOGIN before TLS, as in
   * POP3 and IMAP (docs/security.md, "Logins before TLS"); a plaintext peer is offered only CRAM-MD5 and refused
   * PLAIN with 538 5.7.11 (RFC 4954 §4, §6); STARTTLS stays offered to both.
   */
  @Test
  void aTrustedPeerMayUsePlaintextMechanismsBeforeTls() {
    ServerFixtures.Driver trusted = ServerFixtures.Driver.greeted(config("mx.example.org"),
        ConnectionSecurity.TRUSTED);
    assertThat(trusted.exchange("EHLO c.example\r\n")).contains("250-AUTH CRAM-MD5 PLAIN LOGIN\r\n", "STARTTLS");
    assertThat(trusted.exchange("AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=\r\n"))
        .isEqualTo("235 2.7.0 Authentication successful\r\n");
    ServerFixtures.Driver plain = ServerFixtures.Driver.greeted(config("mx.example.org"),
        ConnectionSecurity.PLAINTEXT);
    assertThat(plain.exchange("EHLO c.example\r\n")).contains("250-AUTH CRAM-MD5\r\n", "STARTTLS");
    assertThat(plain.exchange("AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=\r\n")).startsWith("538 5.7.11 ");
  }

  @Test
  void rfc4954PlainOnlyAfterStartTls() {
    Outcome o = ServerFixtures.playEveryWay("auth-rfc4954.txt", config("smtp.example.com"), ScriptedHost::new);
    assertThat(o.events()).contains("AuthSucceeded[mechanism=PLAIN, authorizationId=test, authenticationId=test]");
  }

  /** Each failed exchange is answered after the default 2 s ({@code -- timeout --} in the transcript). */
  @Test
  void rfc2195CramMd5WithCancelGarbageAndWrongDigest() {
    Outcome o = ServerFixtures.playEveryWay("auth-cram-md5.txt", config("postoffice.reston.mci.net")
        .toBuilder().tlsAvailable(false).limits(SmtpLimits.builder().maxAuthFailures(4).build()).build(),
        ScriptedHost::new);
    assertThat(o.events()).anyMatch(e -> e.startsWith("MailFrom") && e.contains("auth=Optional[tim@reston.mci.net]"));
  }

  /** Issue 12 item 12: MAIL FROM carries who authenticated, until STARTTLS forgets it (RFC 3207 §4.2). */
  @Test
  void mailFromCarriesTheAuthenticatedIdentity() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(config("mx.example.org").toBuilder()
        .plaintextAuthAllowed(true).build());
    d.exchange("EHLO c.example\r\n");
    d.exchange("MAIL FROM:<a@example.org>\r\nRSET\r\n");
    d.exchange("AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=\r\n");
    d.exchange("MAIL FROM:<>\r\nRSET\r\n");
    assertThat(d.events).filteredOn(SmtpServerEvent.MailFrom.class::isInstance)
        .extracting(e -> ((SmtpServerEvent.MailFrom) e).authentication())
        .containsExactly(Optional.empty(), Optional.of(new Authentication("PLAIN", "test", "test")));
    d.exchange("STARTTLS\r\n");
    d.smtp.streamChanged(dev.missive.wire.TlsInfo.unknown());
    d.exchange("EHLO c.example\r\nMAIL FROM:<a@example.org>\r\n");
    assertThat(d.smtp.authentication()).isEmpty();
    assertThat(((SmtpServerEvent.MailFrom) d.events.get(d.events.size() - 1)).authentication()).isEmpty();
  }

  @Test
  void authEqualsOnMailIsEmptiedWhenNotAuthenticated() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(config("mx.example.org"));
    d.exchange("EHLO c.example\r\n");
    assertThat(d.exchange("MAIL FROM:<a@example.org> AUTH=a@example.org\r\n")).startsWith("250");
    assertThat(d.smtp.envelope().orElseThrow().parameters().auth()).contains("<>");
  }

  @Test
  void loginExchangeWithChallenges() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(config("mx.example.org").toBuilder()
        .plaintextAuthAllowed(true).build());
    d.exchange("EHLO c.example\r\n");
    String b64 = Base64.getEncoder().encodeToString("test".getBytes(StandardCharsets.UTF_8));
    assertThat(d.exchange("AUTH LOGIN\r\n")).startsWith("334 ");
    assertThat(d.exchange(b64 + "\r\n")).startsWith("334 ");
    assertThat(d.exchange(Base64.getEncoder().encodeToString("1234".getBytes(StandardCharsets.UTF_8)) + "\r\n"))
        .isEqualTo("235 2.7.0 Authentication successful\r\n");
    assertThat(d.smtp.authorizationId()).contains("test");
  }

  @Test
  void item10AuthNotOfferedBeforeTlsWhenPolicyNeedsIt() {
    SmtpServerConfig plainOnly = SmtpServerConfig.builder().hostname("mx.example.org").tlsAvailable(true)
        .authMechanisms(SaslServerMechanisms.builder().plain((u, p) -> true).build()).build();
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(plainOnly);
    assertThat(d.exchange("EHLO c.example\r\n")).doesNotContain("AUTH");
    assertThat(d.exchange("AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=\r\n"))
        .isEqualTo("538 5.7.11 Encryption required for requested authentication mechanism\r\n");
  }

  /** Postfix smtpd_tls_auth_only: no mechanism at all before TLS, not even CRAM-MD5 (RFC 4954 §4, §6). */
  @Test
  void authRequiresTlsHidesEveryMechanismUntilStartTls() {
    SmtpServerConfig tlsOnly = config("mx.example.org").toBuilder().authRequiresTls(true).build();
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(tlsOnly);
    assertThat(d.exchange("EHLO c.example\r\n")).contains("STARTTLS").doesNotContain("AUTH");
    assertThat(d.exchange("AUTH CRAM-MD5\r\n"))
        .isEqualTo("538 5.7.11 Encryption required for requested authentication mechanism\r\n");
    assertThat(d.exchange("STARTTLS\r\n")).startsWith("220");
    d.smtp.streamChanged(dev.missive.wire.TlsInfo.unknown());
    assertThat(d.exchange("EHLO c.example\r\n")).contains("AUTH CRAM-MD5 PLAIN LOGIN");
    assertThat(d.exchange("AUTH CRAM-MD5\r\n")).startsWith("334 ");
  }

  @Test
  void authRequiredRefusesMailWith530() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(config("mx.example.org").toBuilder()
        .authRequired(true).build());
    d.exchange("EHLO c.example\r\n");
    assertThat(d.exchange("MAIL FROM:<a@example.org>\r\n")).isEqualTo("530 5.7.0 Authentication required\r\n");
  }

  @Test
  void item13AuthResponsesUpTo12288OctetsAreReadLongerGet500556() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(config("mx.example.org").toBuilder()
        .plaintextAuthAllowed(true).build());
    d.exchange("EHLO c.example\r\n");
    d.exchange("AUTH LOGIN\r\n");
    // a long but acceptable response: decoded, it is just a wrong user name
    String ok = Base64.getEncoder().encodeToString(new byte[12_288 / 4 * 3]);
    assertThat(ok).hasSize(12_288);
    assertThat(d.exchange(ok + "\r\n")).doesNotStartWith("500");
    d.exchange("*\r\n");
    d.exchange("AUTH LOGIN\r\n");
    String tooLong = "QUFB".repeat(12_288 / 4 + 1);
    assertThat(d.exchange(tooLong + "\r\n")).isEqualTo("500 5.5.6 Authentication Exchange line is too long\r\n");
    assertThat(d.smtp.state()).isEqualTo(ServerState.GREETED);
    assertThat(d.exchange("NOOP\r\n")).startsWith("250");
  }

  @Test
  void item18bCredentialsNeverAppearInEventsOrState() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(config("mx.example.org").toBuilder()
        .plaintextAuthAllowed(true).build());
    d.exchange("EHLO c.example\r\n");
    d.exchange("AUTH PLAIN " + Base64.getEncoder().encodeToString("\u0000test\u0000wrongsecret".getBytes(
        StandardCharsets.UTF_8)) + "\r\n");
    d.exchange("AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=\r\n");
    StringBuilder everything = new StringBuilder(d.smtp.toString());
    d.events.forEach(e -> everything.append(e));
    assertThat(everything.toString()).doesNotContain("wrongsecret", "1234", "dGVzdAB0ZXN0ADEyMzQ=");
    assertThat(d.eventNames()).contains("AuthSucceeded");
  }

  @Test
  void credentialStoreDownIs454AndTheSessionGoesOn() {
    // RFC 4954 §6: 454 4.7.0 Temporary authentication failure; the client may try again later in the session
    SaslServerMechanisms down = SaslServerMechanisms.builder().plain((user, password) -> {
      throw new dev.missive.sasl.CredentialsUnavailableException("directory unreachable", null);
    }).build();
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.builder().hostname("mx.example.org")
        .authMechanisms(down).plaintextAuthAllowed(true).extensions(SmtpExtension.AUTH).limits(NO_DELAY).build());
    d.exchange("EHLO c.example\r\n");
    String ir = Base64.getEncoder().encodeToString("\0test\u00001234".getBytes(StandardCharsets.UTF_8));
    assertThat(d.exchange("AUTH PLAIN " + ir + "\r\n")).isEqualTo("454 4.7.0 Temporary authentication failure\r\n");
    assertThat(d.events).noneMatch(e -> e instanceof SmtpServerEvent.AuthSucceeded);
    assertThat(d.exchange("NOOP\r\n")).isEqualTo("250 2.0.0 OK\r\n");
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

  /** Issue 12 item 3: the same answer as POP3's -ERR [SYS/TEMP], RFC 4954 §6's 454, logged once with the id. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"AUTH X-BOOM aHVudGVyMg==\r\n",
      "AUTH X-BOOM\r\naHVudGVyMg==\r\n"})
  void aMechanismThatThrowsIs454LoggedOnceWithoutTheSecret(String commands) {
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
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.builder().hostname("mx.example.org")
        .authMechanisms(boom).extensions(SmtpExtension.AUTH, SmtpExtension.ENHANCED_STATUS_CODES)
        .limits(NO_DELAY).build());
    d.exchange("EHLO c.example\r\n");
    String[] reply = new String[1];
    String log = stderrOf(() -> reply[0] = d.exchange(commands));
    assertThat(reply[0]).endsWith("454 4.7.0 Temporary authentication failure\r\n");
    assertThat(log.lines().filter(l -> l.contains("X-BOOM"))).singleElement().asString()
        .contains("[s1] AUTH X-BOOM failed temporarily", "IllegalStateException")
        .doesNotContain("hunter2", "aHVudGVyMg");
    assertThat(log).doesNotContain("hunter2");
    assertThat(d.exchange("NOOP\r\n")).isEqualTo("250 2.0.0 OK\r\n");
  }

  @Test
  void unknownMechanismIs504() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(config("mx.example.org").toBuilder()
        .plaintextAuthAllowed(true).build());
    d.exchange("EHLO c.example\r\n");
    assertThat(d.exchange("AUTH X-UNKNOWN\r\n")).isEqualTo("504 5.5.4 Unrecognized authentication type\r\n");
  }
}
