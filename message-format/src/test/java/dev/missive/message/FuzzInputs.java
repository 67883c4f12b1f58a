package dev.missive.message;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.missive.message.stream.BodyMode;
import dev.missive.message.stream.MessageLimits;
import dev.missive.message.stream.ParserOptions;

/**
 * Fuzz-test helper: parser options drawn from the fuzzer's input, so one input file reproduces a run. Half the
 * inputs use the default limits; the others use limits small enough for short inputs to reach every one of them.
 */
public final class FuzzInputs {

  private FuzzInputs() {}

  /**
   * Options from the provider's next values.
   *
   * @param data the fuzzer's input
   * @return limits, body mode and malformed-header policy
   */
  public static ParserOptions options(FuzzedDataProvider data) {
    MessageLimits limits = MessageLimits.DEFAULT;
    if (data.consumeBoolean()) {
      int fieldLength = data.consumeInt(78, 1000);
      limits = new MessageLimits(fieldLength, data.consumeInt(1, 40), fieldLength + data.consumeInt(0, 2000),
          data.consumeInt(1, 8), data.consumeInt(1, 40), data.consumeInt(1024, 4096));
    }
    return new ParserOptions(limits, data.pickValue(BodyMode.values()), data.consumeBoolean());
  }
}
