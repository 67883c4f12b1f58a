package dev.missive.message.address.internal;

/**
 * The content of an SMTP address literal (RFC 5321 §4.1.3): {@code IPv4-address-literal},
 * {@code IPv6-address-literal} and {@code General-address-literal}.
 */
public final class AddressLiterals {

  private AddressLiterals() {}

  /** Whether {@code s} (the text between the brackets) is a valid RFC 5321 §4.1.3 address literal. */
  public static boolean isValid(String s) {
    int colon = s.indexOf(':');
    if (colon < 0) {
      return isIpv4(s);
    }
    String tag = s.substring(0, colon);
    String rest = s.substring(colon + 1);
    if (tag.equalsIgnoreCase("IPv6")) {
      return isIpv6(rest);
    }
    return isLdhStr(tag) && isDcontent(rest);
  }

  /** RFC 5321 §4.1.3 {@code IPv4-address-literal}: {@code Snum 3("." Snum)}, each 1–3 digits, 0–255. */
  public static boolean isIpv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3) {
        return false;
      }
      for (int i = 0; i < p.length(); i++) {
        if (p.charAt(i) < '0' || p.charAt(i) > '9') {
          return false;
        }
      }
      if (Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  /**
   * RFC 5321 §4.1.3 {@code IPv6-addr}: full (8 groups), compressed ("::" standing for at least two groups, at most
   * 6 others), and the forms ending in an IPv4 address (6 groups, or at most 4 others with "::").
   */
  public static boolean isIpv6(String s) {
    int lastColon = s.lastIndexOf(':');
    if (lastColon < 0) {
      return false;
    }
    boolean v4 = s.indexOf('.', lastColon) >= 0;
    String rest = s;
    if (v4) {
      if (!isIpv4(s.substring(lastColon + 1))) {
        return false;
      }
      rest = s.substring(0, lastColon + 1);
      if (!rest.endsWith("::")) {
        rest = rest.substring(0, rest.length() - 1);
      }
    }
    int maxGroups = v4 ? 6 : 8;
    int dbl = rest.indexOf("::");
    if (dbl < 0) {
      return countGroups(rest) == maxGroups;
    }
    if (rest.indexOf("::", dbl + 1) >= 0) {
      return false;
    }
    int left = countGroups(rest.substring(0, dbl));
    int right = countGroups(rest.substring(dbl + 2));
    return left >= 0 && right >= 0 && left + right <= maxGroups - 2;
  }

  /** Number of colon-separated 1–4 digit hex groups, 0 for the empty string, -1 if malformed. */
  private static int countGroups(String s) {
    if (s.isEmpty()) {
      return 0;
    }
    String[] groups = s.split(":", -1);
    for (String g : groups) {
      if (g.isEmpty() || g.length() > 4) {
        return -1;
      }
      for (int i = 0; i < g.length(); i++) {
        if (Character.digit(g.charAt(i), 16) < 0 || g.charAt(i) > 'f') {
          return -1;
        }
      }
    }
    return groups.length;
  }

  /** RFC 5321 §4.1.2 {@code Ldh-str} used as a {@code Standardized-tag}: ends in a letter or digit. */
  private static boolean isLdhStr(String s) {
    if (s.isEmpty() || !Chars.isLetDig(s.charAt(s.length() - 1))) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!Chars.isLetDig(s.charAt(i)) && s.charAt(i) != '-') {
        return false;
      }
    }
    return true;
  }

  /** RFC 5321 §4.1.3 {@code 1*dcontent}: printable ASCII except "[", "\" and "]". */
  private static boolean isDcontent(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!Chars.isAsciiDtext(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
