package dev.missive.sasl;

import static dev.missive.sasl.Exchange.challenge;
import static dev.missive.sasl.Exchange.failure;
import static dev.missive.sasl.Exchange.text;
import static dev.missive.sasl.Exchange.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** SCRAM-SHA-256 (RFC 7677, RFC 5802), both sides, with the exchange of RFC 7677 §3 byte for byte. */
class ScramSha256Test {

  static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
  static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
  static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
  static final String SERVER_FIRST =
      "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
  static final String CLIENT_FINAL = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
      + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
  static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

  private final Credentials users = new Credentials().with("user", "pencil");
  private final SaslServerMechanisms registry = SaslServerMechanisms.builder()
      .scramSha256(users, Credentials.DECOYS).scramNonces(() -> SERVER_NONCE).build();

  private SaslServerMechanism server() {
    return registry.create("SCRAM-SHA-256").orElseThrow();
  }

  @Test
  void rfc7677ServerSide() {
    SaslServerMechanism server = server();
    assertThat(text(challenge(server.evaluate(utf8(CLIENT_FIRST))))).isEqualTo(SERVER_FIRST);
    SaslServerStep step = server.evaluate(utf8(CLIENT_FINAL));
    assertThat(step).isInstanceOf(SaslServerStep.Success.class);
    SaslServerStep.Success success = (SaslServerStep.Success) step;
    assertThat(success.authenticationId()).isEqualTo("user");
    assertThat(success.authorizationId()).isEqualTo("user");
    assertThat(text(success.additionalData())).isEqualTo(SERVER_FINAL);
  }

  @Test
  void rfc7677ClientSide() throws SaslException {
    SaslClientMechanism client = SaslClientMechanisms.scramSha256("user", "pencil", () -> CLIENT_NONCE);
    assertThat(text(client.initialResponse())).isEqualTo(CLIENT_FIRST);
    assertThat(text(client.evaluateChallenge(utf8(SERVER_FIRST)))).isEqualTo(CLIENT_FINAL);
    assertThat(client.isComplete()).isFalse();
    assertThat(client.evaluateChallenge(utf8(SERVER_FINAL))).isEmpty();
    assertThat(client.isComplete()).isTrue();
  }

  @Test
  void rfc7677WithoutInitialResponse() throws SaslException {
    SaslServerMechanism server = server();
    SaslClientMechanism client = SaslClientMechanisms.scramSha256("user", "pencil", () -> CLIENT_NONCE);
    byte[] empty = challenge(server.evaluate(null));
    assertThat(empty).isEmpty();
    assertThat(text(client.evaluateChallenge(empty))).isEqualTo(CLIENT_FIRST);
  }

  @Test
  void storedKeysDerivedFromThePassword() {
    ScramCredentials c = ScramCredentials.derive("pencil", Credentials.SALT, 4096);
    assertThat(c.iterations()).isEqualTo(4096);
    assertThat(c.storedKey()).hasSize(32);
    assertThat(c).isEqualTo(ScramCredentials.derive("pencil", Credentials.SALT, 4096));
    assertThat(c).isNotEqualTo(ScramCredentials.derive("pencil", Credentials.SALT, 4097));
    assertThat(c.toString()).doesNotContain(Base64.getEncoder().encodeToString(c.storedKey()))
        .doesNotContain(Base64.getEncoder().encodeToString(c.serverKey()));
    assertThatThrownBy(() -> ScramCredentials.derive("a\u0007", Credentials.SALT, 4096))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void gs2FlagYAndAnAuthorizationIdentity() {
    SaslServerMechanisms lenient = SaslServerMechanisms.builder().scramSha256(users, Credentials.DECOYS)
        .scramNonces(() -> SERVER_NONCE)
        .authorizationPolicy((authcid, authzid) -> authzid.equals("admin,x=y")).build();
    SaslServerMechanism server = lenient.create("SCRAM-SHA-256").orElseThrow();
    String serverFirst = text(challenge(server.evaluate(utf8("y,a=admin=2Cx=3Dy,n=user,r=" + CLIENT_NONCE))));
    assertThat(serverFirst).isEqualTo(SERVER_FIRST);
    // the channel-binding attribute must repeat the GS2 header: base64("y,a=admin=2Cx=3Dy,")
    String cbind = Base64.getEncoder().encodeToString(utf8("y,a=admin=2Cx=3Dy,"));
    String withoutProof = "c=" + cbind + ",r=" + CLIENT_NONCE + SERVER_NONCE;
    String proof = ScramProofs.proof("pencil", "n=user,r=" + CLIENT_NONCE, serverFirst, withoutProof);
    SaslServerStep step = server.evaluate(utf8(withoutProof + ",p=" + proof));
    assertThat(step).isInstanceOf(SaslServerStep.Success.class);
    assertThat(((SaslServerStep.Success) step).authorizationId()).isEqualTo("admin,x=y");
  }

  @Test
  void wrongPasswordIsInvalidCredentials() throws SaslException {
    SaslServerMechanism server = server();
    SaslClientMechanism client = SaslClientMechanisms.scramSha256("user", "pen", () -> CLIENT_NONCE);
    server.evaluate(client.initialResponse());
    byte[] clientFinal = client.evaluateChallenge(utf8(SERVER_FIRST));
    assertThat(failure(server.evaluate(clientFinal))).isEqualTo(SaslFailure.INVALID_CREDENTIALS);
  }

  @Test
  void unknownUserLooksLikeAKnownOneUntilTheProofFails() {
    SaslServerMechanisms registry = SaslServerMechanisms.builder().scramSha256(users, Credentials.DECOYS)
        .random(new SplittableRandom(1)).build();
    SaslServerMechanism first = registry.create("SCRAM-SHA-256").orElseThrow();
    String serverFirst = text(challenge(first.evaluate(utf8("n,,n=mallory,r=abc"))));
    assertThat(serverFirst).matches("r=abc[^,]+,s=[A-Za-z0-9+/=]+,i=4096");
    String again = text(challenge(registry.create("SCRAM-SHA-256").orElseThrow()
        .evaluate(utf8("n,,n=mallory,r=abc"))));
    assertThat(again.substring(again.indexOf(",s="))).isEqualTo(serverFirst.substring(serverFirst.indexOf(",s=")));
    String withoutProof = "c=biws,r=" + serverFirst.substring(2, serverFirst.indexOf(','));
    String proof = ScramProofs.proof("guess", "n=mallory,r=abc", serverFirst, withoutProof);
    assertThat(failure(first.evaluate(utf8(withoutProof + ",p=" + proof)))).isEqualTo(SaslFailure.INVALID_CREDENTIALS);
  }

  @Test
  void tamperedProofIsInvalidCredentials() {
    SaslServerMechanism server = server();
    server.evaluate(utf8(CLIENT_FIRST));
    String tampered = CLIENT_FINAL.replace("p=dHzb", "p=dHzc");
    assertThat(failure(server.evaluate(utf8(tampered)))).isEqualTo(SaslFailure.INVALID_CREDENTIALS);
  }

  @Test
  void wrongNonceIsRefused() {
    SaslServerMechanism server = server();
    server.evaluate(utf8(CLIENT_FIRST));
    String wrongNonce = CLIENT_FINAL.replace("hNlF$k0", "hNlF$k1");
    assertThat(failure(server.evaluate(utf8(wrongNonce)))).isEqualTo(SaslFailure.MALFORMED_RESPONSE);
  }

  @Test
  void channelBindingMismatchIsRefused() {
    SaslServerMechanism server = server();
    server.evaluate(utf8("y,,n=user,r=" + CLIENT_NONCE));
    assertThat(failure(server.evaluate(utf8(CLIENT_FINAL)))).isEqualTo(SaslFailure.MALFORMED_RESPONSE); // c=biws is "n,,"
  }

  @Test
  void malformedClientFirstMessages() {
    String[] bad = {"", "n,,", "p=tls-unique,,n=user,r=abc", "x,,n=user,r=abc", "n,,r=abc,n=user", "n,,n=,r=abc",
        "n,,n=us=er,r=abc", "n,,n=user,r=", "n,,n=user,r=a\u00e9", "n,,m=ext,n=user,r=abc", "n,a=,n=user,r=abc",
        "n,b=x,n=user,r=abc", "n,,n=user", "n,,n=user,,r=abc", "n;,n=user,r=abc"};
    for (String message : bad) {
      assertThat(failure(server().evaluate(utf8(message)))).as(message).isEqualTo(SaslFailure.MALFORMED_RESPONSE);
    }
    assertThat(failure(server().evaluate(new byte[] {'n', ',', ',', (byte) 0xC0}))).isEqualTo(SaslFailure.MALFORMED_RESPONSE);
  }

  @Test
  void malformedClientFinalMessages() {
    String nonce = CLIENT_NONCE + SERVER_NONCE;
    String[] bad = {"", "c=biws", "c=biws,r=" + nonce, "r=" + nonce + ",c=biws,p=AAAA", "c=biws,r=" + nonce + ",p=",
        "c=biws,r=" + nonce + ",p=AAAA", "c=b!ws,r=" + nonce + ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
        "c=biws,r=" + nonce + ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=,x=1",
        "c=biws,r=" + nonce + ",p=!!!!"};
    for (String message : bad) {
      SaslServerMechanism server = server();
      server.evaluate(utf8(CLIENT_FIRST));
      assertThat(failure(server.evaluate(utf8(message)))).as(message).isEqualTo(SaslFailure.MALFORMED_RESPONSE);
    }
  }

  @Test
  void unavailableStoreIsTemporaryFailure() {
    users.unavailable = true;
    assertThat(failure(server().evaluate(utf8(CLIENT_FIRST)))).isEqualTo(SaslFailure.TEMPORARY_FAILURE);
  }

  @Test
  void clientRefusesAForgedServerSignatureAndServerErrors() throws SaslException {
    SaslClientMechanism client = SaslClientMechanisms.scramSha256("user", "pencil", () -> CLIENT_NONCE);
    client.initialResponse();
    client.evaluateChallenge(utf8(SERVER_FIRST));
    assertThatThrownBy(() -> client.evaluateChallenge(utf8(SERVER_FINAL.replace("v=6", "v=7"))))
        .isInstanceOf(SaslException.class).hasMessageContaining("signature");
    assertThat(client.isComplete()).isFalse();

    SaslClientMechanism other = SaslClientMechanisms.scramSha256("user", "pencil", () -> CLIENT_NONCE);
    other.initialResponse();
    other.evaluateChallenge(utf8(SERVER_FIRST));
    assertThatThrownBy(() -> other.evaluateChallenge(utf8("e=invalid-proof\r\nfake")))
        .isInstanceOf(SaslException.class).hasMessage("SCRAM server error: invalid-proof??fake");
  }

  @Test
  void clientRefusesBadServerFirstMessages() {
    String[] bad = {
      "r=otherNonce,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",                      // does not extend our nonce
      "r=rOprNGfwEbeRWgbNEkqO,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",            // nothing added by the server
      "r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4095",           // too few iterations
      "r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=99999999999",    // absurd count
      "r=rOprNGfwEbeRWgbNEkqOx,s=!!,i=4096",
      "r=rOprNGfwEbeRWgbNEkqOx,s=,i=4096",
      "m=x,r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
      "garbage",
    };
    for (String message : bad) {
      SaslClientMechanism client = SaslClientMechanisms.scramSha256("user", "pencil", () -> CLIENT_NONCE);
      client.initialResponse();
      assertThatThrownBy(() -> client.evaluateChallenge(utf8(message))).as(message)
          .isInstanceOf(SaslException.class);
    }
  }

  @Test
  void clientNoncesFromTheHostsRandomSourceAreReproducible() {
    String a = text(SaslClientMechanisms.scramSha256("user", "pencil",
        SaslClientMechanisms.nonces(new SplittableRandom(3))).initialResponse());
    String b = text(SaslClientMechanisms.scramSha256("user", "pencil",
        SaslClientMechanisms.nonces(new SplittableRandom(3))).initialResponse());
    assertThat(a).isEqualTo(b).matches("n,,n=user,r=[A-Za-z0-9+/]{24}");
  }

  @Test
  void clientPreparesNamesAndEncodesCommasAndEquals() {
    SaslClientMechanism client = SaslClientMechanisms.scramSha256("a,b=c\u00AD", "pencil", () -> "n");
    assertThat(text(client.initialResponse())).isEqualTo("n,,n=a=2Cb=3Dc,r=n");
    assertThatThrownBy(() -> SaslClientMechanisms.scramSha256("\u0007", "p")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SaslClientMechanisms.scramSha256("u", "p", () -> "a,b").initialResponse())
        .isInstanceOf(IllegalStateException.class);
  }
}
