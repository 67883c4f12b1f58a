package dev.missive.dns;

import java.util.Objects;

/**
 * The address of one DNS server to ask instead of the system's (the {@code --dns HOST:PORT} option of the
 * examples): a host name or IP literal and a port, 53 by default (RFC 1035 §4.2).
 *
 * @param host the host name or IP address (an IPv6 literal without brackets)
 * @param port the UDP/TCP port, 1–65535
 */
public record DnsServer(String host, int port) {

  /**
   * Checks both values.
   *
   * @param host the host name or IP address (an IPv6 literal without brackets)
   * @param port the UDP/TCP port, 1–65535
   */
  public DnsServer {
    Objects.requireNonNull(host, "host");
    if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c >= 0x7f || c == '/' || c == '[' || c == ']')) {
      throw new IllegalArgumentException("not a host: " + DnsNames.excerpt(host));
    }
    if (port < 1 || port > 0xffff) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /**
   * Reads {@code HOST}, {@code HOST:PORT}, {@code [IPV6]} or {@code [IPV6]:PORT}.
   *
   * @param text the server as written
   * @return the server
   * @throws IllegalArgumentException if the text is not of that form
   */
  public static DnsServer parse(String text) {
    Objects.requireNonNull(text, "text");
    String host = text;
    int port = 53;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("missing ']' in " + DnsNames.excerpt(text));
      }
      host = text.substring(1, close);
      String rest = text.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw new IllegalArgumentException("expected ':PORT' after ']' in " + DnsNames.excerpt(text));
        }
        port = parsePort(rest.substring(1));
      }
    } else {
      int colon = text.lastIndexOf(':');
      if (colon >= 0) {
        if (text.indexOf(':') != colon) {
          throw new IllegalArgumentException("write an IPv6 server as [ADDRESS]:PORT: " + DnsNames.excerpt(text));
        }
        host = text.substring(0, colon);
        port = parsePort(text.substring(colon + 1));
      }
    }
    return new DnsServer(host, port);
  }

  private static int parsePort(String s) {
    if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("not a port: " + DnsNames.excerpt(s));
    }
    return Integer.parseInt(s);
  }

  /** {@return the JNDI provider URL for this server} */
  String providerUrl() {
    return "dns://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
