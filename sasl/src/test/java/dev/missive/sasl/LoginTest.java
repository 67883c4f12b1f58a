package dev.missive.sasl;

import static dev.missive.sasl.Exchange.challenge;
import static dev.missive.sasl.Exchange.failure;
import static dev.missive.sasl.Exchange.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** LOGIN (draft-murchison-sasl-login-00 §2), both sides. */
class LoginTest {

  private final Credentials users = new Credentials().with("tim", "tanstaaftanstaaf");
  private final SaslServerMechanisms registry = SaslServerMechanisms.builder().login(users).build();

  private SaslServerMechanism server() {
    return registry.create("LOGIN").orElseThrow();
  }

  @Test
  void draftExchangeUsernameThenPassword() throws SaslException {
    SaslServerMechanism server = server();
    SaslClientMechanism client = SaslClientMechanisms.login("tim", "tanstaaftanstaaf");
    assertThat(client.initialResponse()).isNull();
    byte[] first = challenge(server.evaluate(null));
    assertThat(first).isEqualTo(utf8("Username:"));
    byte[] second = challenge(server.evaluate(client.evaluateChallenge(first)));
    assertThat(second).isEqualTo(utf8("Password:"));
    assertThat(client.isComplete()).isFalse();
    byte[] password = client.evaluateChallenge(second);
    assertThat(password).isEqualTo(utf8("tanstaaftanstaaf"));
    assertThat(server.evaluate(password)).isEqualTo(new SaslServerStep.Success("tim", "tim", null));
    assertThat(client.isComplete()).isTrue();
    assertThatThrownBy(() -> client.evaluateChallenge(new byte[0])).isInstanceOf(SaslException.class);
  }

  @Test
  void initialResponseIsTheUserName() {
    SaslServerMechanism server = server();
    assertThat(challenge(server.evaluate(utf8("tim")))).isEqualTo(utf8("Password:"));
    assertThat(server.evaluate(utf8("tanstaaftanstaaf"))).isInstanceOf(SaslServerStep.Success.class);
  }

  @Test
  void failures() {
    SaslServerMechanism wrong = server();
    wrong.evaluate(utf8("tim"));
    assertThat(failure(wrong.evaluate(utf8("nope")))).isEqualTo(SaslFailure.INVALID_CREDENTIALS);

    SaslServerMechanism empty = server();
    empty.evaluate(null);
    assertThat(failure(empty.evaluate(new byte[0]))).isEqualTo(SaslFailure.MALFORMED_RESPONSE);

    SaslServerMechanism emptyPassword = server();
    emptyPassword.evaluate(utf8("tim"));
    assertThat(failure(emptyPassword.evaluate(new byte[0]))).isEqualTo(SaslFailure.MALFORMED_RESPONSE);

    SaslServerMechanism badUtf8 = server();
    assertThat(failure(badUtf8.evaluate(new byte[] {(byte) 0xFF}))).isEqualTo(SaslFailure.MALFORMED_RESPONSE);
  }
}
