package dev.missive.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the text the JDK's DNS provider gives for each record type (its presentation of RFC 1035 §3.3 RDATA) back
 * into values; {@code null} for text that is not of the expected form.
 */
final class JndiAnswers {

  private JndiAnswers() {
  }

  /**
   * The character-strings of a TXT record as the provider shows it: strings separated by one space, a string
   * quoted when it is empty or holds a space (quotes inside are not escaped).
   *
   * @param s the provider's text
   * @return the strings
   */
  public static List<String> txtStrings(String s) {
    List<String> out = new ArrayList<>(1);
    int i = 0;
    while (i < s.length()) {
      if (s.charAt(i) == '"') {
        int from = i + 1;
        int q = s.indexOf('"', from);
        while (q >= 0 && q + 1 < s.length() && s.charAt(q + 1) != ' ') {
          q = s.indexOf('"', q + 1);
        }
        if (q < 0) {
          out.add(s.substring(i));
          break;
        }
        out.add(s.substring(from, q));
        i = q + 2;
      } else {
        int sp = s.indexOf(' ', i);
        int end = sp < 0 ? s.length() : sp;
        out.add(s.substring(i, end));
        i = end + 1;
      }
    }
    if (out.isEmpty()) {
      out.add("");
    }
    return out;
  }

  /**
   * An MX record shown as {@code PREFERENCE EXCHANGE}.
   *
   * @param s the provider's text
   * @return the record, or null
   */
  public static MxRecord mx(String s) {
    int sp = s.indexOf(' ');
    if (sp < 1 || sp > 5) {
      return null;
    }
    for (int i = 0; i < sp; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return null;
      }
    }
    int preference = Integer.parseInt(s.substring(0, sp));
    String exchange = hostName(s.substring(sp + 1));
    if (preference > 0xffff || exchange == null) {
      return null;
    }
    return new MxRecord(preference, exchange);
  }

  /**
   * A host name without its trailing dot; the root stays {@code "."}.
   *
   * @param s the provider's text
   * @return the name, or null
   */
  public static String hostName(String s) {
    if (s.isEmpty() || s.equals(".")) {
      return ".";
    }
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  /**
   * An IPv4 address in dotted-quad form.
   *
   * @param s the provider's text
   * @return the address, or null
   */
  public static Inet4Address ipv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] b = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        return null;
      }
      b[i] = (byte) v;
    }
    try {
      return (Inet4Address) InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /**
   * An IPv6 address in the provider's colon form (never a host name, so no look-up happens).
   *
   * @param s the provider's text
   * @return the address, or null
   */
  public static Inet6Address ipv6(String s) {
    if (s.indexOf(':') < 0 || !s.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
      return null;
    }
    try {
      InetAddress a = InetAddress.getByName(s);
      if (a instanceof Inet6Address v6) {
        return v6;
      }
      return null;
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
