package dev.missive.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SASLprep (RFC 4013), first with the examples of its §3. */
class SaslPrepTest {

  @Test
  void rfc4013Section3Examples() {
    assertThat(SaslPrep.query("I\u00ADX")).contains("IX");          // 1: SOFT HYPHEN mapped to nothing
    assertThat(SaslPrep.query("user")).contains("user");            // 2: no transformation
    assertThat(SaslPrep.query("USER")).contains("USER");            // 3: case preserved
    assertThat(SaslPrep.query("\u00AA")).contains("a");             // 4: output is NFKC
    assertThat(SaslPrep.query("\u2168")).contains("IX");            // 5: output is NFKC
    assertThat(SaslPrep.query("\u0007")).isEmpty();                 // 6: prohibited character
    assertThat(SaslPrep.query("\u0627\u0031")).isEmpty();           // 7: bidirectional check
  }

  @Test
  void nonAsciiSpacesBecomeSpaceAndCommonlyMappedToNothingVanish() {
    assertThat(SaslPrep.query("a\u00A0b\u3000c")).contains("a b c");
    assertThat(SaslPrep.query("a\u200Bb")).contains("a b");         // U+200B is in C.1.2 as well as B.1
    assertThat(SaslPrep.query("p\uFEFFa\u180Bss")).contains("pass");
  }

  @ParameterizedTest
  @ValueSource(ints = {0x0000, 0x001F, 0x007F, 0x0085, 0x2028, 0xE000, 0xF0000, 0xFDD0, 0xFFFF, 0x1FFFE, 0xD800,
      0xFFFD, 0x2FF0, 0x200E, 0x202E, 0xE0001, 0xE0041, 0x1D173})
  void prohibitedOutputIsRefused(int codePoint) {
    assertThat(SaslPrep.query("a" + new String(Character.toChars(codePoint)) + "b")).isEmpty();
  }

  @Test
  void rightToLeftStringsMustStartAndEndRightToLeft() {
    assertThat(SaslPrep.query("\u0627\u0031\u0628")).contains("\u0627\u0031\u0628");
    assertThat(SaslPrep.query("\u0031\u0627")).isEmpty();
    assertThat(SaslPrep.query("\u0627a\u0628")).isEmpty();           // RandALCat and LCat together
  }

  @Test
  void storedStringsRefuseUnassignedCodePointsQueriesAllowThem() {
    String unassigned = new String(Character.toChars(0x0378));      // unassigned in every Unicode version so far
    assertThat(SaslPrep.query("a" + unassigned)).isPresent();
    assertThat(SaslPrep.stored("a" + unassigned)).isEmpty();
    assertThat(SaslPrep.stored("pencil")).contains("pencil");
  }

  @Test
  void emptyStaysEmpty() {
    assertThat(SaslPrep.query("")).contains("");
    assertThat(SaslPrep.query("\u00AD")).contains("");
  }
}
