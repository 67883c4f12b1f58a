package dev.missive.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;

/**
 * Domain names as the resolver takes them (RFC 1035 §2.3.4, RFC 2181 §11): which names can be asked, their
 * normal form, and the reverse-mapping names of addresses (RFC 1035 §3.5, RFC 3596 §2.5).
 */
public final class DnsNames {

  /** The most octets of a name in text form without the trailing dot (RFC 1035 §2.3.4: 255 on the wire). */
  public static final int MAX_NAME_LENGTH = 253;
  /** The most octets of one label (RFC 1035 §2.3.4). */
  public static final int MAX_LABEL_LENGTH = 63;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private DnsNames() {
  }

  /**
   * Whether a name can be asked: non-empty labels of 1–63 octets, at most 253 octets in all (one trailing dot
   * allowed), and only printable US-ASCII and space, without backslash. RFC 2181 §11 allows any octet in a
   * label; mail names are host names (letters, digits, hyphens) plus the underscore labels of DKIM and DMARC, and
   * SPF's macro expansion can add other printable characters and spaces (RFC 7208 §7.1 {@code %_}), so those are
   * allowed.
   *
   * @param name the name
   * @return whether the resolver accepts it
   */
  public static boolean isQueryable(String name) {
    if (name == null) {
      return false;
    }
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    if (n.isEmpty() || n.length() > MAX_NAME_LENGTH) {
      return false;
    }
    int labelStart = 0;
    for (int i = 0; i <= n.length(); i++) {
      if (i == n.length() || n.charAt(i) == '.') {
        int len = i - labelStart;
        if (len < 1 || len > MAX_LABEL_LENGTH) {
          return false;
        }
        labelStart = i + 1;
        continue;
      }
      char c = n.charAt(i);
      if (c < ' ' || c >= 0x7f || c == '\\') {
        return false;
      }
    }
    return true;
  }

  /**
   * The name in the resolver's normal form: lower case, no trailing dot.
   *
   * @param name a name {@link #isQueryable(String)} accepts
   * @return the normal form
   * @throws IllegalArgumentException if the name cannot be asked
   */
  public static String normalize(String name) {
    requireQueryable(name);
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    return n.toLowerCase(Locale.ROOT);
  }

  /**
   * Throws unless {@link #isQueryable(String)}.
   *
   * @param name the name
   * @return the name
   * @throws IllegalArgumentException if the name cannot be asked
   */
  public static String requireQueryable(String name) {
    if (!isQueryable(name)) {
      throw new IllegalArgumentException("not a domain name the resolver can ask: "
          + (name == null ? "null" : excerpt(name)));
    }
    return name;
  }

  /**
   * The reverse-mapping name of an address: {@code 4.3.2.1.in-addr.arpa} for 1.2.3.4 (RFC 1035 §3.5), the 32
   * reversed nibbles under {@code ip6.arpa} for IPv6 (RFC 3596 §2.5).
   *
   * @param address the address
   * @return the name to ask for PTR records
   */
  public static String reverseName(InetAddress address) {
    byte[] b = address.getAddress();
    StringBuilder s = new StringBuilder(address instanceof Inet4Address ? 29 : 73);
    if (address instanceof Inet4Address) {
      for (int i = 3; i >= 0; i--) {
        s.append(b[i] & 0xff).append('.');
      }
      return s.append("in-addr.arpa").toString();
    }
    for (int i = b.length - 1; i >= 0; i--) {
      s.append(HEX[b[i] & 0xf]).append('.').append(HEX[(b[i] >> 4) & 0xf]).append('.');
    }
    return s.append("ip6.arpa").toString();
  }

  static String excerpt(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 80; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return s.length() > 80 ? b.append('…').toString() : b.toString();
  }
}
