package dev.missive.pop3;

import java.util.List;
import java.util.Objects;

/**
 * One line of a CAPA response: a capability tag and its parameters (RFC 2449 §5 and §6, RFC 2595 §4 for STLS,
 * RFC 5034 §3 for SASL, RFC 6856 §2 for UTF8, RFC 3206 §6 for AUTH-RESP-CODE).
 *
 * <p>Tags and parameters go on the wire, so each must be non-empty printable ASCII without spaces (RFC 2449 §9
 * grammar: {@code capa-tag} and {@code param} are runs of VCHAR).
 *
 * @param tag        the capability name, such as {@code SASL}
 * @param parameters its parameters, such as the mechanism names
 */
public record Capability(String tag, List<String> parameters) {

  /** The TOP command is supported (RFC 2449 §6.1). */
  public static final Capability TOP = of("TOP");
  /** USER and PASS are accepted (RFC 2449 §6.2). */
  public static final Capability USER = of("USER");
  /** Extended response codes are used (RFC 2449 §6.4). */
  public static final Capability RESP_CODES = of("RESP-CODES");
  /** Commands may be pipelined (RFC 2449 §6.6). */
  public static final Capability PIPELINING = of("PIPELINING");
  /** The UIDL command is supported (RFC 2449 §6.8). */
  public static final Capability UIDL = of("UIDL");
  /** The STLS command is available (RFC 2595 §4). */
  public static final Capability STLS = of("STLS");
  /** The AUTH-RESP-CODE response code is used on authentication failures (RFC 3206 §6). */
  public static final Capability AUTH_RESP_CODE = of("AUTH-RESP-CODE");
  /** The LANG capability (RFC 6856 §3). */
  public static final Capability LANG = of("LANG");

  /**
   * Validates tag and parameters and copies the list.
   *
   * @param tag        the capability name, such as {@code SASL}
   * @param parameters its parameters, such as the mechanism names
   */
  public Capability {
    Objects.requireNonNull(tag, "tag");
    parameters = List.copyOf(parameters);
    requireToken(tag);
    for (String p : parameters) {
      requireToken(p);
    }
  }

  /**
   * A capability with optional parameters.
   *
   * @param tag        the capability tag
   * @param parameters its parameters
   * @return the capability
   */
  public static Capability of(String tag, String... parameters) {
    return new Capability(tag, List.of(parameters));
  }

  /**
   * The SASL capability listing mechanism names (RFC 5034 §3).
   *
   * @param mechanisms the SASL mechanism names
   * @return the SASL capability
   */
  public static Capability sasl(List<String> mechanisms) {
    return new Capability("SASL", mechanisms);
  }

  /**
   * The EXPIRE capability: {@code NEVER} or a number of days (RFC 2449 §6.7).
   *
   * @param policy {@code NEVER}, or the number of days
   * @return the EXPIRE capability
   */
  public static Capability expire(String policy) {
    return of("EXPIRE", policy);
  }

  /**
   * The LOGIN-DELAY capability in seconds (RFC 2449 §6.5).
   *
   * @param seconds the minimum delay between logins
   * @return the LOGIN-DELAY capability
   */
  public static Capability loginDelay(long seconds) {
    return of("LOGIN-DELAY", Long.toString(seconds));
  }

  /**
   * The IMPLEMENTATION capability naming the server software (RFC 2449 §6.9).
   *
   * @param name the server software's name
   * @return the IMPLEMENTATION capability
   */
  public static Capability implementation(String name) {
    return of("IMPLEMENTATION", name);
  }

  /**
   * The UTF8 capability, optionally with the {@code USER} parameter (RFC 6856 §2).
   *
   * @param user whether USER and PASS take UTF-8 too
   * @return the UTF8 capability
   */
  public static Capability utf8(boolean user) {
    return user ? of("UTF8", "USER") : of("UTF8");
  }

  /**
   * Whether this capability's tag equals {@code name}, ignoring case (tags are case-insensitive).
   *
   * @param name the tag to compare with
   * @return whether the tags are equal, ignoring case
   */
  public boolean is(String name) {
    return tag.equalsIgnoreCase(name);
  }

  /** {@return the CAPA line without CRLF} */
  public String toLine() {
    return parameters.isEmpty() ? tag : tag + " " + String.join(" ", parameters);
  }

  /**
   * Parses one CAPA line as a client receives it; total: returns null for an empty or invalid line.
   *
   * @param line one line of a CAPA response, without CRLF
   * @return the capability, or {@code null} if the line is not one
   */
  public static Capability parse(String line) {
    String[] parts = line.split(" +");
    if (parts.length == 0 || parts[0].isEmpty()) {
      return null;
    }
    for (String p : parts) {
      if (!isToken(p)) {
        return null;
      }
    }
    return new Capability(parts[0], List.of(parts).subList(1, parts.length));
  }

  private static void requireToken(String s) {
    if (!isToken(s)) {
      throw new IllegalArgumentException("not a capability token: " + ResponseCode.printable(s));
    }
  }

  private static boolean isToken(String s) {
    if (s.isEmpty() || s.length() > 255) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7F) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return toLine();
  }
}
