package dev.missive.message.address;

import dev.missive.message.address.internal.Chars;
import java.util.Objects;

/**
 * The local part of a mailbox address (RFC 5321 §4.1.2 {@code Local-part}, RFC 5322 §3.4.1 {@code local-part}),
 * held as its content: a dot-atom as written, or a quoted string with its quotes and escapes removed.
 *
 * <p>RFC 5322 §3.4.1 makes the dot-atom and quoted-string forms of the same content identical, so
 * {@code "abc"} and {@code abc} are equal values; {@link #toWireForm()} writes the quoted form only when the
 * content needs it. The content may hold printable ASCII, space, and (RFC 6531 §3.3, RFC 6532 §3.2) non-ASCII
 * characters, which are kept as a {@code String} and only ever encoded as UTF-8; it can never hold NUL, CR, LF,
 * another control character, a line separator or a lone surrogate. Length limits are the envelope's business
 * ({@link EnvelopeSyntax}), since RFC 5322 has none.
 *
 * @param value the content (unquoted, unescaped); may be empty only because {@code ""} is a valid quoted string
 */
public record LocalPart(String value) {

  /**
   * Validates the content.
   *
   * @param value the content (unquoted, unescaped); may be empty only because {@code ""} is a valid quoted string
   * @throws IllegalArgumentException if it holds a control character or an unacceptable non-ASCII character
   */
  public LocalPart {
    Objects.requireNonNull(value, "value");
    Chars.requireNoControls(value, "local part");
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      if (c >= 0x80 && !Chars.isAcceptableNonAscii(c)) {
        throw new IllegalArgumentException("local part contains unacceptable character U+"
            + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + " at index " + i);
      }
      i += Character.charCount(c);
    }
  }

  /** {@return whether the wire form is a quoted string, that is, the content is not a dot-atom (RFC 5321 §4.1.2)} */
  public boolean isQuoted() {
    return !Chars.isDotAtom(value, true);
  }

  /** {@return whether the content holds non-ASCII characters, which need SMTPUTF8 (RFC 6531 §3.3) or RFC 6532} */
  public boolean requiresUtf8() {
    return !Chars.isAscii(value);
  }

  /**
   * The local part as written in a path or header: the content itself when it is a dot-atom, otherwise a quoted
   * string in which only {@code "} and {@code \} are escaped (RFC 5321 §4.1.2 {@code quoted-pairSMTP}).
   *
   * @return the local part in wire form
   */
  public String toWireForm() {
    if (!isQuoted()) {
      return value;
    }
    StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.append('"').toString();
  }

  /** The wire form. */
  @Override
  public String toString() {
    return toWireForm();
  }
}
