package dev.missive.message.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MessageLimitsTest {

  @Test
  void presetsFollowDovecotsDefaults() {
    assertThat(MessageLimits.DEFAULT.maxDepth()).isEqualTo(100);
    assertThat(MessageLimits.DEFAULT.maxParts()).isEqualTo(10_000);
    assertThat(MessageLimits.STRICT.maxFieldLength()).isLessThan(MessageLimits.DEFAULT.maxFieldLength());
    assertThat(MessageLimits.PERMISSIVE.maxParts()).isGreaterThan(MessageLimits.DEFAULT.maxParts());
  }

  @Test
  void compactConstructorRejectsNonsense() {
    assertThatThrownBy(() -> new MessageLimits(10, 1, 1000, 1, 1, 1024))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFieldLength");
    assertThatThrownBy(() -> MessageLimits.DEFAULT.withMaxDepth(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDepth");
    assertThatThrownBy(() -> MessageLimits.DEFAULT.withMaxParts(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxParts");
    assertThatThrownBy(() -> new MessageLimits(1000, 1, 999, 1, 1, 1024))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxHeaderBlockSize");
    assertThatThrownBy(() -> new MessageLimits(1000, 1, 1000, 1, 1, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bodyChunkSize");
  }

  @Test
  void optionsRequireLimitsAndMode() {
    assertThatThrownBy(() -> new ParserOptions(null, BodyMode.RAW, false)).isInstanceOf(NullPointerException.class);
    assertThat(ParserOptions.DEFAULT.withLimits(MessageLimits.STRICT).limits()).isEqualTo(MessageLimits.STRICT);
  }
}
