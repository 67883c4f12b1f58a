package dev.missive.imap.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The builder changes only what it is told and validates like the constructor (RFC 2683 §3.2.1.5's 8 000). */
class ImapLimitsTest {

  @Test
  void builderStartsFromDefaultAndChangesOnlyWhatItIsTold() {
    ImapLimits l = ImapLimits.builder().maxAppendSize(1 << 20).maxNestingDepth(20).build();
    assertThat(l).isEqualTo(new ImapLimits(64 * 1024, 4 << 20, 20, 1_000, 1 << 20));
    assertThat(ImapLimits.STRICT.toBuilder().build()).isEqualTo(ImapLimits.STRICT);
    assertThat(ImapLimits.PERMISSIVE.toBuilder().maxCommandLength(8_000).maxResponseLength(9_000)
        .maxLiteralsPerCommand(8).build())
        .isEqualTo(new ImapLimits(8_000, 9_000, 250, 8, 1L << 30));
  }

  @Test
  void buildRejectsWhatTheConstructorRejects() {
    assertThatThrownBy(() -> ImapLimits.builder().maxCommandLength(7_999).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxCommandLength");
    assertThatThrownBy(() -> ImapLimits.builder().maxResponseLength((1 << 30) + 1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 GiB");
    assertThatThrownBy(() -> ImapLimits.builder().maxAppendSize(-1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAppendSize");
    assertThatThrownBy(() -> ImapLimits.builder().maxNestingDepth(7).build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
