package dev.missive.sasl.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code key=value} fields separated by {@code %x01} that OAUTHBEARER (RFC 7628 §3.1) and XOAUTH2 send, and the
 * bearer credential in their {@code auth} field (RFC 6750 §2.1).
 */
public final class OAuthFields {

  /** The separator, {@code kvsep} of RFC 7628 §3.1. */
  public static final char SEP = '\u0001';

  private OAuthFields() {}

  /**
   * Parses {@code *(key "=" value %x01) %x01}: fields, each ended by {@code %x01}, and a final {@code %x01}.
   * Keys are ASCII letters; values are {@link #isValueChar value characters}.
   *
   * @return the fields in order, or {@code null} if malformed or a key repeats
   */
  public static Map<String, String> parse(String text) {
    if (!text.endsWith("" + SEP + SEP) && !text.equals("" + SEP)) {
      return null;
    }
    Map<String, String> fields = new LinkedHashMap<>();
    int start = 0;
    int end;
    while ((end = text.indexOf(SEP, start)) > start) {
      String field = text.substring(start, end);
      int eq = field.indexOf('=');
      if (eq <= 0 || !field.substring(0, eq).chars().allMatch(c -> (c | 0x20) >= 'a' && (c | 0x20) <= 'z')
          || !field.substring(eq + 1).chars().allMatch(OAuthFields::isValueChar)
          || fields.put(field.substring(0, eq), field.substring(eq + 1)) != null) {
        return null;
      }
      start = end + 1;
    }
    return end == start && start == text.length() - 1 ? fields : null;
  }

  /**
   * Extracts the token from an {@code auth} value {@code "Bearer" 1*SP b64token} (RFC 6750 §2.1; the scheme is
   * case-insensitive).
   *
   * @return the token, or {@code null} if the value is not a bearer credential
   */
  public static String bearerToken(String auth) {
    if (auth == null || auth.length() < 8 || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = auth.substring(7).stripLeading();
    boolean b64token = !token.isEmpty() && token.chars().allMatch(c -> (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~+/=".indexOf(c) >= 0);
    return b64token ? token : null;
  }

  /**
   * Whether a character may appear in a field value: RFC 7628 §3.1's {@code VCHAR / SP / HTAB / CR / LF}, and also
   * non-ASCII characters other than C1 controls, so an internationalised address (RFC 6531) fits XOAUTH2's
   * {@code user=} field.
   */
  public static boolean isValueChar(int c) {
    return (c >= 0x20 && c <= 0x7e) || c == '\t' || c == '\r' || c == '\n' || c >= 0xA0;
  }
}
