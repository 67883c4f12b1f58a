package dev.missive.smtp.server;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What an SMTP proxy or content filter in front of the server says about the client it relays, in Postfix's
 * {@code XCLIENT} command (for the rest of the session, which starts again with a new greeting) or {@code XFORWARD}
 * command (for the next mail transaction). Each attribute is empty when the proxy did not send it or sent
 * {@code [UNAVAILABLE]} or {@code [TEMPUNAVAIL]}.
 *
 * @param address  ADDR: the client's IP address (no name was looked up)
 * @param port     PORT: the client's TCP port
 * @param name     NAME: the client's host name as the proxy resolved it
 * @param helo     HELO: the name the client gave in HELO or EHLO
 * @param protocol PROTO: {@code SMTP} or {@code ESMTP}
 * @param login    LOGIN (XCLIENT only): the name the client authenticated as at the proxy
 * @param source   SOURCE (XFORWARD only): {@code LOCAL} or {@code REMOTE}
 */
public record ForwardedClient(Optional<InetAddress> address, OptionalInt port, Optional<String> name,
                              Optional<String> helo, Optional<String> protocol, Optional<String> login,
                              Optional<String> source) {

  /**
   * Checks the attributes are present (as empty or not).
   *
   * @param address  ADDR
   * @param port     PORT
   * @param name     NAME
   * @param helo     HELO
   * @param protocol PROTO
   * @param login    LOGIN
   * @param source   SOURCE
   */
  public ForwardedClient {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(port, "port");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(helo, "helo");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(login, "login");
    Objects.requireNonNull(source, "source");
  }

  /**
   * The address as the TCP information of a {@code Received:} field (RFC 5321 §4.4) and a {@code PeerInfo} show it:
   * {@code [192.0.2.1]}, {@code [IPv6:2001:db8::1]}, or {@code [UNAVAILABLE]} when the proxy did not know it.
   *
   * @return the bracketed address
   */
  public String addressLiteral() {
    return address.map(a -> a.getAddress().length == 4 ? "[" + a.getHostAddress() + "]"
        : "[IPv6:" + a.getHostAddress() + "]").orElse("[UNAVAILABLE]");
  }
}
