package dev.missive.sasl.internal;

import java.text.Normalizer;
import java.util.Optional;

/**
 * The SASLprep profile (RFC 4013 §2) of stringprep (RFC 3454): mapping (B.1, C.1.2), NFKC, prohibited output
 * (C.1.2, C.2.1, C.2.2, C.3 to C.9) and the bidirectional rules of RFC 3454 §6.
 */
public final class StringPrep {

  /** RFC 3454 B.1: commonly mapped to nothing, as inclusive ranges. */
  private static final int[] MAPPED_TO_NOTHING = {
    0x00AD, 0x00AD, 0x034F, 0x034F, 0x1806, 0x1806, 0x180B, 0x180D, 0x200B, 0x200D, 0x2060, 0x2060,
    0xFE00, 0xFE0F, 0xFEFF, 0xFEFF,
  };

  /** RFC 3454 C.1.2: non-ASCII space characters. */
  private static final int[] NON_ASCII_SPACE = {
    0x00A0, 0x00A0, 0x1680, 0x1680, 0x2000, 0x200B, 0x202F, 0x202F, 0x205F, 0x205F, 0x3000, 0x3000,
  };

  /** RFC 3454 C.2.1, C.2.2, C.3, C.5, C.6, C.7, C.8, C.9 (C.4 non-characters are tested arithmetically). */
  private static final int[] PROHIBITED = {
    // C.2.1 ASCII control characters
    0x0000, 0x001F, 0x007F, 0x007F,
    // C.2.2 non-ASCII control characters
    0x0080, 0x009F, 0x06DD, 0x06DD, 0x070F, 0x070F, 0x180E, 0x180E, 0x200C, 0x200D, 0x2028, 0x2029,
    0x2060, 0x2063, 0x206A, 0x206F, 0xFEFF, 0xFEFF, 0xFFF9, 0xFFFC, 0x1D173, 0x1D17A,
    // C.3 private use
    0xE000, 0xF8FF, 0xF0000, 0xFFFFD, 0x100000, 0x10FFFD,
    // C.5 surrogate codes
    0xD800, 0xDFFF,
    // C.6 inappropriate for plain text
    0xFFF9, 0xFFFD,
    // C.7 inappropriate for canonical representation
    0x2FF0, 0x2FFB,
    // C.8 change display properties or deprecated
    0x0340, 0x0341, 0x200E, 0x200F, 0x202A, 0x202E, 0x206A, 0x206F,
    // C.9 tagging characters
    0xE0001, 0xE0001, 0xE0020, 0xE007F,
  };

  private StringPrep() {}

  /**
   * Applies SASLprep.
   *
   * @param input           the string
   * @param allowUnassigned true for queries, false for stored strings (RFC 3454 §7)
   * @return the prepared string, or empty if prohibited
   */
  public static Optional<String> saslPrep(String input, boolean allowUnassigned) {
    StringBuilder mapped = new StringBuilder(input.length());
    for (int i = 0; i < input.length(); ) {
      int cp = input.codePointAt(i);
      i += Character.charCount(cp);
      if (in(NON_ASCII_SPACE, cp)) {
        mapped.append(' ');
      } else if (!in(MAPPED_TO_NOTHING, cp)) {
        mapped.appendCodePoint(cp);
      }
    }
    String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
    boolean randAl = false;
    boolean l = false;
    for (int i = 0; i < normalized.length(); ) {
      int cp = normalized.codePointAt(i);
      i += Character.charCount(cp);
      if (isProhibited(cp) || (!allowUnassigned && !Character.isDefined(cp))) {
        return Optional.empty();
      }
      randAl |= isRandAL(cp);
      l |= Character.getDirectionality(cp) == Character.DIRECTIONALITY_LEFT_TO_RIGHT;
    }
    if (randAl && (l || !isRandAL(normalized.codePointAt(0))
        || !isRandAL(normalized.codePointBefore(normalized.length())))) {
      return Optional.empty(); // RFC 3454 §6 rules 2 and 3
    }
    return Optional.of(normalized);
  }

  /** Whether a code point is prohibited output under SASLprep (RFC 4013 §2.3). */
  static boolean isProhibited(int cp) {
    return in(NON_ASCII_SPACE, cp) || in(PROHIBITED, cp) || isNonCharacter(cp);
  }

  /** RFC 3454 C.4: U+FDD0..U+FDEF and the last two code points of every plane. */
  private static boolean isNonCharacter(int cp) {
    return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
  }

  /** RFC 3454 D.1: characters with bidirectional property R or AL. */
  private static boolean isRandAL(int cp) {
    byte d = Character.getDirectionality(cp);
    return d == Character.DIRECTIONALITY_RIGHT_TO_LEFT || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
  }

  private static boolean in(int[] ranges, int cp) {
    for (int i = 0; i < ranges.length; i += 2) {
      if (cp >= ranges[i] && cp <= ranges[i + 1]) {
        return true;
      }
    }
    return false;
  }
}
