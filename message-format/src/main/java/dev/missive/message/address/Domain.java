package dev.missive.message.address;

import dev.missive.message.address.internal.Chars;
import java.util.Locale;
import java.util.Objects;

/**
 * The domain of a mailbox address: a dot-atom domain name or a bracketed address literal (RFC 5321 §4.1.2
 * {@code Domain} / {@code address-literal}, §4.1.3; RFC 5322 §3.4.1 {@code domain}).
 *
 * <p>The record accepts the RFC 5322 syntax, which is wider than the envelope's: a dot-atom whose labels may hold
 * any {@code atext} and (RFC 6531 §3.3, RFC 6532) non-ASCII characters, or {@code "[" *dtext "]"}. The stricter
 * RFC 5321 rules (letter-digit-hyphen labels, IPv4 and IPv6 literals) are applied by {@link EnvelopeSyntax}.
 * Non-ASCII labels are kept as U-labels; conversion to A-labels is only ever explicit, through
 * {@link IdnLabels}. Domains compare case-sensitively as records; use {@link #equalsIgnoreCase(Domain)} for the
 * case-insensitive comparison of RFC 5321 §2.4.
 *
 * @param value the domain as written, without surrounding white space or comments
 */
public record Domain(String value) {

  /**
   * Validates the syntax.
   *
   * @param value the domain as written, without surrounding white space or comments
   * @throws IllegalArgumentException if the value is empty, holds a control character, or is neither a dot-atom
   *     nor a bracketed literal
   */
  public Domain {
    Objects.requireNonNull(value, "value");
    Chars.requireNoControls(value, "domain");
    if (!isLiteralSyntax(value) && !isDotAtomDomain(value)) {
      throw new IllegalArgumentException("not a domain name or address literal (RFC 5322 §3.4.1)");
    }
  }

  /** {@return whether this is a bracketed address literal such as {@code [192.0.2.1]} (RFC 5321 §4.1.3)} */
  public boolean isAddressLiteral() {
    return value.charAt(0) == '[';
  }

  /**
   * The text between the brackets of an address literal, e.g. {@code IPv6:2001:db8::1}.
   *
   * @return the literal's content
   */
  public String literalContent() {
    if (!isAddressLiteral()) {
      throw new IllegalStateException("not an address literal");
    }
    return value.substring(1, value.length() - 1);
  }

  /** {@return whether the domain holds non-ASCII characters (U-labels), which need SMTPUTF8 (RFC 6531 §3.3)} */
  public boolean requiresUtf8() {
    return !Chars.isAscii(value);
  }

  /**
   * Case-insensitive comparison (RFC 5321 §2.4); U-labels are compared by simple case folding only.
   *
   * @param other the other domain
   * @return whether both are equal, ignoring ASCII case
   */
  public boolean equalsIgnoreCase(Domain other) {
    return value.toLowerCase(Locale.ROOT).equals(other.value.toLowerCase(Locale.ROOT));
  }

  /** The domain as written. */
  @Override
  public String toString() {
    return value;
  }

  private static boolean isLiteralSyntax(String v) {
    if (v.length() < 2 || v.charAt(0) != '[' || v.charAt(v.length() - 1) != ']') {
      return false;
    }
    for (int i = 1; i < v.length() - 1; ) {
      int c = v.codePointAt(i);
      if (!Chars.isAsciiDtext(c) && !Chars.isDomainNonAscii(c)) {
        return false;
      }
      i += Character.charCount(c);
    }
    return true;
  }

  private static boolean isDotAtomDomain(String v) {
    if (!Chars.isDotAtom(v, true)) {
      return false;
    }
    for (int i = 0; i < v.length(); ) {
      int c = v.codePointAt(i);
      if (c >= 0x80 && !Chars.isDomainNonAscii(c)) {
        return false;
      }
      i += Character.charCount(c);
    }
    return true;
  }
}
