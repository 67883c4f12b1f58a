package dev.missive.sasl;

import static dev.missive.sasl.Exchange.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Secrets never show in {@code toString()} or failure details (RFC 4422 §9; docs/security.md, "Secrets"). */
class SecretsTest {

  private static final String PASSWORD = "Sup3rSecretPw";
  private static final String TOKEN = "tok3nSecretValue";

  @Test
  void clientMechanismsDoNotShowCredentials() {
    List<SaslClientMechanism> clients = List.of(SaslClientMechanisms.plain("", "u", PASSWORD),
        SaslClientMechanisms.login("u", PASSWORD), SaslClientMechanisms.cramMd5("u", PASSWORD),
        SaslClientMechanisms.scramSha256("u", PASSWORD), SaslClientMechanisms.oauthBearer("u", "h", 1, TOKEN),
        SaslClientMechanisms.xoauth2("u", TOKEN));
    for (SaslClientMechanism client : clients) {
      assertThat(client.toString()).as(client.name()).doesNotContain(PASSWORD).doesNotContain(TOKEN);
    }
  }

  @Test
  void failureDetailsDoNotEchoWhatTheClientSent() {
    Credentials users = new Credentials().with("u", "right");
    BearerTokenValidator tokens = request -> BearerTokenVerdict.Invalid.invalidToken();
    SaslServerMechanisms registry = SaslServerMechanisms.builder().plain(users).login(users).cramMd5(users)
        .scramSha256(users, Credentials.DECOYS).oauthBearer(tokens).xoauth2(tokens).build();
    List<String> responses = List.of("\0u\0" + PASSWORD, "u\0" + PASSWORD, PASSWORD,
        "n,,\u0001auth=Bearer " + TOKEN + "\u0001", "user=u\u0001auth=Bearer " + TOKEN + "\u0001",
        "c=biws,r=x,p=" + PASSWORD);
    for (String name : registry.names()) {
      for (String response : responses) {
        SaslServerMechanism mechanism = registry.create(name).orElseThrow();
        SaslServerStep step = mechanism.evaluate(utf8(response));
        while (step instanceof SaslServerStep.Challenge && !mechanism.isComplete()) {
          step = mechanism.evaluate(utf8(response));
        }
        assertThat(step.toString()).as(name).doesNotContain(PASSWORD).doesNotContain(TOKEN);
      }
    }
  }
}
