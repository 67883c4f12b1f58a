package dev.missive.sasl;

import static dev.missive.sasl.Exchange.challenge;
import static dev.missive.sasl.Exchange.failure;
import static dev.missive.sasl.Exchange.text;
import static dev.missive.sasl.Exchange.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** CRAM-MD5 (RFC 2195), both sides, with the example of RFC 2195 §2. */
class CramMd5Test {

  private static final String RFC_CHALLENGE = "<1896.697170952@postoffice.reston.mci.net>";
  private static final String RFC_RESPONSE = "tim b913a602c7eda7a495b4e6e7334d3890";

  private final Credentials users = new Credentials().with("tim", "tanstaaftanstaaf");
  private final SaslServerMechanisms registry = SaslServerMechanisms.builder().cramMd5(users)
      .cramMd5Challenges(() -> RFC_CHALLENGE).build();

  private SaslServerMechanism server() {
    return registry.create("CRAM-MD5").orElseThrow();
  }

  @Test
  void rfc2195ExampleServerSide() {
    SaslServerMechanism server = server();
    byte[] challenge = challenge(server.evaluate(null));
    assertThat(Base64.getEncoder().encodeToString(challenge))
        .isEqualTo("PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+");
    assertThat(Base64.getEncoder().encodeToString(utf8(RFC_RESPONSE)))
        .isEqualTo("dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw");
    assertThat(server.evaluate(utf8(RFC_RESPONSE))).isEqualTo(new SaslServerStep.Success("tim", "tim", null));
  }

  @Test
  void rfc2195ExampleClientSide() throws SaslException {
    SaslClientMechanism client = SaslClientMechanisms.cramMd5("tim", "tanstaaftanstaaf");
    assertThat(client.initialResponse()).isNull();
    assertThat(text(client.evaluateChallenge(utf8(RFC_CHALLENGE)))).isEqualTo(RFC_RESPONSE);
    assertThat(client.isComplete()).isTrue();
    assertThatThrownBy(() -> client.evaluateChallenge(utf8(RFC_CHALLENGE))).isInstanceOf(SaslException.class);
  }

  @Test
  void upperCaseHexIsAccepted() {
    SaslServerMechanism server = server();
    server.evaluate(null);
    assertThat(server.evaluate(utf8("tim B913A602C7EDA7A495B4E6E7334D3890"))).isInstanceOf(SaslServerStep.Success.class);
  }

  @Test
  void failures() {
    String[][] cases = {
      {"tim b913a602c7eda7a495b4e6e7334d3891", "INVALID_CREDENTIALS"},   // tampered digest
      {"tom b913a602c7eda7a495b4e6e7334d3890", "INVALID_CREDENTIALS"},   // unknown user
      {"tim b913a602c7eda7a495b4e6e7334d389", "MALFORMED_RESPONSE"},     // short digest
      {"timb913a602c7eda7a495b4e6e7334d3890", "MALFORMED_RESPONSE"},     // no space
      {" b913a602c7eda7a495b4e6e7334d3890", "MALFORMED_RESPONSE"},       // empty user
      {"tim b913a602c7eda7a495b4e6e7334d38zz", "MALFORMED_RESPONSE"},    // not hex
      {"tim b913a602c7eda7a495b4e6e7334d38\u0661\u0662", "MALFORMED_RESPONSE"}, // non-ASCII digits
      {"", "MALFORMED_RESPONSE"},
    };
    for (String[] c : cases) {
      SaslServerMechanism server = server();
      server.evaluate(null);
      assertThat(failure(server.evaluate(utf8(c[0])))).as(c[0]).isEqualTo(SaslFailure.valueOf(c[1]));
    }
    assertThat(failure(server().evaluate(utf8("tim")))).as("initial response").isEqualTo(SaslFailure.MALFORMED_RESPONSE);
    users.unavailable = true;
    SaslServerMechanism down = server();
    down.evaluate(null);
    assertThat(failure(down.evaluate(utf8(RFC_RESPONSE)))).isEqualTo(SaslFailure.TEMPORARY_FAILURE);
  }

  @Test
  void defaultChallengeComesFromTheHostsClockAndRandomSource() {
    Clock clock = Clock.fixed(Instant.ofEpochSecond(697170952), ZoneOffset.UTC);
    SaslServerMechanisms a = SaslServerMechanisms.builder().cramMd5(users).clock(clock)
        .random(new SplittableRandom(7)).hostname("postoffice.reston.mci.net").build();
    SaslServerMechanisms b = SaslServerMechanisms.builder().cramMd5(users).clock(clock)
        .random(new SplittableRandom(7)).hostname("postoffice.reston.mci.net").build();
    String first = text(challenge(a.create("CRAM-MD5").orElseThrow().evaluate(null)));
    assertThat(first).matches("<[0-9]+\\.697170952@postoffice\\.reston\\.mci\\.net>");
    assertThat(text(challenge(b.create("CRAM-MD5").orElseThrow().evaluate(null)))).isEqualTo(first);
    assertThat(text(challenge(a.create("CRAM-MD5").orElseThrow().evaluate(null)))).isNotEqualTo(first);
  }

  @Test
  void aChallengeSupplierGivingNonsenseIsATemporaryFailureNeverOnTheWire() {
    SaslServerMechanisms bad = SaslServerMechanisms.builder().cramMd5(users).cramMd5Challenges(() -> "<a\r\nb>")
        .build();
    SaslServerStep step = bad.create("CRAM-MD5").orElseThrow().evaluate(null);
    assertThat(failure(step)).isEqualTo(SaslFailure.TEMPORARY_FAILURE);
    assertThat(((SaslServerStep.Failure) step).detail()).contains("IllegalStateException", "CramMd5Server");
  }
}
