package dev.missive.mailauth.spf;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The values SPF macros expand to (RFC 7208 §7.2) during one {@code check_host()} evaluation.
 *
 * @param ip           the client's address ({@code i}, {@code c}, {@code v})
 * @param sender       the sender, {@code local-part@domain} ({@code s}, {@code l}, {@code o})
 * @param domain       the current domain ({@code d})
 * @param helo         the HELO/EHLO domain ({@code h})
 * @param receiver     the receiving host's domain ({@code r})
 * @param now          seconds since the epoch ({@code t})
 * @param validatedPtr the client's validated domain name, computed when asked ({@code p})
 */
record MacroContext(InetAddress ip, String sender, String domain, String helo, String receiver, long now,
                    Supplier<String> validatedPtr) {

  MacroContext withDomain(String d) {
    return new MacroContext(ip, sender, d, helo, receiver, now, validatedPtr);
  }

  String value(char letter) {
    int at = sender.lastIndexOf('@');
    switch (letter) {
      case 's':
        return sender;
      case 'l':
        return at < 0 ? "postmaster" : sender.substring(0, at);
      case 'o':
        return at < 0 ? sender : sender.substring(at + 1);
      case 'd':
        return domain;
      case 'i':
        return dotted(ip);
      case 'p':
        return validatedPtr.get();
      case 'v':
        return ip instanceof Inet4Address ? "in-addr" : "ip6";
      case 'h':
        return helo;
      case 'c':
        return readable(ip);
      case 'r':
        return receiver;
      case 't':
        return Long.toString(now);
      default:
        throw new IllegalArgumentException("macro letter " + letter);
    }
  }

  /** §7.3 "c": dotted quads, or IPv6 in its compressed form (RFC 5952 §4: longest zero run as "::"). */
  static String readable(InetAddress ip) {
    if (ip instanceof Inet4Address) {
      return ip.getHostAddress();
    }
    byte[] b = ip.getAddress();
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        s.append("::");
        i += bestLen - 1;
        continue;
      }
      if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
        s.append(':');
      }
      s.append(Integer.toHexString(g[i]));
    }
    return s.toString();
  }

  /** §7.3: an IPv4 address in dotted quads, an IPv6 address as 32 dot-separated nibbles. */
  static String dotted(InetAddress ip) {
    byte[] b = ip.getAddress();
    StringBuilder s = new StringBuilder();
    if (ip instanceof Inet4Address) {
      for (int i = 0; i < 4; i++) {
        s.append(i > 0 ? "." : "").append(b[i] & 0xff);
      }
      return s.toString();
    }
    for (int i = 0; i < b.length; i++) {
      s.append(i > 0 ? "." : "").append(Integer.toHexString((b[i] >> 4) & 0xf)).append('.')
          .append(Integer.toHexString(b[i] & 0xf));
    }
    return s.toString().toLowerCase(Locale.ROOT);
  }
}
