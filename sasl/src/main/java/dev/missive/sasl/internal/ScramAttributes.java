package dev.missive.sasl.internal;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A SCRAM message as its comma-separated {@code attr-val} list (RFC 5802 §7): each element is one ASCII letter,
 * {@code =}, and a value without commas.
 */
public final class ScramAttributes {

  private final List<String> values;
  private final String names;

  private ScramAttributes(String names, List<String> values) {
    this.names = names;
    this.values = values;
  }

  /**
   * Splits a message.
   *
   * @return the attributes, or {@code null} if an element is not {@code letter "=" value}
   */
  public static ScramAttributes parse(String message) {
    StringBuilder names = new StringBuilder();
    List<String> values = new ArrayList<>();
    int start = 0;
    while (true) {
      int end = message.indexOf(',', start);
      String element = message.substring(start, end < 0 ? message.length() : end);
      if (element.length() < 2 || element.charAt(1) != '=' || !isAsciiLetter(element.charAt(0))) {
        return null;
      }
      names.append(element.charAt(0));
      values.add(element.substring(2));
      if (end < 0) {
        return new ScramAttributes(names.toString(), values);
      }
      start = end + 1;
    }
  }

  /** The number of attributes. */
  public int size() {
    return values.size();
  }

  /** Whether attribute {@code index} exists and has the name {@code name}. */
  public boolean is(int index, char name) {
    return index < names.length() && names.charAt(index) == name;
  }

  /** The value of attribute {@code index}. */
  public String value(int index) {
    return values.get(index);
  }

  /** Whether a nonce is non-empty {@code printable} (RFC 5802 §7: %x21-2B / %x2D-7E). */
  public static boolean isPrintable(String nonce) {
    return !nonce.isEmpty() && nonce.chars().allMatch(c -> c >= 0x21 && c <= 0x7e && c != ',');
  }

  /** Decodes base64 (RFC 4648 §4), or returns {@code null} if the value is not valid base64. */
  public static byte[] base64(String value) {
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
