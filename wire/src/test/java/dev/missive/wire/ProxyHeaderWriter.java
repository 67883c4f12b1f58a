package dev.missive.wire;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/** Test helper: writes PROXY headers as HAProxy's specification §2.1 and §2.2 lay them out. */
final class ProxyHeaderWriter {

  static final byte[] V2_SIGNATURE = ProxyHeaderDecoder.V2_SIGNATURE.clone();

  private ProxyHeaderWriter() {
  }

  /** The version 1 line of a header (LOCAL has no version 1 form and is written as version 2). */
  static byte[] v1(ProxyHeader header) {
    String line;
    if (header instanceof ProxyHeader.Tcp tcp) {
      line = "PROXY " + (tcp.ipv6() ? "TCP6 " : "TCP4 ") + tcp.source().getAddress().getHostAddress() + " "
          + tcp.destination().getAddress().getHostAddress() + " " + tcp.source().getPort() + " "
          + tcp.destination().getPort() + "\r\n";
    } else {
      line = "PROXY UNKNOWN\r\n";
    }
    return line.getBytes(StandardCharsets.US_ASCII);
  }

  /** The version 2 header, its TLVs in order, with a CRC32C TLV appended when {@code checksum}. */
  static byte[] v2(ProxyHeader header, boolean checksum) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int command = header instanceof ProxyHeader.Local ? 0 : 1;
    int family = 0;
    if (header instanceof ProxyHeader.Tcp tcp) {
      family = tcp.ipv6() ? 0x21 : 0x11;
      body.writeBytes(octets(tcp.source()));
      body.writeBytes(octets(tcp.destination()));
      u16(body, tcp.source().getPort());
      u16(body, tcp.destination().getPort());
    } else if (header instanceof ProxyHeader.Unix unix) {
      family = 0x31;
      body.writeBytes(path(unix.source()));
      body.writeBytes(path(unix.destination()));
    }
    for (ProxyTlv tlv : header.tlvs()) {
      body.writeBytes(tlv(tlv));
    }
    int crcAt = -1;
    if (checksum) {
      crcAt = 16 + body.size() + 3;
      body.writeBytes(new byte[] {ProxyTlv.CRC32C, 0, 4, 0, 0, 0, 0});
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(V2_SIGNATURE);
    out.write(0x20 | command);
    out.write(family);
    u16(out, body.size());
    out.writeBytes(body.toByteArray());
    byte[] bytes = out.toByteArray();
    if (checksum) {
      CRC32C crc = new CRC32C();
      crc.update(bytes);
      long value = crc.getValue();
      for (int i = 0; i < 4; i++) {
        bytes[crcAt + i] = (byte) (value >>> (24 - 8 * i));
      }
    }
    return bytes;
  }

  /** One TLV, its sub-TLVs after five fixed octets for PP2_TYPE_SSL. */
  static byte[] tlv(ProxyTlv tlv) {
    ByteArrayOutputStream value = new ByteArrayOutputStream();
    value.writeBytes(tlv.value());
    for (ProxyTlv sub : tlv.subTlvs()) {
      value.writeBytes(tlv(sub));
    }
    return tlv(tlv.type(), value.toByteArray());
  }

  static byte[] tlv(int type, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(type);
    u16(out, value.length);
    out.writeBytes(value);
    return out.toByteArray();
  }

  /** A raw version 2 header from its version/command and family octets and its body. */
  static byte[] v2Raw(int versionCommand, int family, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(V2_SIGNATURE);
    out.write(versionCommand);
    out.write(family);
    u16(out, body.length);
    out.writeBytes(body);
    return out.toByteArray();
  }

  private static byte[] octets(InetSocketAddress address) {
    return address.getAddress().getAddress();
  }

  private static byte[] path(String path) {
    byte[] field = new byte[108];
    byte[] p = path.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(p, 0, field, 0, p.length);
    return field;
  }

  private static void u16(ByteArrayOutputStream out, int value) {
    out.write(value >>> 8);
    out.write(value & 0xFF);
  }
}
