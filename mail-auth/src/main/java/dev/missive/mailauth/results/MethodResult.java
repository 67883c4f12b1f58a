package dev.missive.mailauth.results;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One {@code resinfo} of an Authentication-Results field (RFC 8601 §2.2): the method with its optional version,
 * the result, an optional comment after the result, an optional {@code reason}, and the properties that say what
 * was checked ({@code header.d=example.com}, {@code smtp.mailfrom=user@example.com}).
 *
 * @param method        the method keyword, lower case ({@code dkim}, {@code spf}, {@code dmarc}, {@code arc})
 * @param methodVersion the method's version ({@code dkim/1}), if written
 * @param result        the result keyword, lower case ({@code pass}, {@code fail}, …)
 * @param comment       a comment right after the result, without its parentheses
 * @param reason        the {@code reason=} value
 * @param properties    the properties in order
 */
public record MethodResult(String method, OptionalInt methodVersion, String result, Optional<String> comment,
                           Optional<String> reason, List<Property> properties) {

  /**
   * One {@code propspec}: {@code ptype.property=pvalue} (RFC 8601 §2.3).
   *
   * @param type  the property type, lower case ({@code smtp}, {@code header}, {@code body}, {@code policy})
   * @param name  the property, lower case ({@code mailfrom}, {@code d}, {@code from})
   * @param value the value, unquoted
   */
  public record Property(String type, String name, String value) {
    /**
     * Checks the values.
     *
     * @param type  the property type
     * @param name  the property
     * @param value the value
     */
    public Property {
      type = keyword(type, "property type");
      name = keyword(name, "property");
      value = text(value, "property value");
    }
  }

  /**
   * Checks the values: keywords are letters, digits and inner hyphens (RFC 8601 §2.2 {@code Keyword}); texts have
   * no control characters.
   *
   * @param method        the method keyword
   * @param methodVersion the method's version, if written
   * @param result        the result keyword
   * @param comment       a comment after the result
   * @param reason        the {@code reason=} value
   * @param properties    the properties in order
   */
  public MethodResult {
    method = keyword(method, "method");
    Objects.requireNonNull(methodVersion, "methodVersion");
    methodVersion.ifPresent(v -> {
      if (v < 0) {
        throw new IllegalArgumentException("negative method version");
      }
    });
    result = keyword(result, "result");
    comment = Objects.requireNonNull(comment, "comment").map(c -> text(c, "comment"));
    reason = Objects.requireNonNull(reason, "reason").map(r -> text(r, "reason"));
    properties = List.copyOf(properties);
  }

  /**
   * A result without version, comment or reason.
   *
   * @param method     the method keyword
   * @param result     the result keyword
   * @param properties the properties
   * @return the result
   */
  public static MethodResult of(String method, String result, Property... properties) {
    return new MethodResult(method, OptionalInt.empty(), result, Optional.empty(), Optional.empty(),
        List.of(properties));
  }

  /**
   * A copy with a comment after the result (empty text: none).
   *
   * @param text the comment, without parentheses
   * @return the copy
   */
  public MethodResult withComment(String text) {
    return new MethodResult(method, methodVersion, result, text.isEmpty() ? Optional.empty() : Optional.of(text),
        reason, properties);
  }

  /**
   * A copy with a {@code reason=}.
   *
   * @param text the reason
   * @return the copy
   */
  public MethodResult withReason(String text) {
    return new MethodResult(method, methodVersion, result, comment, Optional.of(text), properties);
  }

  /**
   * The value of the first property of this type and name.
   *
   * @param type the property type
   * @param name the property
   * @return the value, if present
   */
  public Optional<String> property(String type, String name) {
    return properties.stream().filter(p -> p.type.equalsIgnoreCase(type) && p.name.equalsIgnoreCase(name))
        .map(Property::value).findFirst();
  }

  static String keyword(String s, String what) {
    Objects.requireNonNull(s, what);
    if (!isKeyword(s)) {
      throw new IllegalArgumentException("not a keyword for the " + what + ": " + s);
    }
    return s.toLowerCase(Locale.ROOT);
  }

  /** RFC 8601 §2.2 {@code Keyword}: letters, digits, hyphens, starting with a letter, not ending with a hyphen. */
  static boolean isKeyword(CharSequence s) {
    int n = s.length();
    if (n == 0 || n > 64 || !isAlpha(s.charAt(0)) || s.charAt(n - 1) == '-') {
      return false;
    }
    for (int i = 1; i < n; i++) {
      char c = s.charAt(i);
      if (!isAlpha(c) && !(c >= '0' && c <= '9') && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static String text(String s, String what) {
    Objects.requireNonNull(s, what);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) && c != '\t' || c == '\u2028' || c == '\u2029') {
        throw new IllegalArgumentException("control character in the " + what);
      }
    }
    return s;
  }
}
