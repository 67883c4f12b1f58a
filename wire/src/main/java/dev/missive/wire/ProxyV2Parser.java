package dev.missive.wire;

import dev.missive.wire.ProxyHeaderException.Reason;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The version 2 binary header of the PROXY protocol (HAProxy's specification §2.2) once all its octets are in: the
 * command (LOCAL ignores the address block), the family and transport octet, the addresses, and the TLVs after them,
 * each bounded by the header's length, with the rules of the registered types: PP2_TYPE_CRC32C four octets, once,
 * and matching (§2.2.3), PP2_TYPE_UNIQUE_ID at most 128 octets (§2.2.5), PP2_TYPE_SSL at least its five fixed octets
 * followed by well-formed sub-TLVs (§2.2.6); PP2_TYPE_NOOP is dropped (§2.2.4).
 */
final class ProxyV2Parser {

  private static final int UNIX_PATH = 108;
  private static final int MAX_UNIQUE_ID = 128;
  private static final int SSL_FIXED = 5;

  private ProxyV2Parser() {
  }

  /**
   * Parses a complete header whose fixed part the decoder checked.
   *
   * @param header the octets, from the signature on
   * @param length the header's length, 16 plus its length field
   */
  static ProxyHeader parse(byte[] header, int length) throws ProxyHeaderException {
    if ((header[12] & 0x0F) == 0) {
      return new ProxyHeader.Local(); // §2.2: "discard the protocol block including the family"
    }
    int familyTransport = header[13] & 0xFF;
    int family = familyTransport >>> 4;
    int transport = familyTransport & 0x0F;
    if (family > 3 || transport > 2) {
      throw new ProxyHeaderException(Reason.UNKNOWN_FAMILY, "family/transport octet 0x" + Integer.toHexString(
          familyTransport));
    }
    if (family == 0 || transport != 1) {
      return new ProxyHeader.Unknown(2); // AF_UNSPEC, UNSPEC or DGRAM: the real connection's addresses apply
    }
    int at = ProxyHeaderDecoder.V2_FIXED_LENGTH;
    int addresses = family == 1 ? 12 : family == 2 ? 36 : 2 * UNIX_PATH;
    if (length - at < addresses) {
      throw new ProxyHeaderException(Reason.BAD_ADDRESS, "address block of " + (length - at) + " octets, "
          + addresses + " needed");
    }
    List<ProxyTlv> tlvs = tlvs(header, at + addresses, length, true);
    verifyChecksum(header, at + addresses, length, tlvs);
    tlvs.removeIf(t -> t.type() == ProxyTlv.NOOP || t.type() == ProxyTlv.CRC32C);
    if (family == 3) {
      return new ProxyHeader.Unix(path(header, at), path(header, at + UNIX_PATH), tlvs);
    }
    int size = family == 1 ? 4 : 16;
    InetAddress source = address(Arrays.copyOfRange(header, at, at + size));
    InetAddress destination = address(Arrays.copyOfRange(header, at + size, at + 2 * size));
    int ports = at + 2 * size;
    return new ProxyHeader.Tcp(2, new InetSocketAddress(source, unsigned16(header, ports)),
        new InetSocketAddress(destination, unsigned16(header, ports + 2)), tlvs);
  }

  /** The TLVs in {@code [from, to)}; each must fit, and the registered types keep their rules. */
  private static List<ProxyTlv> tlvs(byte[] header, int from, int to, boolean topLevel) throws ProxyHeaderException {
    List<ProxyTlv> tlvs = new ArrayList<>();
    int at = from;
    while (at < to) {
      if (to - at < 3) {
        throw new ProxyHeaderException(Reason.BAD_TLV, "a TLV shorter than its type and length");
      }
      int type = header[at] & 0xFF;
      int length = unsigned16(header, at + 1);
      int value = at + 3;
      if (length > to - value) {
        throw new ProxyHeaderException(Reason.BAD_TLV, "a TLV of " + length + " octets overruns the header");
      }
      List<ProxyTlv> sub = List.of();
      if (topLevel && type == ProxyTlv.CRC32C && length != 4) {
        throw new ProxyHeaderException(Reason.BAD_TLV, "PP2_TYPE_CRC32C of " + length + " octets, not 4");
      }
      if (topLevel && type == ProxyTlv.UNIQUE_ID && length > MAX_UNIQUE_ID) {
        throw new ProxyHeaderException(Reason.BAD_TLV, "PP2_TYPE_UNIQUE_ID longer than 128 octets");
      }
      if (topLevel && type == ProxyTlv.SSL) {
        if (length < SSL_FIXED) {
          throw new ProxyHeaderException(Reason.BAD_TLV, "PP2_TYPE_SSL shorter than its client and verify fields");
        }
        sub = tlvs(header, value + SSL_FIXED, value + length, false);
      }
      int end = type == ProxyTlv.SSL && topLevel ? value + SSL_FIXED : value + length;
      tlvs.add(new ProxyTlv(type, Arrays.copyOfRange(header, value, end), sub));
      at = value + length;
    }
    return tlvs;
  }

  /** §2.2.3: the CRC32c of the whole header with the checksum's own four octets zeroed. */
  private static void verifyChecksum(byte[] header, int from, int length, List<ProxyTlv> tlvs)
      throws ProxyHeaderException {
    long crcs = tlvs.stream().filter(t -> t.type() == ProxyTlv.CRC32C).count();
    if (crcs == 0) {
      return;
    }
    if (crcs > 1) {
      throw new ProxyHeaderException(Reason.BAD_TLV, "more than one PP2_TYPE_CRC32C");
    }
    int at = from;
    while ((header[at] & 0xFF) != ProxyTlv.CRC32C) {
      at += 3 + unsigned16(header, at + 1);
    }
    byte[] copy = Arrays.copyOf(header, length);
    long expected = (long) unsigned16(header, at + 3) << 16 | unsigned16(header, at + 5);
    Arrays.fill(copy, at + 3, at + 7, (byte) 0);
    CRC32C crc = new CRC32C();
    crc.update(copy, 0, length);
    if (crc.getValue() != expected) {
      throw new ProxyHeaderException(Reason.CHECKSUM_MISMATCH, "the header does not match its PP2_TYPE_CRC32C");
    }
  }

  private static String path(byte[] header, int at) {
    int end = at;
    while (end < at + UNIX_PATH && header[end] != 0) {
      end++;
    }
    return new String(header, at, end - at, StandardCharsets.UTF_8);
  }

  private static InetAddress address(byte[] octets) {
    try {
      return IpAddressText.of(octets);
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 octets", e);
    }
  }

  private static int unsigned16(byte[] b, int at) {
    return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
  }
}
