package dev.missive.wire;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a proxy in front of a server says about the connection it relays, in a PROXY protocol header (HAProxy's
 * specification "The PROXY protocol", version 1 §2.1 and version 2 §2.2), as {@link ProxyHeaderDecoder} reads it.
 *
 * <p>Only {@link Tcp} names another client: with {@link Local} (a connection the proxy made itself, such as a health
 * check) and {@link Unknown} (a protocol the proxy could not describe) the receiver uses the real connection's
 * addresses, as §2.1 and §2.2 say. {@link Unix} names UNIX-socket paths, which carry no address a mail server could
 * put in a {@code Received:} field.
 */
public sealed interface ProxyHeader permits ProxyHeader.Tcp, ProxyHeader.Unix, ProxyHeader.Unknown,
    ProxyHeader.Local {

  /** {@return the protocol version the header was written in, 1 or 2} */
  int version();

  /** {@return the version 2 TLVs after the addresses, without PP2_TYPE_NOOP padding; empty for version 1} */
  default List<ProxyTlv> tlvs() {
    return List.of();
  }

  /** {@return the real client's address and port, when the header names one (only {@link Tcp})} */
  default Optional<InetSocketAddress> client() {
    return Optional.empty();
  }

  /**
   * The first TLV of a type.
   *
   * @param type the type octet, such as {@link ProxyTlv#UNIQUE_ID}
   * @return that TLV, or empty
   */
  default Optional<ProxyTlv> tlv(int type) {
    return tlvs().stream().filter(t -> t.type() == type).findFirst();
  }

  /**
   * A connection relayed over TCP: version 1's {@code TCP4}/{@code TCP6}, version 2's PROXY command with
   * AF_INET/AF_INET6 over STREAM.
   *
   * @param version     1 or 2
   * @param source      the client's address and port (already resolved: no name lookup happens)
   * @param destination the address and port the client connected to, of the same family
   * @param tlvs        the version 2 TLVs (empty for version 1)
   */
  record Tcp(int version, InetSocketAddress source, InetSocketAddress destination, List<ProxyTlv> tlvs)
      implements ProxyHeader {

    /**
     * Validates the header.
     *
     * @param version     1 or 2
     * @param source      the client's address and port
     * @param destination the address and port the client connected to
     * @param tlvs        the version 2 TLVs
     */
    public Tcp {
      checkVersion(version);
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(destination, "destination");
      if (source.isUnresolved() || destination.isUnresolved()
          || source.getAddress() instanceof Inet4Address != destination.getAddress() instanceof Inet4Address) {
        throw new IllegalArgumentException("source and destination must be IP addresses of one family");
      }
      tlvs = List.copyOf(tlvs);
      if (version == 1 && !tlvs.isEmpty()) {
        throw new IllegalArgumentException("version 1 has no TLVs");
      }
    }

    /** {@return whether the addresses are IPv6 ({@code TCP6}) rather than IPv4 ({@code TCP4})} */
    public boolean ipv6() {
      return !(source.getAddress() instanceof Inet4Address);
    }

    @Override
    public Optional<InetSocketAddress> client() {
      return Optional.of(source);
    }
  }

  /**
   * A connection relayed from a UNIX socket: version 2's AF_UNIX over STREAM (§2.2), the paths up to their first NUL.
   *
   * @param source      the client's socket path (empty for an unnamed or abstract socket)
   * @param destination the socket path the client connected to
   * @param tlvs        the TLVs
   */
  record Unix(String source, String destination, List<ProxyTlv> tlvs) implements ProxyHeader {

    /**
     * Validates the header.
     *
     * @param source      the client's socket path
     * @param destination the socket path the client connected to
     * @param tlvs        the TLVs
     */
    public Unix {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(destination, "destination");
      tlvs = List.copyOf(tlvs);
    }

    @Override
    public int version() {
      return 2;
    }
  }

  /**
   * A relayed connection the proxy could not describe: version 1's {@code UNKNOWN} (§2.1), version 2's PROXY command
   * with AF_UNSPEC, UNSPEC transport or a datagram transport (§2.2: a receiver falls back to UNSPEC for what it does
   * not support). The real connection's addresses apply.
   *
   * @param version 1 or 2
   */
  record Unknown(int version) implements ProxyHeader {

    /**
     * Validates the version.
     *
     * @param version 1 or 2
     */
    public Unknown {
      checkVersion(version);
    }
  }

  /**
   * A connection the proxy made on its own behalf, such as a health check: version 2's LOCAL command (§2.2). The
   * real connection's addresses apply and the address block is ignored.
   */
  record Local() implements ProxyHeader {
    @Override
    public int version() {
      return 2;
    }
  }

  private static void checkVersion(int version) {
    if (version != 1 && version != 2) {
      throw new IllegalArgumentException("PROXY protocol version 1 or 2: " + version);
    }
  }
}
