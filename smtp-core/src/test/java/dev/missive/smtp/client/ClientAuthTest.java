package dev.missive.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.sasl.SaslClientMechanism;
import dev.missive.sasl.SaslClientMechanisms;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.client.SmtpClientEvent.AuthFailed;
import dev.missive.smtp.client.SmtpClientEvent.Authenticated;
import dev.missive.testkit.ChunkingCheck;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.Side;
import dev.missive.testkit.ManualTime;
import dev.missive.testkit.Transcript;
import dev.missive.testkit.TranscriptRunner;
import dev.missive.wire.TlsPolicy;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * AUTH (RFC 4954 §4) with each SASL client mechanism against scripted server replies, using the mechanisms' RFC
 * vectors: PLAIN (RFC 4954 §4 example), LOGIN, CRAM-MD5 (RFC 2195 §2), SCRAM-SHA-256 (RFC 7677 §3), OAUTHBEARER
 * (RFC 7628 §4) and XOAUTH2, and the failure replies (535, 534, 538, 454, a cancelled exchange).
 */
class ClientAuthTest {

  private static final String GREETING = """
      S: 220 smtp.example.com ESMTP server ready
      C: EHLO client.example
      S: 250-smtp.example.com
      S: 250 AUTH PLAIN LOGIN CRAM-MD5 SCRAM-SHA-256 OAUTHBEARER XOAUTH2
      """;

  private static final String QUIT = """
      C: QUIT
      S: 221 2.0.0 Bye
      -- closed --
      """;

  /** Plays the exchange whole and checks chunking independence; returns the events of the whole run. */
  private static List<SmtpClientEvent> play(Supplier<SaslClientMechanism> mechanism, String exchange) {
    Transcript t = Transcript.parse(GREETING + exchange + QUIT);
    SmtpClientConfig config = SmtpClientConfig.builder().ehloName("client.example").tlsPolicy(TlsPolicy.NONE)
        .authentication(mechanism).plaintextAuthAllowed(true).build();
    SendingHost host = new SendingHost();
    TranscriptRunner.playClient(t, HostedEngine.of(new SmtpClient(config, new ManualTime().fixedEnvironment()), host));
    ChunkingCheck.of(t, Side.CLIENT,
        () -> HostedEngine.of(new SmtpClient(config, new ManualTime().fixedEnvironment()), new SendingHost()))
        .assertIndependent(5);
    return host.events();
  }

  private static void assertAuthenticated(List<SmtpClientEvent> events, String mechanism) {
    assertThat(events).filteredOn(Authenticated.class::isInstance).singleElement()
        .isEqualTo(new Authenticated(mechanism));
    assertThat(events).noneMatch(AuthFailed.class::isInstance);
  }

  private static AuthFailed authFailed(List<SmtpClientEvent> events) {
    assertThat(events).noneMatch(Authenticated.class::isInstance);
    return events.stream().filter(AuthFailed.class::isInstance).map(AuthFailed.class::cast).findFirst()
        .orElseThrow();
  }

  @Test
  void plainWithInitialResponse() {
    assertAuthenticated(play(() -> SaslClientMechanisms.plain("test", "test", "1234"), """
        C: AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=
        S: 235 2.7.0 Authentication successful
        """), "PLAIN");
  }

  @Test
  void loginAnswersEachChallenge() {
    assertAuthenticated(play(() -> SaslClientMechanisms.login("tim", "tanstaaftanstaaf"), """
        C: AUTH LOGIN
        S: 334 VXNlcm5hbWU6
        C: dGlt
        S: 334 UGFzc3dvcmQ6
        C: dGFuc3RhYWZ0YW5zdGFhZg==
        S: 235 2.7.0 Authentication successful
        """), "LOGIN");
  }

  @Test
  void cramMd5WithTheRfc2195Vector() {
    assertAuthenticated(play(() -> SaslClientMechanisms.cramMd5("tim", "tanstaaftanstaaf"), """
        C: AUTH CRAM-MD5
        S: 334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+
        C: dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw
        S: 235 2.7.0 Authentication successful
        """), "CRAM-MD5");
  }

  private static final String SCRAM_START = """
      C: AUTH SCRAM-SHA-256 biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=
      S: 334 cj1yT3ByTkdmd0ViZVJXZ2JORWtxTyVodllEcFdVYTJSYVRDQWZ1eEZJbGopaE5sRiRrMCxzPVcyMlphSjBTTlk3c29Fc1VFamI2Z1E9PSxpPTQwOTY=
      C: Yz1iaXdzLHI9ck9wck5HZndFYmVSV2diTkVrcU8laHZZRHBXVWEyUmFUQ0FmdXhGSWxqKWhObEYkazAscD1kSHpiWmFwV0lrNGpVaE4rVXRlOXl0YWc5empmTUhnc3FtbWl6N0FuZFZRPQ==
      """;

  @Test
  void scramSha256WithTheRfc7677Vector() {
    assertAuthenticated(play(() -> SaslClientMechanisms.scramSha256("user", "pencil", () -> "rOprNGfwEbeRWgbNEkqO"),
        SCRAM_START + """
        S: 334 dj02cnJpVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==
        C:
        S: 235 2.7.0 Authentication successful
        """), "SCRAM-SHA-256");
  }

  @Test
  void scramServerSignatureMismatchIsCancelledWithAsterisk() {
    AuthFailed failed = authFailed(play(
        () -> SaslClientMechanisms.scramSha256("user", "pencil", () -> "rOprNGfwEbeRWgbNEkqO"), SCRAM_START + """
        S: 334 dj1BQUFBVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==
        C: *
        S: 501 5.7.0 Authentication cancelled
        """));
    assertThat(failed.reason()).startsWith("cancelled");
    assertThat(failed.reply()).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(501));
  }

  @Test
  void scramSuccessBeforeTheServerSignatureIsNotBelieved() {
    AuthFailed failed = authFailed(play(
        () -> SaslClientMechanisms.scramSha256("user", "pencil", () -> "rOprNGfwEbeRWgbNEkqO"), SCRAM_START + """
        S: 235 2.7.0 Authentication successful
        """));
    assertThat(failed.reason()).contains("exchange completed: the server is not verified");
  }

  @Test
  void oauthBearerWithInitialResponse() {
    assertAuthenticated(play(() -> SaslClientMechanisms.oauthBearer("user@example.com", "server.example.com", 587,
        "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg=="), """
        C: AUTH OAUTHBEARER bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9NTg3AWF1dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB
        S: 235 2.7.0 Authentication successful
        """), "OAUTHBEARER");
  }

  @Test
  void oauthBearerErrorChallengeIsAcknowledgedThen535() {
    AuthFailed failed = authFailed(play(() -> SaslClientMechanisms.oauthBearer("user@example.com",
        "server.example.com", 587, "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg=="), """
        C: AUTH OAUTHBEARER bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9NTg3AWF1dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB
        S: 334 eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIiwic2NvcGUiOiJleGFtcGxlX3Njb3BlIiwib3BlbmlkLWNvbmZpZ3VyYXRpb24iOiJodHRwczovL2V4YW1wbGUuY29tLy53ZWxsLWtub3duL29wZW5pZC1jb25maWd1cmF0aW9uIn0=
        C: AQ==
        S: 535 5.7.8 Authentication credentials invalid
        """));
    assertThat(failed.reply()).hasValueSatisfying(r -> assertThat(r.status().orElseThrow()).hasToString("5.7.8"));
  }

  @Test
  void xoauth2WithInitialResponse() {
    assertAuthenticated(play(() -> SaslClientMechanisms.xoauth2("someuser@example.com",
        "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg"), """
        C: AUTH XOAUTH2 dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ==
        S: 235 2.7.0 Accepted
        """), "XOAUTH2");
  }

  @Test
  void initialResponseTooLongForTheLineGoesAfterTheEmptyChallenge() {
    String token = "t".repeat(600);
    String encoded = java.util.Base64.getEncoder().encodeToString(
        ("user=u@example.com\u0001auth=Bearer " + token + "\u0001\u0001").getBytes(
            java.nio.charset.StandardCharsets.UTF_8));
    assertAuthenticated(play(() -> SaslClientMechanisms.xoauth2("u@example.com", token), """
        C: AUTH XOAUTH2
        S: 334
        C: %s
        S: 235 2.7.0 Accepted
        """.formatted(encoded)), "XOAUTH2");
  }

  @Test
  void failureRepliesAreTypedWithTheirEnhancedCodes() {
    for (String reply : List.of("535 5.7.8 Authentication credentials invalid",
        "534 5.7.9 Authentication mechanism is too weak", "538 5.7.11 Encryption required for requested "
            + "authentication mechanism", "454 4.7.0 Temporary authentication failure")) {
      AuthFailed failed = authFailed(play(() -> SaslClientMechanisms.plain("", "test", "1234"), """
          C: AUTH PLAIN AHRlc3QAMTIzNA==
          S: %s
          """.formatted(reply)));
      assertThat(failed.reply()).hasValueSatisfying(r -> {
        assertThat(r.code()).isEqualTo(Integer.parseInt(reply.substring(0, 3)));
        assertThat(r.status().orElseThrow()).hasToString(reply.substring(4, reply.indexOf(' ', 4)));
      });
    }
  }

  @Test
  void secretInTheClearIsNeverSentWithoutTls() {
    for (Supplier<SaslClientMechanism> mechanism : List.<Supplier<SaslClientMechanism>>of(
        () -> SaslClientMechanisms.plain("", "tim", "secret"), () -> SaslClientMechanisms.login("tim", "secret"),
        () -> SaslClientMechanisms.xoauth2("tim@example.org", "token"),
        () -> SaslClientMechanisms.oauthBearer("tim@example.org", "", -1, "token"))) {
      Wire w = new Wire(SmtpClientConfig.builder().ehloName("client.example").authentication(mechanism).build());
      w.greet("AUTH PLAIN LOGIN XOAUTH2 OAUTHBEARER");
      assertThat(w.output()).isEqualTo("QUIT\r\n");
      assertThat(w.events(AuthFailed.class)).singleElement()
          .satisfies(f -> assertThat(f.reason()).contains("without TLS"));
    }
    Wire cram = new Wire(SmtpClientConfig.builder().ehloName("client.example")
        .authentication(() -> SaslClientMechanisms.cramMd5("tim", "secret")).build());
    cram.greet("AUTH CRAM-MD5");
    assertThat(cram.output()).isEqualTo("AUTH CRAM-MD5\r\n"); // no reusable secret on the wire
  }

  @Test
  void mechanismNotOfferedQuitsBeforeAnyMail() {
    Wire w = new Wire(SmtpClientConfig.builder().ehloName("client.example").tlsPolicy(TlsPolicy.NONE)
        .authentication(() -> SaslClientMechanisms.cramMd5("tim", "x")).build());
    w.client.send(Envelope.of("a@example.org", "b@example.org"));
    w.greet("AUTH PLAIN LOGIN");
    assertThat(w.output()).isEqualTo("QUIT\r\n");
    assertThat(w.events()).anyMatch(AuthFailed.class::isInstance);
  }

  @Test
  void item18bSecretsNeverAppearInEventsStateOrToString() {
    String secret = "s3cr3t-Pa55";
    String encoded = java.util.Base64.getEncoder().encodeToString(
        ("\0test\0" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Transcript t = Transcript.parse(GREETING + "C: AUTH PLAIN " + encoded + "\nS: 535 5.7.8 Authentication credentials"
        + " invalid\nC: QUIT\nS: 221 2.0.0 Bye\n-- closed --\n");
    SmtpClientConfig config = SmtpClientConfig.builder().ehloName("client.example").tlsPolicy(TlsPolicy.NONE)
        .authentication(() -> SaslClientMechanisms.plain("", "test", secret)).plaintextAuthAllowed(true).build();
    SmtpClient client = new SmtpClient(config, new ManualTime().fixedEnvironment());
    SendingHost host = new SendingHost();
    TranscriptRunner.playClient(t, HostedEngine.of(client, host));
    List<String> seen = new java.util.ArrayList<>();
    host.events().forEach(e -> seen.add(e.toString()));
    seen.add(client.toString());
    seen.add(config.toString());
    seen.add(config.authentication().orElseThrow().get().toString());
    assertThat(authFailed(host.events()).reply()).isPresent();
    assertThat(seen).allSatisfy(text -> assertThat(text).doesNotContain(secret, encoded));
  }

  @Test
  void authEndsItsPipelinedGroupEvenWithAnInitialResponse() {
    // RFC 4954 §4: AUTH MUST be the last command of a pipelined group (the initial-response exception is a MAY,
    // not taken: a refused AUTH must never be followed by a MAIL already on the wire)
    Wire w = new Wire(SmtpClientConfig.builder().ehloName("client.example").tlsPolicy(TlsPolicy.NONE)
        .authentication(() -> SaslClientMechanisms.plain("test", "test", "1234")).plaintextAuthAllowed(true)
        .pipelining(true).build());
    w.greet("PIPELINING", "AUTH PLAIN");
    w.client.send(Envelope.of("a@example.org", "b@example.org"));
    assertThat(w.output()).isEqualTo("AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=\r\n");
    w.server("235 2.7.0 Authentication successful\r\n");
    assertThat(w.output()).isEqualTo("MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n");
  }
}
