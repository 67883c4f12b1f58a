package dev.missive.sasl;

import static dev.missive.sasl.Exchange.failure;
import static dev.missive.sasl.Exchange.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The registry (RFC 4422 §3.1 names) and what every server mechanism shares: limits and the end of an exchange. */
class SaslServerMechanismsTest {

  private final Credentials users = new Credentials().with("tim", "tanstaaftanstaaf");
  private final BearerTokenValidator tokens = request -> BearerTokenVerdict.Invalid.invalidToken();
  private final SaslServerMechanisms all = SaslServerMechanisms.builder()
      .scramSha256(users, Credentials.DECOYS).cramMd5(users).plain(users).login(users).oauthBearer(tokens)
      .xoauth2(tokens).build();

  @Test
  void namesInTheHostsOrderAndPlaintextOnesHiddenWithoutEncryption() {
    assertThat(all.names()).containsExactly("SCRAM-SHA-256", "CRAM-MD5", "PLAIN", "LOGIN", "OAUTHBEARER", "XOAUTH2");
    assertThat(all.names(true)).isEqualTo(all.names());
    assertThat(all.names(false)).containsExactly("SCRAM-SHA-256", "CRAM-MD5");
    assertThat(all.requiresEncryption("plain")).isTrue();
    assertThat(all.requiresEncryption("XOAUTH2")).isTrue();
    assertThat(all.requiresEncryption("SCRAM-SHA-256")).isFalse();
    assertThat(all.requiresEncryption("NOPE")).isFalse();
  }

  @Test
  void createIsCaseInsensitiveAndFreshEachTime() {
    SaslServerMechanism a = all.create("scram-sha-256").orElseThrow();
    SaslServerMechanism b = all.create("SCRAM-SHA-256").orElseThrow();
    assertThat(a).isNotSameAs(b);
    assertThat(a.name()).isEqualTo("SCRAM-SHA-256");
    assertThat(all.create("Login").orElseThrow().name()).isEqualTo("LOGIN");
    assertThat(all.create("GSSAPI")).isEmpty();
    assertThat(all.create("SCRAM-SHA-256-PLUS")).isEmpty();
    assertThat(all.create("")).isEmpty();
  }

  @Test
  void overLongResponsesFailWithResponseTooLongBeforeAnyParsing() {
    byte[] huge = new byte[SaslServerMechanisms.DEFAULT_MAX_RESPONSE_LENGTH + 1];
    Arrays.fill(huge, (byte) 'a');
    for (String name : all.names()) {
      assertThat(failure(all.create(name).orElseThrow().evaluate(huge))).as(name)
          .isEqualTo(SaslFailure.RESPONSE_TOO_LONG);
    }
    SaslServerMechanisms small = SaslServerMechanisms.builder().plain(users).maxResponseLength(256).build();
    byte[] justRight = utf8("\0tim\0tanstaaftanstaaf");
    assertThat(small.create("PLAIN").orElseThrow().evaluate(justRight)).isInstanceOf(SaslServerStep.Success.class);
    assertThat(failure(small.create("PLAIN").orElseThrow().evaluate(new byte[257])))
        .isEqualTo(SaslFailure.RESPONSE_TOO_LONG);
    assertThat(users.lookups).isEqualTo(1);
  }

  @Test
  void evaluatingAfterTheEndIsHostMisuse() {
    SaslServerMechanism plain = all.create("PLAIN").orElseThrow();
    plain.evaluate(utf8("\0tim\0wrong"));
    assertThat(plain.isComplete()).isTrue();
    assertThatThrownBy(() -> plain.evaluate(utf8("\0tim\0tanstaaftanstaaf")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("PLAIN");
    SaslServerMechanism login = all.create("LOGIN").orElseThrow();
    login.evaluate(null);
    assertThat(login.isComplete()).isFalse();
    assertThatThrownBy(() -> login.evaluate(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cancelEndsEveryExchangeWithCancelled() {
    for (String name : all.names()) {
      SaslServerMechanism mechanism = all.create(name).orElseThrow();
      mechanism.evaluate(null);
      assertThat(mechanism.cancel().reason()).as(name).isEqualTo(SaslFailure.CANCELLED);
      assertThat(mechanism.isComplete()).isTrue();
      assertThatThrownBy(mechanism::cancel).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> mechanism.evaluate(new byte[0])).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void customMechanismsAndBuilderMisuse() {
    SaslServerMechanisms custom = SaslServerMechanisms.builder().custom("X-TEST", false, () -> null).build();
    assertThat(custom.names()).containsExactly("X-TEST");
    assertThatThrownBy(() -> SaslServerMechanisms.builder().custom("bad name", false, () -> null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SaslServerMechanisms.builder().plain(users).plain(users))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SaslServerMechanisms.builder().hostname("a\r\nb"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SaslServerMechanisms.builder().maxResponseLength(10))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A custom mechanism whose every step is {@code evaluate}'s. */
  private static SaslServerMechanism mechanism(java.util.function.Function<byte[], SaslServerStep> evaluate) {
    return new SaslServerMechanism() {
      @Override
      public String name() {
        return "X-CUSTOM";
      }

      @Override
      public SaslServerStep evaluate(byte[] response) {
        return evaluate.apply(response);
      }

      @Override
      public boolean isComplete() {
        return false;
      }
    };
  }

  @Test
  void aMechanismThatThrowsEndsInATemporaryFailureWhoseDetailHidesTheMessage() {
    SaslServerMechanisms broken = SaslServerMechanisms.builder()
        .custom("X-BOOM", false, () -> mechanism(response -> {
          throw new IllegalArgumentException("password hunter2 rejected");
        }))
        .custom("X-NULL", false, () -> mechanism(response -> null))
        .custom("X-FACTORY", false, () -> {
          throw new IllegalStateException("store hunter2 down");
        })
        .custom("X-NOTHING", false, () -> null).build();
    for (String name : broken.names()) {
      SaslServerMechanism m = broken.create(name).orElseThrow();
      assertThat(m.name()).isEqualTo(name);
      SaslServerStep step = m.evaluate(utf8("hunter2"));
      assertThat(failure(step)).as(name).isEqualTo(SaslFailure.TEMPORARY_FAILURE);
      assertThat(((SaslServerStep.Failure) step).detail()).as(name).startsWith(name).doesNotContain("hunter2");
      assertThat(m.isComplete()).isTrue();
      assertThatThrownBy(() -> m.evaluate(new byte[0])).isInstanceOf(IllegalStateException.class);
    }
    assertThat(((SaslServerStep.Failure) broken.create("X-BOOM").orElseThrow().evaluate(null)).detail())
        .contains("IllegalArgumentException", "SaslServerMechanismsTest");
  }

  @Test
  void stepsHideSecretsAndCompareByContent() {
    SaslServerStep.Success success = new SaslServerStep.Success("a", "b", utf8("v=secret"));
    assertThat(success.toString()).doesNotContain("secret").contains("8 bytes");
    assertThat(success).isEqualTo(new SaslServerStep.Success("a", "b", utf8("v=secret")));
    assertThat(new SaslServerStep.Challenge(utf8("xyz")).toString()).doesNotContain("xyz");
    byte[] data = utf8("abc");
    SaslServerStep.Challenge challenge = new SaslServerStep.Challenge(data);
    data[0] = 'z';
    challenge.data()[1] = 'z';
    assertThat(challenge.data()).isEqualTo(utf8("abc"));
  }
}
