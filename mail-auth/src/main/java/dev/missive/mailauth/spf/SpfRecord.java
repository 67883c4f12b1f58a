package dev.missive.mailauth.spf;

import dev.missive.mailauth.MalformedRecordException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An SPF record (RFC 7208 §4.5, §4.6, §12): its directives in order and its {@code redirect=} and {@code exp=}
 * modifiers; unknown modifiers are checked for syntax and ignored (§6). The whole record is checked before it is
 * evaluated (§4.6: a syntax error anywhere is a permerror).
 *
 * @param directives the directives in order
 * @param redirect   the {@code redirect=} domain-spec, if any
 * @param explanation the {@code exp=} domain-spec, if any
 */
public record SpfRecord(List<Directive> directives, Optional<MacroString> redirect,
                        Optional<MacroString> explanation) {

  /**
   * A qualifier and its mechanism (§4.6.2).
   *
   * @param qualifier the qualifier
   * @param mechanism the mechanism
   */
  public record Directive(Qualifier qualifier, Mechanism mechanism) {}

  /**
   * Copies the directives.
   *
   * @param directives the directives in order
   * @param redirect   the {@code redirect=} domain-spec, if any
   * @param explanation the {@code exp=} domain-spec, if any
   */
  public SpfRecord {
    directives = List.copyOf(directives);
  }

  /**
   * Whether a TXT record is an SPF record: {@code v=spf1} (any case) followed by a space or the end (§4.5).
   *
   * @param text the record's strings concatenated
   * @return whether it is one
   */
  public static boolean isSpfRecord(String text) {
    return text.regionMatches(true, 0, "v=spf1", 0, 6) && (text.length() == 6 || text.charAt(6) == ' ');
  }

  /**
   * Parses a record. This is the fuzzing entry point of the SPF grammar.
   *
   * @param text the record, starting with {@code v=spf1}
   * @return the record
   * @throws MalformedRecordException if it does not follow RFC 7208 §12
   */
  public static SpfRecord parse(String text) throws MalformedRecordException {
    if (!isSpfRecord(text)) {
      throw new MalformedRecordException("not an SPF record: it must start with v=spf1 (RFC 7208 §4.5)");
    }
    List<Directive> directives = new ArrayList<>();
    MacroString redirect = null;
    MacroString exp = null;
    for (String term : text.substring(6).split(" ", -1)) {
      if (term.isEmpty()) {
        continue; // 1*SP between terms
      }
      int eq = term.indexOf('=');
      int colon = term.indexOf(':');
      int slash = term.indexOf('/');
      if (eq > 0 && (colon < 0 || eq < colon) && (slash < 0 || eq < slash)) {
        String name = term.substring(0, eq);
        if (!isModifierName(name)) {
          throw new MalformedRecordException("malformed modifier name '" + excerpt(name) + "' (RFC 7208 §4.6.1)");
        }
        MacroString value = MacroString.parse(term.substring(eq + 1), false);
        if (name.equalsIgnoreCase("redirect") || name.equalsIgnoreCase("exp")) {
          if (!value.isDomainSpec()) {
            throw new MalformedRecordException(name + "= needs a domain-spec (RFC 7208 §6)");
          }
          if (name.equalsIgnoreCase("redirect")) {
            if (redirect != null) {
              throw new MalformedRecordException("redirect= appears twice (RFC 7208 §6)");
            }
            redirect = value;
          } else {
            if (exp != null) {
              throw new MalformedRecordException("exp= appears twice (RFC 7208 §6)");
            }
            exp = value;
          }
        }
        continue;
      }
      directives.add(directive(term));
    }
    return new SpfRecord(directives, Optional.ofNullable(redirect), Optional.ofNullable(exp));
  }

  /** {@return whether a directive has the {@code all} mechanism, which makes {@code redirect=} unused (§6.1)} */
  public boolean hasAll() {
    return directives.stream().anyMatch(d -> d.mechanism() instanceof Mechanism.All);
  }

  private static Directive directive(String term) throws MalformedRecordException {
    Qualifier q = Qualifier.of(term.charAt(0));
    String m = q == null ? term : term.substring(1);
    q = q == null ? Qualifier.PASS : q;
    int end = 0;
    while (end < m.length() && Character.isLetterOrDigit(m.charAt(end)) && m.charAt(end) < 0x80) {
      end++;
    }
    String name = m.substring(0, end).toLowerCase(Locale.ROOT);
    String rest = m.substring(end);
    switch (name) {
      case "all":
        requireEmpty(rest, name);
        return new Directive(q, new Mechanism.All());
      case "include":
        return new Directive(q, new Mechanism.Include(requiredSpec(rest, name)));
      case "exists":
        return new Directive(q, new Mechanism.Exists(requiredSpec(rest, name)));
      case "ptr":
        return new Directive(q, new Mechanism.Ptr(optionalSpec(rest, name)));
      case "a":
      case "mx": {
        int[] cidr = {32, 128};
        String spec = dualCidr(rest, cidr);
        Optional<MacroString> domain = optionalSpec(spec, name);
        return new Directive(q, name.equals("a") ? new Mechanism.A(domain, cidr[0], cidr[1])
            : new Mechanism.Mx(domain, cidr[0], cidr[1]));
      }
      case "ip4":
      case "ip6":
        return new Directive(q, ip(name, rest));
      default:
        throw new MalformedRecordException("unknown mechanism '" + excerpt(term) + "' (RFC 7208 §5)");
    }
  }

  private static void requireEmpty(String rest, String name) throws MalformedRecordException {
    if (!rest.isEmpty()) {
      throw new MalformedRecordException("'" + name + "' takes no argument (RFC 7208 §5)");
    }
  }

  private static MacroString requiredSpec(String rest, String name) throws MalformedRecordException {
    if (!rest.startsWith(":") || rest.length() == 1) {
      throw new MalformedRecordException("'" + name + "' needs ':domain-spec' (RFC 7208 §5)");
    }
    return spec(rest.substring(1), name);
  }

  private static Optional<MacroString> optionalSpec(String rest, String name) throws MalformedRecordException {
    if (rest.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(requiredSpec(rest, name));
  }

  private static MacroString spec(String s, String name) throws MalformedRecordException {
    MacroString m = MacroString.parse(s, false);
    if (!m.isDomainSpec()) {
      throw new MalformedRecordException("'" + name + "' has a malformed domain-spec (RFC 7208 §7.1)");
    }
    return m;
  }

  /** Removes a trailing {@code /cidr4} and/or {@code //cidr6} and stores them; returns what precedes them. */
  private static String dualCidr(String rest, int[] cidr) throws MalformedRecordException {
    int dbl = rest.lastIndexOf("//");
    String s = rest;
    if (dbl >= 0) {
      cidr[1] = cidrLength(s.substring(dbl + 2), 128);
      s = s.substring(0, dbl);
    }
    int single = s.lastIndexOf('/');
    if (single >= 0 && (single + 1 >= s.length() || Character.isDigit(s.charAt(single + 1)))) {
      cidr[0] = cidrLength(s.substring(single + 1), 32);
      s = s.substring(0, single);
    }
    return s;
  }

  private static int cidrLength(String digits, int max) throws MalformedRecordException {
    if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(Character::isDigit)
        || (digits.length() > 1 && digits.charAt(0) == '0')) {
      throw new MalformedRecordException("malformed CIDR length '/" + excerpt(digits) + "' (RFC 7208 §5.6)");
    }
    int n = Integer.parseInt(digits);
    if (n > max) {
      throw new MalformedRecordException("CIDR length /" + n + " over " + max + " (RFC 7208 §5.6)");
    }
    return n;
  }

  private static Mechanism ip(String name, String rest) throws MalformedRecordException {
    if (!rest.startsWith(":")) {
      throw new MalformedRecordException("'" + name + "' needs ':address' (RFC 7208 §5.6)");
    }
    String net = rest.substring(1);
    boolean v4 = name.equals("ip4");
    int cidr = v4 ? 32 : 128;
    int slash = net.indexOf('/');
    if (slash >= 0) {
      cidr = cidrLength(net.substring(slash + 1), v4 ? 32 : 128);
      net = net.substring(0, slash);
    }
    InetAddress address = v4 ? ipv4(net) : ipv6(net);
    if (address == null) {
      throw new MalformedRecordException("malformed " + name + " address '" + excerpt(net) + "' (RFC 7208 §5.6)");
    }
    return v4 ? new Mechanism.Ip4(address, cidr) : new Mechanism.Ip6(address, cidr);
  }

  static InetAddress ipv4(String s) {
    String[] p = s.split("\\.", -1);
    if (p.length != 4) {
      return null;
    }
    byte[] b = new byte[4];
    for (int i = 0; i < 4; i++) {
      if (p[i].isEmpty() || p[i].length() > 3 || !p[i].chars().allMatch(Character::isDigit)
          || (p[i].length() > 1 && p[i].charAt(0) == '0') || Integer.parseInt(p[i]) > 255) {
        return null;
      }
      b[i] = (byte) Integer.parseInt(p[i]);
    }
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  static InetAddress ipv6(String s) {
    if (s.indexOf(':') < 0 || !s.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
      return null;
    }
    try {
      InetAddress a = InetAddress.getByName(s);
      if (a instanceof Inet6Address) {
        return a;
      }
      // ::ffff:a.b.c.d comes back as IPv4; keep the IPv6 form of the network
      return a instanceof Inet4Address ? Inet6Address.getByAddress(null, mapped(a.getAddress()), null) : null;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static byte[] mapped(byte[] v4) {
    byte[] b = new byte[16];
    b[10] = (byte) 0xff;
    b[11] = (byte) 0xff;
    System.arraycopy(v4, 0, b, 12, 4);
    return b;
  }

  private static boolean isModifierName(String name) {
    if (name.isEmpty() || !Character.isLetter(name.charAt(0)) || name.charAt(0) >= 0x80) {
      return false;
    }
    return name.chars().allMatch(c -> c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '_'
        || c == '.'));
  }

  static String excerpt(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 40; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c >= 0x7f ? '?' : c);
    }
    return b.toString();
  }

  /** {@return the directives, unmodifiable} */
  @Override
  public List<Directive> directives() {
    return Collections.unmodifiableList(directives);
  }
}
