package dev.missive.transport;

import dev.missive.wire.ProxyHeader;
import dev.missive.wire.ProxyHeaderDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which proxies a listener of either transport trusts to tell it the real client with a PROXY protocol header
 * (HAProxy's specification "The PROXY protocol", versions 1 and 2), and how long and how large that header may be.
 *
 * <p>Every connection from a trusted address must begin with a header (§2: the receiver "MUST not try to guess
 * whether the protocol header is present or not"); it is read before TLS and before the engine, and the client it
 * names is the connection's {@link Connection#remote()}: what the engine's {@code PeerInfo}, the {@code Received:}
 * field, the per-address connection limit and every log line see. A connection from any other address is served as
 * it is, so a header it sends is just protocol input (an SMTP server answers it with 500). A trusted connection
 * without a valid header in time is closed without a word. A {@code LOCAL} header (the proxy's own health check)
 * keeps the proxy's address; {@code UNKNOWN} and UNIX-socket headers name no client address and are refused, a
 * deliberate reading of §2.1's "SHOULD accept": a mail server cannot apply its limits and relay rules to a client it
 * cannot name.
 *
 * <pre>{@code
 * BlockingServer.builder("smtp", sessions)
 *     .proxyProtocol(ProxyProtocol.trusting(List.of(InetAddress.getByName("10.0.0.5"))))
 *     .start();
 * }</pre>
 *
 * @param trusted         the proxies' IP addresses
 * @param headerTimeout   the longest a trusted connection may take to send its whole header (§2: "at least 3
 *                        seconds to cover a TCP retransmit")
 * @param maxHeaderLength the most octets a version 2 header may have, {@link ProxyHeaderDecoder#MIN_MAX_LENGTH} to
 *                        65551
 */
public record ProxyProtocol(Set<InetAddress> trusted, Duration headerTimeout, int maxHeaderLength) {

  /** The default header deadline. */
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Validates the settings.
   *
   * @param trusted         the proxies' IP addresses, at least one
   * @param headerTimeout   the longest a trusted connection may take to send its header, at least 3 seconds
   * @param maxHeaderLength the most octets a version 2 header may have
   */
  public ProxyProtocol {
    trusted = Set.copyOf(trusted);
    Objects.requireNonNull(headerTimeout, "headerTimeout");
    if (trusted.isEmpty()) {
      throw new IllegalArgumentException("at least one trusted proxy address");
    }
    if (headerTimeout.compareTo(Duration.ofSeconds(3)) < 0 || headerTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("headerTimeout must be at least 3 s: " + headerTimeout);
    }
    new ProxyHeaderDecoder(maxHeaderLength); // checks the range
  }

  /**
   * Trusts proxies at these addresses, with a {@link #DEFAULT_HEADER_TIMEOUT} and
   * {@link ProxyHeaderDecoder#DEFAULT_MAX_LENGTH}.
   *
   * @param proxies the proxies' IP addresses
   * @return the settings
   */
  public static ProxyProtocol trusting(Collection<InetAddress> proxies) {
    return new ProxyProtocol(Set.copyOf(proxies), DEFAULT_HEADER_TIMEOUT, ProxyHeaderDecoder.DEFAULT_MAX_LENGTH);
  }

  /**
   * A copy with another header deadline.
   *
   * @param timeout the longest a trusted connection may take to send its header, at least 3 seconds
   * @return the copy
   */
  public ProxyProtocol withHeaderTimeout(Duration timeout) {
    return new ProxyProtocol(trusted, timeout, maxHeaderLength);
  }

  /**
   * Whether connections from an address must begin with a header.
   *
   * @param address the connection's remote IP address
   * @return whether it is a trusted proxy's
   */
  public boolean isTrusted(InetAddress address) {
    return trusted.contains(address);
  }

  /** {@return a decoder for one connection, with these settings' maximum} */
  public ProxyHeaderDecoder newDecoder() {
    return new ProxyHeaderDecoder(maxHeaderLength);
  }

  /**
   * The client a decoded header names: its source for TCP, the proxy itself for LOCAL; empty (refuse the connection)
   * for UNKNOWN and UNIX, which name no client address.
   *
   * @param header the decoded header
   * @param proxy  the address the connection came from
   * @return the connection's real remote address, or empty
   */
  public static Optional<InetSocketAddress> client(ProxyHeader header, InetSocketAddress proxy) {
    if (header instanceof ProxyHeader.Local) {
      return Optional.of(proxy);
    }
    return header.client().map(ProxyProtocol::unmapped);
  }

  /** An IPv4-mapped IPv6 source as the IPv4 address a direct connection would show. */
  private static InetSocketAddress unmapped(InetSocketAddress address) {
    byte[] raw = address.getAddress().getAddress();
    boolean mapped = raw.length == 16 && raw[10] == (byte) 0xFF && raw[11] == (byte) 0xFF;
    for (int i = 0; mapped && i < 10; i++) {
      mapped = raw[i] == 0;
    }
    if (!mapped) {
      return address;
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(java.util.Arrays.copyOfRange(raw, 12, 16)),
          address.getPort());
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError("four octets", e);
    }
  }
}
