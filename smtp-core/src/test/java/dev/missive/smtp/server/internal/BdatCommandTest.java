package dev.missive.smtp.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 3030 §2: {@code bdat-cmd = "BDAT" SP chunk-size [ SP end-marker ] CR LF}. */
class BdatCommandTest {

  @Test
  void sizeAndLastMarker() {
    assertThat(BdatCommand.parse("86")).contains(new BdatCommand(86, false));
    assertThat(BdatCommand.parse("0 LAST")).contains(new BdatCommand(0, true));
    assertThat(BdatCommand.parse("1000 last")).contains(new BdatCommand(1000, true));
    assertThat(BdatCommand.parse("999999999999999999")).contains(new BdatCommand(999_999_999_999_999_999L, false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " 10", "10 ", "10  LAST", "10 LAST X", "-1", "1x", "10 FIRST", "1000000000000000000"})
  void anythingElseIsASyntaxError(String args) {
    assertThat(BdatCommand.parse(args)).isEmpty();
  }
}
