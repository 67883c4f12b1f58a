package dev.missive.sasl;

import static dev.missive.sasl.Exchange.challenge;
import static dev.missive.sasl.Exchange.failure;
import static dev.missive.sasl.Exchange.text;
import static dev.missive.sasl.Exchange.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OAUTHBEARER (RFC 7628), both sides, with the examples of RFC 7628 §4. */
class OAuthBearerTest {

  static final String TOKEN = "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==";
  /** §4.1, IMAP: the initial client response as sent. */
  static final String IMAP_INITIAL = "bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9MTQzAWF1dGg9"
      + "QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB";
  /** §4.1, SMTP: the same credential on port 587. */
  static final String SMTP_INITIAL = "bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9NTg3AWF1dGg9"
      + "QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB";
  /** §4.3: an empty auth= asking for the scope, and the server's error. */
  static final String SCOPE_QUERY = "bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9MTQzAWF1dGg9AQE=";
  static final String SCOPE_ERROR = "eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIiwic2NvcGUiOiJleGFtcGxlX3Njb3BlIiwib3BlbmlkLWNvbm"
      + "ZpZ3VyYXRpb24iOiJodHRwczovL2V4YW1wbGUuY29tLy53ZWxsLWtub3duL29wZW5pZC1jb25maWcifQ==";
  /** §4.4, SMTP: a failed negotiation. */
  static final String SMTP_FAILED_INITIAL = "bix1c2VyPXNvbWV1c2VyQGV4YW1wbGUuY29tLAFhdXRoPUJlYXJlciB2RjlkZnQ0cW1UYzJOdmIz"
      + "Umxja0JoZEhSaGRtbHpkR0V1WTI5dENnPT0BAQ==";
  static final String SMTP_FAILED_ERROR = "eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIiwic2NoZW1lcyI6ImJlYXJlciBtYWMiLCJzY29wZSI6"
      + "Imh0dHBzOi8vbWFpbC5leGFtcGxlLmNvbS8ifQ==";

  final List<BearerTokenRequest> requests = new ArrayList<>();
  boolean unavailable;

  final BearerTokenValidator validator = request -> {
    if (unavailable) {
      throw new CredentialsUnavailableException("introspection endpoint down", null);
    }
    requests.add(request);
    if (request.token().equals(TOKEN)) {
      return new BearerTokenVerdict.Valid("user@example.com");
    }
    if (request.token().isEmpty()) {
      return new BearerTokenVerdict.Invalid("invalid_token", "example_scope",
          "https://example.com/.well-known/openid-config");
    }
    return BearerTokenVerdict.Invalid.invalidToken();
  };

  private final SaslServerMechanisms registry = SaslServerMechanisms.builder().oauthBearer(validator).build();

  private SaslServerMechanism server() {
    return registry.create("OAUTHBEARER").orElseThrow();
  }

  private static byte[] b64(String s) {
    return Base64.getDecoder().decode(s);
  }

  @Test
  void rfc7628Section41ClientSide() {
    assertThat(text(b64(IMAP_INITIAL)))
        .isEqualTo("n,a=user@example.com,\u0001host=server.example.com\u0001port=143\u0001auth=Bearer " + TOKEN
            + "\u0001\u0001");
    SaslClientMechanism imap = SaslClientMechanisms.oauthBearer("user@example.com", "server.example.com", 143, TOKEN);
    assertThat(Base64.getEncoder().encodeToString(imap.initialResponse())).isEqualTo(IMAP_INITIAL);
    assertThat(imap.isComplete()).isTrue();
    SaslClientMechanism smtp = SaslClientMechanisms.oauthBearer("user@example.com", "server.example.com", 587, TOKEN);
    assertThat(Base64.getEncoder().encodeToString(smtp.initialResponse())).isEqualTo(SMTP_INITIAL);
  }

  @Test
  void rfc7628Section41ServerSide() {
    assertThat(server().evaluate(b64(IMAP_INITIAL)))
        .isEqualTo(new SaslServerStep.Success("user@example.com", "user@example.com", null));
    assertThat(requests).containsExactly(
        new BearerTokenRequest("OAUTHBEARER", "user@example.com", "server.example.com", 143, TOKEN));
    assertThat(server().evaluate(b64(SMTP_INITIAL))).isInstanceOf(SaslServerStep.Success.class);
    assertThat(requests.get(1).port()).isEqualTo(587);
  }

  @Test
  void rfc7628Section43ServerSideScopeQueryThenAcknowledgement() {
    SaslServerMechanism server = server();
    byte[] error = challenge(server.evaluate(b64(SCOPE_QUERY)));
    assertThat(Base64.getEncoder().encodeToString(error)).isEqualTo(SCOPE_ERROR);
    assertThat(text(error)).isEqualTo("{\"status\":\"invalid_token\",\"scope\":\"example_scope\","
        + "\"openid-configuration\":\"https://example.com/.well-known/openid-config\"}");
    assertThat(requests.get(0).token()).isEmpty();
    assertThat(failure(server.evaluate(b64("AQ==")))).isEqualTo(SaslFailure.INVALID_CREDENTIALS);
    assertThat(server.isComplete()).isTrue();
  }

  @Test
  void rfc7628Section43And44ClientSideAcknowledgesTheError() throws SaslException {
    SaslClientMechanism client = SaslClientMechanisms.oauthBearer("user@example.com", "server.example.com", 143, TOKEN);
    client.initialResponse();
    assertThat(Base64.getEncoder().encodeToString(client.evaluateChallenge(b64(SCOPE_ERROR)))).isEqualTo("AQ==");
    assertThatThrownBy(() -> client.evaluateChallenge(b64(SCOPE_ERROR))).isInstanceOf(SaslException.class);

    SaslClientMechanism smtp = SaslClientMechanisms.oauthBearer("", "", -1, "vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg==");
    smtp.initialResponse();
    assertThat(text(b64(SMTP_FAILED_ERROR)))
        .isEqualTo("{\"status\":\"invalid_token\",\"schemes\":\"bearer mac\",\"scope\":\"https://mail.example.com/\"}");
    assertThat(Base64.getEncoder().encodeToString(smtp.evaluateChallenge(b64(SMTP_FAILED_ERROR)))).isEqualTo("AQ==");
  }

  @Test
  void rfc7628Section44InitialResponseDoesNotFollowTheGs2Grammar() {
    // §4.4 prints "n,user=someuser@example.com,": not a GS2 header (§3.1: authzid = "a=" saslname), so a strict
    // server refuses it as malformed instead of validating the token.
    assertThat(text(b64(SMTP_FAILED_INITIAL))).startsWith("n,user=someuser@example.com,\u0001auth=Bearer ");
    assertThat(failure(server().evaluate(b64(SMTP_FAILED_INITIAL)))).isEqualTo(SaslFailure.MALFORMED_RESPONSE);
    assertThat(requests).isEmpty();
  }

  @Test
  void noInitialResponseGetsAnEmptyChallenge() throws SaslException {
    SaslServerMechanism server = server();
    SaslClientMechanism client = SaslClientMechanisms.oauthBearer("", "", -1, TOKEN);
    byte[] empty = challenge(server.evaluate(null));
    assertThat(empty).isEmpty();
    assertThat(server.evaluate(client.evaluateChallenge(empty)))
        .isEqualTo(new SaslServerStep.Success("user@example.com", "user@example.com", null));
  }

  @Test
  void anotherAuthorizationIdentityIsDenied() {
    String message = "n,a=boss@example.com,\u0001auth=Bearer " + TOKEN + "\u0001\u0001";
    assertThat(failure(server().evaluate(utf8(message)))).isEqualTo(SaslFailure.AUTHORIZATION_DENIED);
  }

  @Test
  void rejectedTokenThenAnythingButTheAcknowledgementIsMalformed() {
    SaslServerMechanism server = server();
    challenge(server.evaluate(utf8("n,,\u0001auth=Bearer bad\u0001\u0001")));
    assertThat(failure(server.evaluate(new byte[0]))).isEqualTo(SaslFailure.MALFORMED_RESPONSE);
  }

  @Test
  void malformedResponses() {
    String[] bad = {"", "\u0001", "n,,", "n,,\u0001\u0001", "n,,auth=Bearer x\u0001\u0001",
        "n,,\u0001auth=Bearer x\u0001", "n,,\u0001auth=Basic dXNlcjpwYXNz\u0001\u0001",
        "n,,\u0001auth=Bearer \u0001\u0001", "n,,\u0001auth=Bearer a b\u0001\u0001",
        "n,,\u0001host=h\u0001host=h\u0001auth=Bearer x\u0001\u0001", "n,,\u0001=v\u0001auth=Bearer x\u0001\u0001",
        "n,,\u0001port=99999\u0001auth=Bearer x\u0001\u0001", "n,,\u0001port=-1\u0001auth=Bearer x\u0001\u0001",
        "n,,\u0001k1=v\u0001auth=Bearer x\u0001\u0001", "n,,\u0001host=a\u0002b\u0001auth=Bearer x\u0001\u0001",
        "p=tls-unique,,\u0001auth=Bearer x\u0001\u0001", "n,,\u0001host=a\u0001\u0001auth=Bearer x\u0001\u0001"};
    for (String message : bad) {
      assertThat(failure(server().evaluate(utf8(message)))).as(message).isEqualTo(SaslFailure.MALFORMED_RESPONSE);
    }
    assertThat(requests).isEmpty();
  }

  @Test
  void unavailableValidatorIsTemporaryFailure() {
    unavailable = true;
    assertThat(failure(server().evaluate(b64(IMAP_INITIAL)))).isEqualTo(SaslFailure.TEMPORARY_FAILURE);
  }

  @Test
  void theTokenStaysOutOfToString() {
    BearerTokenRequest request = new BearerTokenRequest("OAUTHBEARER", "u", "h", 1, TOKEN);
    assertThat(request.toString()).doesNotContain(TOKEN);
    assertThat(SaslClientMechanisms.oauthBearer("u", "h", 1, TOKEN).toString()).doesNotContain(TOKEN);
  }

  @Test
  void clientRefusesBadArguments() {
    assertThatThrownBy(() -> SaslClientMechanisms.oauthBearer("u", "h", 1, "a b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SaslClientMechanisms.oauthBearer("u", "h\u0001", 1, TOKEN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SaslClientMechanisms.oauthBearer("u", "h", 70000, TOKEN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
