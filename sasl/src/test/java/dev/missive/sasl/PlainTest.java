package dev.missive.sasl;

import static dev.missive.sasl.Exchange.challenge;
import static dev.missive.sasl.Exchange.failure;
import static dev.missive.sasl.Exchange.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** PLAIN (RFC 4616), both sides, with the examples of RFC 4616 §4. */
class PlainTest {

  private final Credentials users = new Credentials().with("tim", "tanstaaftanstaaf").with("Kurt", "xipj3plmq");
  private final SaslServerMechanisms registry = SaslServerMechanisms.builder().plain(users).build();

  private SaslServerMechanism server() {
    return registry.create("PLAIN").orElseThrow();
  }

  @Test
  void rfc4616FirstExampleEmptyChallengeThenCredentials() throws SaslException {
    SaslServerMechanism server = server();
    assertThat(challenge(server.evaluate(null))).isEmpty();                   // S: + ""
    SaslClientMechanism client = SaslClientMechanisms.plain("", "tim", "tanstaaftanstaaf");
    byte[] response = client.evaluateChallenge(new byte[0]);
    assertThat(response).isEqualTo(utf8("\0tim\0tanstaaftanstaaf"));          // C: {21} <NUL>tim<NUL>tanstaaftanstaaf
    assertThat(response).hasSize(21);
    assertThat(server.evaluate(response)).isEqualTo(new SaslServerStep.Success("tim", "tim", null));
    assertThat(client.isComplete()).isTrue();
  }

  @Test
  void rfc4616SecondExampleAuthorizationIdentityRefused() {
    SaslClientMechanism client = SaslClientMechanisms.plain("Ursel", "Kurt", "xipj3plmq");
    byte[] initial = client.initialResponse();
    assertThat(initial).isEqualTo(utf8("Ursel\0Kurt\0xipj3plmq")).hasSize(20);  // {20+}
    assertThat(failure(server().evaluate(initial))).isEqualTo(SaslFailure.AUTHORIZATION_DENIED);
  }

  @Test
  void authorizationIdentityAllowedByPolicy() {
    SaslServerMechanisms lenient = SaslServerMechanisms.builder().plain(users)
        .authorizationPolicy((authcid, authzid) -> authcid.equals("Kurt") && authzid.equals("Ursel")).build();
    SaslServerStep step = lenient.create("plain").orElseThrow().evaluate(utf8("Ursel\0Kurt\0xipj3plmq"));
    assertThat(step).isEqualTo(new SaslServerStep.Success("Ursel", "Kurt", null));
  }

  @Test
  void sameIdentityAsAuthzidIsAllowedByDefault() {
    assertThat(server().evaluate(utf8("tim\0tim\0tanstaaftanstaaf"))).isInstanceOf(SaslServerStep.Success.class);
  }

  @Test
  void wrongPasswordAndUnknownUserAreInvalidCredentials() {
    assertThat(failure(server().evaluate(utf8("\0tim\0wrong")))).isEqualTo(SaslFailure.INVALID_CREDENTIALS);
    assertThat(failure(server().evaluate(utf8("\0nobody\0x")))).isEqualTo(SaslFailure.INVALID_CREDENTIALS);
  }

  @Test
  void malformedMessagesAreTypedFailures() {
    for (String bad : new String[] {"", "tim", "\0tim", "\0\0pw", "\0tim\0", "a\0b\0c\0d"}) {
      assertThat(failure(server().evaluate(utf8(bad)))).as(bad).isEqualTo(SaslFailure.MALFORMED_RESPONSE);
    }
    byte[] badUtf8 = {0, 't', 0, (byte) 0xC3, (byte) 0x28};
    assertThat(failure(server().evaluate(badUtf8))).isEqualTo(SaslFailure.MALFORMED_RESPONSE);
    assertThat(users.lookups).isZero();
  }

  @Test
  void unavailableStoreIsTemporaryFailure() {
    users.unavailable = true;
    assertThat(failure(server().evaluate(utf8("\0tim\0tanstaaftanstaaf")))).isEqualTo(SaslFailure.TEMPORARY_FAILURE);
  }

  @Test
  void theVerifierSeesTheClearedPasswordOnlyDuringTheCall() {
    char[][] seen = new char[1][];
    SaslServerMechanisms capturing = SaslServerMechanisms.builder().plain((u, p) -> {
      seen[0] = p;
      return new String(p).equals("secret");
    }).build();
    assertThat(capturing.create("PLAIN").orElseThrow().evaluate(utf8("\0u\0secret")))
        .isInstanceOf(SaslServerStep.Success.class);
    assertThat(new String(seen[0])).isEqualTo("\0\0\0\0\0\0");
  }

  @Test
  void clientRefusesNulAndEmptyFieldsAndASecondChallenge() throws SaslException {
    assertThatThrownBy(() -> SaslClientMechanisms.plain("", "a\0b", "pw")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SaslClientMechanisms.plain("", "user", "")).isInstanceOf(IllegalArgumentException.class);
    SaslClientMechanism client = SaslClientMechanisms.plain("", "user", "pw");
    client.initialResponse();
    assertThatThrownBy(() -> client.evaluateChallenge(new byte[0])).isInstanceOf(SaslException.class);
    assertThat(client.toString()).doesNotContain("pw");
  }
}
