package dev.missive.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Each client mechanism against its server mechanism over random credentials, and garbage against both sides. */
class MechanismPropertiesTest {

  private static final String TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~+/";

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().withCharRange('\u0021', '\u007E').withCharRange('\u00A1', '\u017F').withCharRange('\u0410', '\u044F')
        .withCharRange('\u4E00', '\u4E40').ofMinLength(1).ofMaxLength(24);
  }

  @Provide
  Arbitrary<String> passwords() {
    return Arbitraries.strings().withCharRange('\u0020', '\u007E').withCharRange('\u00A0', '\u017F').withCharRange('\u0410', '\u044F')
        .withCharRange('\u4E00', '\u4E40').ofMinLength(1).ofMaxLength(40);
  }

  @Provide
  Arbitrary<String> tokens() {
    return Arbitraries.strings().withChars(TOKEN_CHARS.toCharArray()).ofMinLength(1).ofMaxLength(200)
        .map(t -> t + "==");
  }

  @Property(tries = 200)
  void plainLoginAndCramMd5Authenticate(@ForAll("names") String user, @ForAll("passwords") String password,
      @ForAll("passwords") String other) throws SaslException {
    Credentials users = new Credentials().with(user, password);
    SaslServerMechanisms registry = SaslServerMechanisms.builder().plain(users).login(users).cramMd5(users).build();
    List<SaslClientMechanism> right = List.of(SaslClientMechanisms.plain("", user, password),
        SaslClientMechanisms.login(user, password), SaslClientMechanisms.cramMd5(user, password));
    for (SaslClientMechanism client : right) {
      SaslServerStep step = Exchange.run(client, registry.create(client.name()).orElseThrow(),
          true);
      assertThat(step).as(client.name()).isEqualTo(new SaslServerStep.Success(user, user, null));
      assertThat(client.isComplete()).isTrue();
    }
    Assume.that(!other.equals(password));
    List<SaslClientMechanism> wrong = List.of(SaslClientMechanisms.plain("", user, other),
        SaslClientMechanisms.login(user, other), SaslClientMechanisms.cramMd5(user, other));
    for (SaslClientMechanism client : wrong) {
      SaslServerStep step = Exchange.run(client, registry.create(client.name()).orElseThrow(), false);
      assertThat(Exchange.failure(step)).as(client.name()).isEqualTo(SaslFailure.INVALID_CREDENTIALS);
    }
  }

  @Property(tries = 60)
  void scramSha256Authenticates(@ForAll("names") String user, @ForAll("passwords") String password,
      @ForAll boolean initialResponse) throws SaslException {
    Optional<String> prepared = SaslPrep.query(user).filter(s -> !s.isEmpty());
    Assume.that(prepared.isPresent() && SaslPrep.stored(password).isPresent());
    Credentials users = new Credentials().with(prepared.get(), password);
    SaslServerMechanisms registry = SaslServerMechanisms.builder().scramSha256(users, Credentials.DECOYS).build();
    SaslClientMechanism client = SaslClientMechanisms.scramSha256(user, password);
    SaslServerStep step = Exchange.run(client, registry.create("SCRAM-SHA-256").orElseThrow(), initialResponse);
    assertThat(step).isInstanceOf(SaslServerStep.Success.class);
    assertThat(((SaslServerStep.Success) step).authenticationId()).isEqualTo(prepared.get());
    assertThat(client.isComplete()).isTrue();

    SaslClientMechanism wrong = SaslClientMechanisms.scramSha256(user, password + "x");
    assertThat(Exchange.failure(Exchange.run(wrong, registry.create("SCRAM-SHA-256").orElseThrow(), true)))
        .isEqualTo(SaslFailure.INVALID_CREDENTIALS);
  }

  @Property(tries = 200)
  void oauthMechanismsAuthenticate(@ForAll("names") String user, @ForAll("tokens") String token,
      @ForAll boolean initialResponse) throws SaslException {
    BearerTokenValidator validator = request -> request.token().equals(token)
        ? new BearerTokenVerdict.Valid(user) : BearerTokenVerdict.Invalid.invalidToken();
    SaslServerMechanisms registry = SaslServerMechanisms.builder().oauthBearer(validator).xoauth2(validator).build();
    List<SaslClientMechanism> right = List.of(SaslClientMechanisms.oauthBearer(user, "mail.example.com", 587, token),
        SaslClientMechanisms.xoauth2(user, token));
    for (SaslClientMechanism client : right) {
      SaslServerStep step = Exchange.run(client, registry.create(client.name()).orElseThrow(), initialResponse);
      assertThat(step).as(client.name()).isEqualTo(new SaslServerStep.Success(user, user, null));
    }
    List<SaslClientMechanism> wrong = List.of(SaslClientMechanisms.oauthBearer(user, "", -1, token + "x"),
        SaslClientMechanisms.xoauth2(user, "x" + token));
    for (SaslClientMechanism client : wrong) {
      SaslServerStep step = Exchange.run(client, registry.create(client.name()).orElseThrow(), initialResponse);
      assertThat(Exchange.failure(step)).as(client.name()).isEqualTo(SaslFailure.INVALID_CREDENTIALS);
    }
  }

  @Property(tries = 300)
  void serversAnswerGarbageWithTypedSteps(@ForAll @Size(min = 1, max = 4) List<byte[]> responses,
      @ForAll boolean firstAbsent) {
    Credentials users = new Credentials().with("user", "pencil");
    BearerTokenValidator validator = request -> BearerTokenVerdict.Invalid.invalidToken();
    SaslServerMechanisms registry = SaslServerMechanisms.builder().plain(users).login(users).cramMd5(users)
        .scramSha256(users, Credentials.DECOYS).oauthBearer(validator).xoauth2(validator).build();
    for (String name : registry.names()) {
      SaslServerMechanism server = registry.create(name).orElseThrow();
      boolean first = true;
      for (byte[] response : responses) {
        if (server.isComplete()) {
          break;
        }
        byte[] sent = first && firstAbsent ? null : response;
        first = false;
        assertThatCode(() -> assertThat(server.evaluate(sent)).isNotNull()).as(name).doesNotThrowAnyException();
      }
    }
  }

  @Property(tries = 300)
  void clientsAnswerGarbageWithResponsesOrSaslException(@ForAll @Size(max = 3) List<byte[]> challenges) {
    List<SaslClientMechanism> clients = List.of(SaslClientMechanisms.plain("", "u", "p"),
        SaslClientMechanisms.login("u", "p"), SaslClientMechanisms.cramMd5("u", "p"),
        SaslClientMechanisms.scramSha256("u", "p", () -> "nonce"), SaslClientMechanisms.oauthBearer("u", "h", 1, "t"),
        SaslClientMechanisms.xoauth2("u", "t"));
    for (SaslClientMechanism client : clients) {
      for (byte[] challenge : challenges) {
        try {
          assertThat(client.evaluateChallenge(challenge)).isNotNull();
        } catch (SaslException expected) {
          break;
        }
      }
    }
  }
}
