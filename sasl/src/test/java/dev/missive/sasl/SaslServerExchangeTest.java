package dev.missive.sasl;

import static dev.missive.sasl.Exchange.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.sasl.exchange.internal.SaslServerExchange.Step;
import dev.missive.sasl.exchange.internal.SaslServerExchange;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The server's line framing of SASL (RFC 4954 §4, RFC 5034 §4), with the protocols' own example exchanges and the
 * RFC 2195 and RFC 7677 vectors in base64.
 */
class SaslServerExchangeTest {

  private final Credentials users = new Credentials().with("test", "1234").with("tim", "tanstaaftanstaaf")
      .with("user", "pencil");
  private final List<byte[]> seen = new ArrayList<>();
  private final SaslServerMechanisms registry = SaslServerMechanisms.builder()
      .scramSha256(users, Credentials.DECOYS).scramNonces(() -> ScramSha256Test.SERVER_NONCE)
      .cramMd5(users).cramMd5Challenges(() -> "<1896.697170952@postoffice.reston.mci.net>")
      .plain(users)
      .custom("X-RECORD", false, this::recording)
      .custom("X-BROKEN", false, SaslServerExchangeTest::broken)
      .build();
  private final SaslServerExchange sasl = new SaslServerExchange(registry);

  private static ByteBuffer line(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(utf8(s));
  }

  /** A mechanism whose store is down and whose exception message echoes the client's response. */
  private static SaslServerMechanism broken() {
    return new SaslServerMechanism() {
      @Override
      public String name() {
        return "X-BROKEN";
      }

      @Override
      public SaslServerStep evaluate(byte[] response) {
        throw new IllegalStateException("store at 10.0.0.1 is down; response was " + new String(response,
            StandardCharsets.UTF_8));
      }

      @Override
      public boolean isComplete() {
        return false;
      }
    };
  }

  /** Records what the mechanism is given: {@code null} for an absent initial response, else the octets. */
  private SaslServerMechanism recording() {
    return new SaslServerMechanism() {
      private boolean done;

      @Override
      public String name() {
        return "X-RECORD";
      }

      @Override
      public SaslServerStep evaluate(byte[] response) {
        seen.add(response);
        done = true;
        return new SaslServerStep.Success("someone", "someone", null);
      }

      @Override
      public boolean isComplete() {
        return done;
      }
    };
  }

  /** RFC 4954 §4: {@code C: AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=}, {@code S: 235 2.7.0 Authentication successful}. */
  @Test
  void rfc4954PlainWithInitialResponse() {
    Step step = sasl.start("PLAIN", "dGVzdAB0ZXN0ADEyMzQ=", true);
    assertThat(step).isEqualTo(new Step.Succeeded(new Authentication("PLAIN", "test", "test")));
    assertThat(sasl.inProgress()).isFalse();
  }

  /** RFC 4954 §4: {@code C: AUTH PLAIN}, {@code S: 334 }, {@code C: dGVzdAB0ZXN0ADEyMzQ=}, {@code S: 235 …}. */
  @Test
  void rfc4954PlainAfterAnEmptyChallenge() {
    assertThat(sasl.start("plain", null, true)).isEqualTo(new Step.Challenge(""));
    assertThat(sasl.inProgress()).isTrue();
    assertThat(sasl.respond(line("dGVzdAB0ZXN0ADEyMzQ="))).isInstanceOf(Step.Succeeded.class);
  }

  /** RFC 5034 §4: {@code C: AUTH PLAIN}, {@code S: + }, {@code C: dGVzdAB0ZXN0AHRlc3Q=} (test, test, test). */
  @Test
  void rfc5034PlainWithTheWrongPassword() {
    assertThat(sasl.start("PLAIN", null, true)).isEqualTo(new Step.Challenge(""));
    Step step = sasl.respond(line("dGVzdAB0ZXN0AHRlc3Q="));
    assertThat(step).isInstanceOf(Step.Failed.class);
    assertThat(((Step.Failed) step).reason()).isEqualTo(SaslFailure.INVALID_CREDENTIALS);
    assertThat(((Step.Failed) step).reason().attempted()).isTrue();
  }

  /** RFC 4954 §4: {@code C: AUTH FOOBAR}, {@code S: 504 5.5.4 Unrecognized authentication type}. */
  @Test
  void rfc4954UnknownMechanismIsNoLoginAttempt() {
    Step step = sasl.start("FOOBAR", null, true);
    assertThat(((Step.Failed) step).reason()).isEqualTo(SaslFailure.UNKNOWN_MECHANISM);
    assertThat(SaslFailure.UNKNOWN_MECHANISM.attempted()).isFalse();
    assertThat(sasl.inProgress()).isFalse();
    assertThat(new SaslServerExchange(null).start("PLAIN", null, true))
        .isEqualTo(new Step.Failed(SaslFailure.UNKNOWN_MECHANISM, "the requested mechanism is not offered"));
    assertThat(new SaslServerExchange(null).advertised(true)).isEmpty();
  }

  /** RFC 4954 §4 and RFC 5034 §4: secrets in the clear only over an encrypted or trusted connection. */
  @Test
  void plaintextMechanismsNeedAConfidentialConnection() {
    assertThat(sasl.advertised(false)).containsExactly("SCRAM-SHA-256", "CRAM-MD5", "X-RECORD", "X-BROKEN");
    assertThat(sasl.advertised(true)).contains("PLAIN");
    Step step = sasl.start("PLAIN", "dGVzdAB0ZXN0ADEyMzQ=", false);
    assertThat(((Step.Failed) step).reason()).isEqualTo(SaslFailure.ENCRYPTION_REQUIRED);
    assertThat(SaslFailure.ENCRYPTION_REQUIRED.attempted()).isFalse();
    assertThat(users.lookups).as("no credentials were checked").isZero();
  }

  /** RFC 4422 §3.3: an absent initial response and an empty one ({@code =}) are different things. */
  @Test
  void anEmptyInitialResponseIsAnEqualsSign() {
    sasl.start("X-RECORD", null, true);
    sasl.start("X-RECORD", "=", true);
    assertThat(seen).hasSize(2);
    assertThat(seen.get(0)).isNull();
    assertThat(seen.get(1)).isEmpty();
    assertThat(((Step.Failed) sasl.start("X-RECORD", "", true)).reason())
        .as("an empty argument is no base64 framing").isEqualTo(SaslFailure.MALFORMED_RESPONSE);
    assertThat(((Step.Failed) sasl.start("X-RECORD", "not base64!", true)).reason())
        .isEqualTo(SaslFailure.MALFORMED_RESPONSE);
    assertThat(seen).hasSize(2);
  }

  /** RFC 2195 §2's exchange as its IMAP framing shows it in base64. */
  @Test
  void rfc2195CramMd5InBase64() {
    assertThat(sasl.start("CRAM-MD5", null, false))
        .isEqualTo(new Step.Challenge("PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+"));
    assertThat(sasl.respond(line("dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw")))
        .isEqualTo(new Step.Succeeded(new Authentication("CRAM-MD5", "tim", "tim")));
  }

  /**
   * RFC 7677 §3 in SMTP's framing: the server-final-message goes as one more challenge and the client's empty
   * response completes the exchange (RFC 4954 §4).
   */
  @Test
  void rfc7677ScramAdditionalDataIsOneMoreChallenge() {
    assertThat(sasl.start("SCRAM-SHA-256", b64(ScramSha256Test.CLIENT_FIRST), false))
        .isEqualTo(new Step.Challenge(b64(ScramSha256Test.SERVER_FIRST)));
    assertThat(sasl.respond(line(b64(ScramSha256Test.CLIENT_FINAL))))
        .isEqualTo(new Step.Challenge(b64(ScramSha256Test.SERVER_FINAL)));
    assertThat(sasl.inProgress()).isTrue();
    assertThat(sasl.respond(line(""))).isEqualTo(new Step.Succeeded(new Authentication("SCRAM-SHA-256", "user",
        "user")));
  }

  @Test
  void anythingButAnEmptyAnswerToTheFinalDataFails() {
    sasl.start("SCRAM-SHA-256", b64(ScramSha256Test.CLIENT_FIRST), false);
    sasl.respond(line(b64(ScramSha256Test.CLIENT_FINAL)));
    assertThat(((Step.Failed) sasl.respond(line("AA=="))).reason()).isEqualTo(SaslFailure.MALFORMED_RESPONSE);
    assertThat(sasl.inProgress()).isFalse();

    sasl.start("SCRAM-SHA-256", b64(ScramSha256Test.CLIENT_FIRST), false);
    sasl.respond(line(b64(ScramSha256Test.CLIENT_FINAL)));
    assertThat(((Step.Failed) sasl.respond(line("*"))).reason()).isEqualTo(SaslFailure.CANCELLED);
  }

  /** RFC 4422 §3.5, RFC 4954 §4: {@code *} cancels. */
  @Test
  void aStarCancels() {
    sasl.start("CRAM-MD5", null, false);
    ByteBuffer star = line("*");
    assertThat(((Step.Failed) sasl.respond(star)).reason()).isEqualTo(SaslFailure.CANCELLED);
    assertThat(star.position()).as("the line is read, not consumed").isZero();
    assertThat(sasl.inProgress()).isFalse();
  }

  @Test
  void aResponseThatIsNotBase64IsMalformed() {
    sasl.start("CRAM-MD5", null, false);
    assertThat(((Step.Failed) sasl.respond(line("dGlt IGI5"))).reason()).isEqualTo(SaslFailure.MALFORMED_RESPONSE);
    sasl.start("CRAM-MD5", null, false);
    assertThat(((Step.Failed) sasl.respond(ByteBuffer.wrap(new byte[] {(byte) 0xC3, (byte) 0xA9}))).reason())
        .isEqualTo(SaslFailure.MALFORMED_RESPONSE);
  }

  /** The one exception policy: a throwing mechanism is a temporary failure whose detail never echoes its message. */
  @Test
  void aThrowingMechanismIsATemporaryFailureWithASafeDetail() {
    Step step = sasl.start("X-BROKEN", b64("secret-token"), true);
    Step.Failed failed = (Step.Failed) step;
    assertThat(failed.reason()).isEqualTo(SaslFailure.TEMPORARY_FAILURE);
    assertThat(failed.detail()).contains("X-BROKEN").contains("IllegalStateException")
        .doesNotContain("10.0.0.1").doesNotContain("secret-token");
    assertThat(sasl.inProgress()).isFalse();
  }

  /** The protocol ends an exchange for its own framing reasons: a line too long, a bare line ending. */
  @Test
  void theEngineAbortsForFramingReasons() {
    sasl.start("CRAM-MD5", null, false);
    assertThat(((Step.Failed) sasl.abort(SaslFailure.RESPONSE_TOO_LONG)).reason())
        .isEqualTo(SaslFailure.RESPONSE_TOO_LONG);
    assertThat(sasl.inProgress()).isFalse();
    sasl.start("CRAM-MD5", null, false);
    sasl.cancel();
    assertThat(sasl.inProgress()).as("TLS started or the session ended").isFalse();
  }

  @Test
  void misuseThrowsAndNothingShowsWhatTheClientSent() {
    assertThatThrownBy(() -> sasl.respond(line("AA=="))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> sasl.abort(SaslFailure.RESPONSE_TOO_LONG)).isInstanceOf(IllegalStateException.class);
    sasl.start("PLAIN", null, true);
    assertThatThrownBy(() -> sasl.start("PLAIN", null, true)).isInstanceOf(IllegalStateException.class);
    assertThat(sasl.toString()).isEqualTo("SaslServerExchange[PLAIN]");
    Step step = sasl.respond(line("dGVzdAB0ZXN0ADEyMzQ="));
    assertThat(step.toString()).doesNotContain("1234").doesNotContain("dGVzdAB0ZXN0ADEyMzQ=");
  }
}
