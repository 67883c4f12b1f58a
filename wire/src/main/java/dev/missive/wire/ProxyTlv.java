package dev.missive.wire;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One type-length-value vector of a PROXY protocol version 2 header (HAProxy's specification §2.2): its type, its
 * value, and for {@link #SSL} the sub-vectors that follow the client and verify fields (§2.2.6).
 * {@link ProxyHeaderDecoder} checks each vector's bounds and the rules of the registered types before it makes one.
 *
 * @param type     the type octet, 0–255 ({@link #ALPN}, {@link #AUTHORITY}, … or a custom 0xE0–0xEF)
 * @param value    the value octets (copied in and out); for {@link #SSL} only its client and verify fields
 * @param subTlvs  for {@link #SSL}, the vectors after its five fixed octets; empty for every other type
 */
public record ProxyTlv(int type, byte[] value, List<ProxyTlv> subTlvs) {

  /** PP2_TYPE_ALPN: the application protocol negotiated by the client's TLS (§2.2.1). */
  public static final int ALPN = 0x01;
  /** PP2_TYPE_AUTHORITY: the host name the client asked for, such as TLS's server_name, in UTF-8 (§2.2.2). */
  public static final int AUTHORITY = 0x02;
  /** PP2_TYPE_CRC32C: the header's checksum, verified by the decoder (§2.2.3). */
  public static final int CRC32C = 0x03;
  /** PP2_TYPE_NOOP: padding, skipped by the decoder (§2.2.4). */
  public static final int NOOP = 0x04;
  /** PP2_TYPE_UNIQUE_ID: an opaque connection identifier of at most 128 octets (§2.2.5). */
  public static final int UNIQUE_ID = 0x05;
  /** PP2_TYPE_SSL: how the client reached the proxy over TLS (§2.2.6). */
  public static final int SSL = 0x20;
  /** PP2_SUBTYPE_SSL_VERSION: the client's TLS version as US-ASCII (§2.2.6). */
  public static final int SSL_VERSION = 0x21;
  /** PP2_SUBTYPE_SSL_CN: the client certificate's Common Name in UTF-8 (§2.2.6). */
  public static final int SSL_CN = 0x22;
  /** PP2_SUBTYPE_SSL_CIPHER: the cipher's name as US-ASCII (§2.2.6). */
  public static final int SSL_CIPHER = 0x23;
  /** PP2_TYPE_NETNS: the proxy's network namespace name as US-ASCII (§2.2.7). */
  public static final int NETNS = 0x30;

  /**
   * Validates and copies the vector.
   *
   * @param type    the type octet, 0–255
   * @param value   the value, at most 65535 octets
   * @param subTlvs the sub-vectors (only for {@link #SSL})
   */
  public ProxyTlv {
    if (type < 0 || type > 0xFF) {
      throw new IllegalArgumentException("a TLV type is one octet: " + type);
    }
    Objects.requireNonNull(value, "value");
    if (value.length > 0xFFFF) {
      throw new IllegalArgumentException("a TLV value has at most 65535 octets");
    }
    value = value.clone();
    subTlvs = List.copyOf(subTlvs);
    if (!subTlvs.isEmpty() && type != SSL) {
      throw new IllegalArgumentException("only PP2_TYPE_SSL has sub-vectors");
    }
  }

  /**
   * A vector without sub-vectors.
   *
   * @param type  the type octet, 0–255
   * @param value the value, at most 65535 octets
   */
  public ProxyTlv(int type, byte[] value) {
    this(type, value, List.of());
  }

  /** {@return a copy of the value octets} */
  @Override
  public byte[] value() {
    return value.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProxyTlv t && t.type == type && Arrays.equals(t.value, value) && t.subTlvs.equals(subTlvs);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, Arrays.hashCode(value), subTlvs);
  }

  @Override
  public String toString() {
    return "ProxyTlv[type=0x" + Integer.toHexString(type) + ", " + value.length + " octets"
        + (subTlvs.isEmpty() ? "" : ", " + subTlvs) + "]";
  }
}
