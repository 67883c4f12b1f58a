package dev.missive.sasl;

import static dev.missive.sasl.Exchange.challenge;
import static dev.missive.sasl.Exchange.failure;
import static dev.missive.sasl.Exchange.text;
import static dev.missive.sasl.Exchange.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** XOAUTH2 in Google's documented form, both sides. */
class XOAuth2Test {

  static final String TOKEN = "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg";
  /** Google's example initial client response for someuser@example.com. */
  static final String GOOGLE_INITIAL = "dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52Yj"
      + "NSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ==";

  private final BearerTokenValidator validator = request -> TOKEN.equals(request.token())
      ? new BearerTokenVerdict.Valid("someuser@example.com")
      : new BearerTokenVerdict.Invalid("invalid_token", "https://mail.google.com/", "");
  private final SaslServerMechanisms registry = SaslServerMechanisms.builder().xoauth2(validator).build();

  private SaslServerMechanism server() {
    return registry.create("XOAUTH2").orElseThrow();
  }

  @Test
  void googleExampleBothSides() {
    SaslClientMechanism client = SaslClientMechanisms.xoauth2("someuser@example.com", TOKEN);
    byte[] initial = client.initialResponse();
    assertThat(Base64.getEncoder().encodeToString(initial)).isEqualTo(GOOGLE_INITIAL);
    assertThat(text(initial)).isEqualTo("user=someuser@example.com\u0001auth=Bearer " + TOKEN + "\u0001\u0001");
    assertThat(server().evaluate(initial))
        .isEqualTo(new SaslServerStep.Success("someuser@example.com", "someuser@example.com", null));
  }

  @Test
  void rejectedTokenGetsTheJsonErrorAndTheEmptyResponseEndsTheExchange() throws SaslException {
    SaslServerMechanism server = server();
    SaslClientMechanism client = SaslClientMechanisms.xoauth2("someuser@example.com", "expired");
    byte[] error = challenge(server.evaluate(client.initialResponse()));
    assertThat(text(error)).isEqualTo("{\"status\":\"401\",\"schemes\":\"Bearer\",\"scope\":\"https://mail.google.com/\"}");
    byte[] response = client.evaluateChallenge(error);
    assertThat(response).isEmpty();
    assertThat(failure(server.evaluate(response))).isEqualTo(SaslFailure.INVALID_CREDENTIALS);
    assertThatThrownBy(() -> client.evaluateChallenge(error)).isInstanceOf(SaslException.class);
  }

  @Test
  void anythingButAnEmptyResponseAfterTheErrorIsMalformed() {
    SaslServerMechanism server = server();
    challenge(server.evaluate(utf8("user=someuser@example.com\u0001auth=Bearer expired\u0001\u0001")));
    assertThat(failure(server.evaluate(new byte[] {1}))).isEqualTo(SaslFailure.MALFORMED_RESPONSE);
  }

  @Test
  void otherUserThanTheTokensIsDenied() {
    assertThat(failure(server().evaluate(utf8("user=other@example.com\u0001auth=Bearer " + TOKEN + "\u0001\u0001"))))
        .isEqualTo(SaslFailure.AUTHORIZATION_DENIED);
  }

  /**
   * Google's form names the account ({@code "user=" {User}}); an empty user is malformed, not "whoever the token
   * belongs to" — found by SaslServerFuzzTest's mutated exchanges at 77674eba (finding F11).
   */
  @Test
  void anEmptyUserIsMalformed() {
    assertThat(failure(server().evaluate(utf8("user=\u0001auth=Bearer " + TOKEN + "\u0001\u0001"))))
        .isEqualTo(SaslFailure.MALFORMED_RESPONSE);
  }

  @Test
  void malformedResponses() {
    String[] bad = {"", "user=a", "auth=Bearer " + TOKEN + "\u0001\u0001", "user=a\u0001\u0001",
        "user=a\u0001auth=Bearer " + TOKEN + "\u0001", "user=a\u0001auth=" + TOKEN + "\u0001\u0001",
        "user=a\u0001auth=Bearer \u0001\u0001"};
    for (String message : bad) {
      assertThat(failure(server().evaluate(utf8(message)))).as(message).isEqualTo(SaslFailure.MALFORMED_RESPONSE);
    }
  }
}
