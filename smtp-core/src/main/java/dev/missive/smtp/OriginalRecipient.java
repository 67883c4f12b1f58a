package dev.missive.smtp;

import dev.missive.smtp.internal.XText;

/**
 * The {@code ORCPT=} parameter of RCPT TO: the recipient as originally given, with its address type
 * (RFC 3461 §4.2), for example {@code rfc822;alice@example.org}.
 *
 * @param addressType the address type, an atom such as {@code rfc822}
 * @param address     the original address, decoded from xtext (printable ASCII)
 */
public record OriginalRecipient(String addressType, String address) {

  /** The longest ORCPT value as written on the wire (RFC 3461 §4.2: 500 characters). */
  public static final int MAX_LENGTH = 500;

  /**
   * Validates both parts.
   *
   * @param addressType the address type, an atom such as {@code rfc822}
   * @param address     the original address, decoded from xtext (printable ASCII)
   */
  public OriginalRecipient {
    if (addressType == null || addressType.isEmpty()) {
      throw new IllegalArgumentException("ORCPT address type must not be empty");
    }
    for (int i = 0; i < addressType.length(); i++) {
      char c = addressType.charAt(i);
      if (c <= 0x20 || c >= 0x7F || c == ';' || c == '=' || c == '+') {
        throw new IllegalArgumentException("ORCPT address type must be an atom");
      }
    }
    if (address == null || address.isEmpty() || !XText.isPrintableAscii(address)) {
      throw new IllegalArgumentException("ORCPT address must be printable ASCII");
    }
  }

  /** {@return the parameter value as written on the wire, {@code addr-type ";" xtext}} */
  public String toParameterValue() {
    return addressType + ";" + XText.encode(address);
  }
}
