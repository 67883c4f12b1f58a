package dev.missive.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Modified UTF-7 of RFC 3501 §5.1.3 / RFC 9051 Appendix A.1, strict both ways. */
class ModifiedUtf7Test {

  @Test
  void rfcExample() {
    // RFC 9051 Appendix A.1: English, Chinese and Japanese text
    String name = "~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e";
    assertThat(ModifiedUtf7.encode(name)).isEqualTo("~peter/mail/&U,BTFw-/&ZeVnLIqe-");
    assertThat(ModifiedUtf7.decode("~peter/mail/&U,BTFw-/&ZeVnLIqe-")).isEqualTo(name);
  }

  @Test
  void ampersandAndAscii() {
    assertThat(ModifiedUtf7.encode("Tom & Jerry")).isEqualTo("Tom &- Jerry");
    assertThat(ModifiedUtf7.decode("Tom &- Jerry")).isEqualTo("Tom & Jerry");
    assertThat(ModifiedUtf7.encode("Entw\u00fcrfe")).isEqualTo("Entw&APw-rfe");
    assertThat(ModifiedUtf7.encode("a\u0000b")).isEqualTo("a&AAA-b");
  }

  @Test
  void refusesEveryMalformedForm() {
    // RFC 9051 Appendix A.1: "&Jjo!" is not a valid name (no terminating "-")
    for (String bad : new String[] {
        "&Jjo!",          // unterminated run
        "&AGE-",          // base64 for "a", a printable character that represents itself
        "&APw-&APw-",     // adjacent runs: a superfluous shift
        "&APw",           // unterminated at the end
        "&A-",            // too few bits for a character
        "&APx-",          // non-zero padding bits
        "&2D0-",          // unpaired high surrogate
        "&3gA-",          // unpaired low surrogate
        "&AP/-",          // '/' is not modified base64 (',' is)
        "caf\u00e9",      // 8-bit text is never modified UTF-7
        "a\tb"}) {        // controls are encoded, never raw
      assertThatThrownBy(() -> ModifiedUtf7.decode(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Property(tries = 200)
  void roundTripsAnyText(@ForAll String name) {
    if (!isWellFormed(name)) {
      assertThatThrownBy(() -> ModifiedUtf7.encode(name)).isInstanceOf(IllegalArgumentException.class);
      return;
    }
    String encoded = ModifiedUtf7.encode(name);
    assertThat(encoded.chars().allMatch(c -> c >= 0x20 && c <= 0x7E)).isTrue();
    assertThat(ModifiedUtf7.decode(encoded)).isEqualTo(name);
  }

  private static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
