package dev.missive.benchmarks.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.mailauth.dkim.DkimResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs issue 26's benchmark bodies once: both verifiers pass the same signed message, operation after operation. */
class DkimVerifyBenchmarkTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 200})
  void bothVerifiersPassTheSignedMessage(int bodyKiB) throws Exception {
    DkimVerifyBenchmark b = new DkimVerifyBenchmark();
    b.bodyKiB = bodyKiB;
    b.setUp(); // throws unless both pass
    for (int i = 0; i < 2; i++) {
      assertThat(b.missive()).extracting(DkimResult::status).containsExactly(DkimResult.Status.PASS);
      assertThat(b.jdkim()).hasSize(1);
    }
  }
}
