package dev.missive.mailauth.internal;

import dev.missive.dns.DnsNames;
import dev.missive.mailauth.MalformedRecordException;
import java.util.Base64;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The value grammars DKIM signatures, key records and ARC fields share (RFC 6376 §3.5, RFC 8617 §4.1): domain
 * names, selectors, decimal numbers and base64.
 */
public final class TagValues {

  /** The most digits a number tag may have (RFC 6376 §3.5 allows 76; more than a long holds is refused). */
  private static final int MAX_DIGITS = 18;

  private TagValues() {
  }

  /**
   * A {@code d=} value: lower case, without a trailing dot.
   *
   * @param value the value
   * @param tag   the tag, for the message
   * @return the domain
   * @throws MalformedRecordException if it is not a domain name
   */
  public static String domainName(String value, String tag) throws MalformedRecordException {
    String d = value.toLowerCase(Locale.ROOT);
    if (d.endsWith(".")) {
      d = d.substring(0, d.length() - 1);
    }
    if (!DnsNames.isQueryable(d)) {
      throw new MalformedRecordException("malformed domain " + tag + TagList.excerpt(value) + " (RFC 6376 §3.5)");
    }
    return d;
  }

  /**
   * An {@code s=} value (RFC 6376 §3.1): labels of letters, digits, hyphens and underscores.
   *
   * @param value the value
   * @return the selector
   * @throws MalformedRecordException if it is not a selector
   */
  public static String selector(String value) throws MalformedRecordException {
    if (value.isEmpty() || !DnsNames.isQueryable(value + "._domainkey.x")
        || !value.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_')) {
      throw new MalformedRecordException("malformed selector s=" + TagList.excerpt(value) + " (RFC 6376 §3.1)");
    }
    return value;
  }

  /**
   * A decimal number tag.
   *
   * @param tags the tag list
   * @param name the tag
   * @return the number, or empty when the tag is absent
   * @throws MalformedRecordException if it is not a number of at most 18 digits
   */
  public static OptionalLong number(TagList tags, String name) throws MalformedRecordException {
    String v = tags.value(name).orElse(null);
    if (v == null) {
      return OptionalLong.empty();
    }
    if (v.isEmpty() || v.length() > MAX_DIGITS || !v.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      throw new MalformedRecordException("malformed number " + name + "=" + TagList.excerpt(v));
    }
    return OptionalLong.of(Long.parseLong(v));
  }

  /**
   * A base64 value, folding white space removed.
   *
   * @param value the value
   * @param tag   the tag, for the message
   * @return the octets
   * @throws MalformedRecordException if it is not base64
   */
  public static byte[] base64(String value, String tag) throws MalformedRecordException {
    try {
      return Base64.getDecoder().decode(TagList.compact(value));
    } catch (IllegalArgumentException e) {
      throw new MalformedRecordException("malformed base64 in " + tag + " (RFC 6376 §3.5)");
    }
  }
}
