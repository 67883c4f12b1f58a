package dev.missive.dns;

import java.util.List;

/**
 * One TXT record (RFC 1035 §3.3.14): one or more character-strings. SPF, DKIM and DMARC read a record as its
 * strings concatenated without separators (RFC 7208 §3.3, RFC 6376 §3.6.2.2, RFC 7489 §6.4), which
 * {@link #text()} gives. Octets are characters U+0000–U+00FF (ISO-8859-1), so no octet is lost.
 *
 * @param strings the character-strings, each at most 255 octets
 */
public record TxtRecord(List<String> strings) {

  /**
   * Copies the strings.
   *
   * @param strings the character-strings, each at most 255 octets
   */
  public TxtRecord {
    strings = List.copyOf(strings);
  }

  /**
   * A record of one or more strings.
   *
   * @param strings the character-strings
   * @return the record
   */
  public static TxtRecord of(String... strings) {
    return new TxtRecord(List.of(strings));
  }

  /** {@return the strings concatenated without separators} */
  public String text() {
    return strings.size() == 1 ? strings.get(0) : String.join("", strings);
  }
}
