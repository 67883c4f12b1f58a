package dev.missive.message.builder;

import dev.missive.message.address.AddrSpec;
import dev.missive.message.address.AddressFormatter;
import dev.missive.message.address.Mailbox;
import java.util.Objects;

/**
 * Checks and formats the values the builder puts into header fields (RFC 5322 §3.2–§3.4, RFC 2047 §5): nothing the
 * caller supplies may carry CR, LF, NUL, NEL, U+2028 or U+2029 (docs/security.md, "Header injection through the
 * builder"), so no value can start a new field or line.
 */
final class HeaderValues {

  private HeaderValues() {
  }

  static String requireSafe(String what, String value) {
    Objects.requireNonNull(value, what);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0 || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        throw new IllegalArgumentException(what + " contains a line break or NUL (U+"
            + String.format("%04X", (int) c) + " at index " + i + "); refused");
      }
    }
    return value;
  }

  static String requireToken(String what, String value) {
    requireSafe(what, value);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?=".indexOf(c) >= 0) {
        throw new IllegalArgumentException(what + " is not an RFC 2045 token: " + value);
      }
    }
    return value;
  }

  /** A charset that writes CR, LF and printable US-ASCII as their US-ASCII octets (RFC 2046 §4.1.2). */
  static void requireAsciiCompatible(java.nio.charset.Charset charset) {
    java.util.Objects.requireNonNull(charset, "charset");
    String probe = "\r\n !\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~";
    if (!charset.canEncode() || !java.util.Arrays.equals(probe.getBytes(charset),
        probe.getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
      throw new IllegalArgumentException("charset " + charset.name() + " does not write US-ASCII as US-ASCII, so"
          + " its line breaks are not CRLF (RFC 2046 §4.1.2); use UTF-8");
    }
  }

  static void requireMimeType(String mimeType) {
    requireSafe("media type", mimeType);
    int slash = mimeType.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("media type needs type/subtype: " + mimeType);
    }
    requireToken("media type", mimeType.substring(0, slash));
    requireToken("media subtype", mimeType.substring(slash + 1));
  }

  /** id-left "@" id-right content of a msg-id (RFC 5322 §3.6.4), printable ASCII without brackets. */
  static void requireMsgIdContent(String what, String id) {
    requireSafe(what, id);
    if (id.isEmpty()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c <= ' ' || c >= 0x7f || c == '<' || c == '>') {
        throw new IllegalArgumentException(what + " must be printable ASCII without <, > or spaces: " + id);
      }
    }
  }

  /** Lines end with CRLF only and hold at most 998 octets (RFC 5322 §2.1.1, §2.3). */
  static void requireCanonicalLines(String what, byte[] data) {
    int lineLength = 0;
    for (int i = 0; i < data.length; i++) {
      byte b = data[i];
      if (b == '\r' && i + 1 < data.length && data[i + 1] == '\n') {
        i++;
        lineLength = 0;
      } else if (b == '\r' || b == '\n' || b == 0) {
        throw new IllegalArgumentException(what + " has a bare CR, LF or NUL at offset " + i);
      } else if (++lineLength > 998) {
        throw new IllegalArgumentException(what + " has a line over 998 octets at offset " + i);
      }
    }
  }

  /**
   * A mailbox {@code [display-name] <addr-spec>} (RFC 5322 §3.4) from a display name (or {@code null}) and an
   * address in the strict RFC 5321 §4.1.2 syntax; formatted later by {@link AddressFormatter} (atoms, quoted
   * string or RFC 2047 words; raw UTF-8 with {@code utf8}).
   */
  static Mailbox mailbox(String displayName, String address) {
    AddrSpec spec = AddrSpec.parse(requireSafe("address", address));
    if (displayName == null || displayName.isEmpty()) {
      return Mailbox.of(spec);
    }
    return Mailbox.of(requireSafe("display name", displayName), spec);
  }
}
