package dev.missive.sasl;

import static dev.missive.sasl.Exchange.challenge;
import static dev.missive.sasl.Exchange.text;
import static dev.missive.sasl.Exchange.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * SCRAM-SHA-256 for unknown users (RFC 5802 §9, issue 12 item 11): the answer is the same shape as a real user's,
 * the same for every spelling the store treats as one user, on every build with the same host secret.
 */
class ScramDecoysTest {

  private static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final UnaryOperator<String> CASE_INSENSITIVE = name -> name.toLowerCase(Locale.ROOT);

  /** A store that files users under lower-case names, with 8192 iterations and 20-octet salts. */
  private final Map<String, ScramCredentials> store = new HashMap<>();

  ScramDecoysTest() {
    byte[] salt = new byte[20];
    new SplittableRandom(7).nextBytes(salt);
    store.put("alice", ScramCredentials.derive("wonderland", salt, 8192));
  }

  private SaslServerMechanisms build(byte[] secret, long seed) {
    return SaslServerMechanisms.builder()
        .scramSha256(name -> Optional.ofNullable(store.get(name)), ScramDecoys.of(secret, CASE_INSENSITIVE, 8192, 20))
        .random(new SplittableRandom(seed)).build();
  }

  /** The server-first-message's {@code s=} and {@code i=} attributes for {@code user}. */
  private static String saltAndIterations(SaslServerMechanisms registry, String user) {
    String first = text(challenge(registry.create("SCRAM-SHA-256").orElseThrow()
        .evaluate(utf8("n,,n=" + user + ",r=clientnonce"))));
    return first.substring(first.indexOf(",s="));
  }

  @Test
  void spellingsTheLookupTreatsAsOneUserGetOneAnswerWhetherTheUserExistsOrNot() {
    SaslServerMechanisms registry = build(SECRET, 1);
    assertThat(saltAndIterations(registry, "CAROL")).isEqualTo(saltAndIterations(registry, "carol"))
        .isEqualTo(saltAndIterations(registry, "Carol"));
    assertThat(saltAndIterations(registry, "ALICE")).isEqualTo(saltAndIterations(registry, "alice"));
    assertThat(saltAndIterations(registry, "carol")).isNotEqualTo(saltAndIterations(registry, "dave"));
  }

  @Test
  void theSameSecretGivesTheSameDecoyOnEveryBuildAndAnotherSecretAnother() {
    // two ports, or a restart: separate builds with their own random sources, one host secret
    String port1 = saltAndIterations(build(SECRET, 1), "carol");
    String port2 = saltAndIterations(build(SECRET.clone(), 99), "carol");
    assertThat(port2).isEqualTo(port1);
    byte[] other = SECRET.clone();
    other[0] ^= 1;
    assertThat(saltAndIterations(build(other, 1), "carol")).isNotEqualTo(port1);
  }

  @Test
  void anUnknownUserIsAnsweredInTheShapeOfARealOneAndFailsLikeAWrongPassword() {
    SaslServerMechanisms registry = build(SECRET, 1);
    String real = saltAndIterations(registry, "alice");
    String unknown = saltAndIterations(registry, "carol");
    assertThat(real).matches(",s=[A-Za-z0-9+/]{27}=,i=8192");
    assertThat(unknown).matches(",s=[A-Za-z0-9+/]{27}=,i=8192");

    SaslServerStep.Failure wrongPassword = finish(registry, "alice", "guess");
    SaslServerStep.Failure unknownUser = finish(registry, "carol", "guess");
    assertThat(unknownUser).isEqualTo(wrongPassword);
    assertThat(finish(registry, "ALICE", "wonderland")).isNull();
  }

  /** Runs a whole exchange for {@code user} with {@code password}; the failure, or null on success. */
  private static SaslServerStep.Failure finish(SaslServerMechanisms registry, String user, String password) {
    SaslServerMechanism server = registry.create("SCRAM-SHA-256").orElseThrow();
    String serverFirst = text(challenge(server.evaluate(utf8("n,,n=" + user + ",r=abc"))));
    String withoutProof = "c=biws,r=" + serverFirst.substring(2, serverFirst.indexOf(','));
    String proof = ScramProofs.proof(password, "n=" + user + ",r=abc", serverFirst, withoutProof);
    SaslServerStep step = server.evaluate(utf8(withoutProof + ",p=" + proof));
    return step instanceof SaslServerStep.Failure f ? f : null;
  }

  @Test
  void theLookupReceivesTheNormalizedName() {
    String[] seen = new String[1];
    SaslServerMechanisms registry = SaslServerMechanisms.builder().scramSha256(name -> {
      seen[0] = name;
      return Optional.empty();
    }, ScramDecoys.of(SECRET, CASE_INSENSITIVE, 4096, 16)).build();
    registry.create("SCRAM-SHA-256").orElseThrow().evaluate(utf8("n,,n=CaRoL,r=abc"));
    assertThat(seen[0]).isEqualTo("carol");
  }

  @Test
  void decoysAreDeterministicValidatedAndKeepTheirSecret() {
    ScramDecoys decoys = ScramDecoys.of(SECRET, UnaryOperator.identity(), 4096, 40);
    ScramCredentials c = decoys.credentials("carol");
    assertThat(c).isEqualTo(ScramDecoys.of(SECRET.clone(), UnaryOperator.identity(), 4096, 40).credentials("carol"));
    assertThat(c.salt()).hasSize(40);
    assertThat(Arrays.copyOfRange(c.salt(), 32, 40)).isNotEqualTo(new byte[8]);
    assertThat(c.iterations()).isEqualTo(4096);
    assertThat(decoys.toString()).doesNotContain("0123456789abcdef").contains("4096");
    assertThatThrownBy(() -> ScramDecoys.of(new byte[31], UnaryOperator.identity(), 4096, 16))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScramDecoys.of(SECRET, UnaryOperator.identity(), 0, 16))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScramDecoys.of(SECRET, UnaryOperator.identity(), 4096, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SaslServerMechanisms.builder().scramSha256(name -> Optional.empty(), null))
        .isInstanceOf(NullPointerException.class);
  }
}
