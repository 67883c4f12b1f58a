package dev.missive.sasl;

import dev.missive.sasl.internal.StringPrep;
import java.util.Optional;

/**
 * SASLprep, the stringprep profile for user names and passwords (RFC 4013), which SCRAM requires (RFC 5802 §2.2):
 * map non-ASCII spaces to SPACE and the "commonly mapped to nothing" characters away (RFC 3454 C.1.2, B.1),
 * normalise with NFKC, refuse prohibited output and check bidirectional strings (RFC 3454 §6).
 *
 * <p>Unassigned code points (RFC 3454 A.1, Unicode 3.2) are judged with the JDK's Unicode tables, which are newer:
 * a code point assigned after Unicode 3.2 is accepted in stored strings, where a strict Unicode 3.2 table would
 * refuse it.
 */
public final class SaslPrep {

  private SaslPrep() {}

  /**
   * Prepares a query string (RFC 3454 §7: unassigned code points allowed), such as a name or password a client
   * typed.
   *
   * @param input the string
   * @return the prepared string, or empty if the input holds prohibited output or fails the bidi check
   */
  public static Optional<String> query(String input) {
    return StringPrep.saslPrep(input, true);
  }

  /**
   * Prepares a stored string (RFC 3454 §7: unassigned code points refused), such as a password being set.
   *
   * @param input the string
   * @return the prepared string, or empty if the input holds prohibited or unassigned code points or fails the
   *         bidi check
   */
  public static Optional<String> stored(String input) {
    return StringPrep.saslPrep(input, false);
  }
}
