package dev.missive.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

/** Drives a client mechanism against a server mechanism in memory, as an engine would (RFC 4422 §3). */
final class Exchange {

  private Exchange() {}

  /**
   * Runs a whole exchange: the client's initial response if {@code initialResponse}, then challenge and response
   * until the server ends it; a success's additional data goes to the client as one more challenge, which must be
   * answered with an empty response (RFC 4954 §4).
   */
  static SaslServerStep run(SaslClientMechanism client, SaslServerMechanism server, boolean initialResponse)
      throws SaslException {
    SaslServerStep step = server.evaluate(initialResponse ? client.initialResponse() : null);
    for (int rounds = 0; step instanceof SaslServerStep.Challenge; rounds++) {
      assertThat(rounds).as("rounds").isLessThan(10);
      step = server.evaluate(client.evaluateChallenge(((SaslServerStep.Challenge) step).data()));
    }
    if (step instanceof SaslServerStep.Success && ((SaslServerStep.Success) step).additionalData() != null) {
      assertThat(client.evaluateChallenge(((SaslServerStep.Success) step).additionalData())).isEmpty();
    }
    assertThat(server.isComplete()).isTrue();
    return step;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  static byte[] challenge(SaslServerStep step) {
    assertThat(step).isInstanceOf(SaslServerStep.Challenge.class);
    return ((SaslServerStep.Challenge) step).data();
  }

  static SaslFailure failure(SaslServerStep step) {
    assertThat(step).isInstanceOf(SaslServerStep.Failure.class);
    return ((SaslServerStep.Failure) step).reason();
  }
}
