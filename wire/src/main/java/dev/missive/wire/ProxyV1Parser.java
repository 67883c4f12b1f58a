package dev.missive.wire;

import dev.missive.wire.ProxyHeaderException.Reason;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The version 1 line of the PROXY protocol (HAProxy's specification §2.1), checked to the letter: {@code PROXY},
 * one space, {@code TCP4}/{@code TCP6} and four fields each after exactly one space, or {@code UNKNOWN} followed by
 * anything; canonical addresses of the named family without leading zeros; ports 0–65535 without leading zeros;
 * CRLF and nothing else ending the line.
 */
final class ProxyV1Parser {

  private ProxyV1Parser() {
  }

  /**
   * Parses a complete line.
   *
   * @param line   the octets, from {@code PROXY } to the LF
   * @param length how many octets of {@code line} are the header
   */
  static ProxyHeader parse(byte[] line, int length) throws ProxyHeaderException {
    if (length < 2 || line[length - 2] != '\r') {
      throw new ProxyHeaderException(Reason.MALFORMED_LINE, "the line ends with a bare LF");
    }
    int start = ProxyHeaderDecoder.V1_SIGNATURE.length;
    for (int i = start; i < length - 2; i++) {
      if (line[i] == '\r' || line[i] == '\n') {
        throw new ProxyHeaderException(Reason.MALFORMED_LINE, "a bare CR within the line");
      }
    }
    String text = new String(line, start, length - 2 - start, StandardCharsets.ISO_8859_1);
    if (text.equals("UNKNOWN") || text.startsWith("UNKNOWN ")) {
      return new ProxyHeader.Unknown(1); // §2.1: "the receiver must ignore anything presented before the CRLF"
    }
    String[] fields = text.split(" ", -1);
    boolean ipv6 = fields[0].equals("TCP6");
    if (!ipv6 && !fields[0].equals("TCP4")) {
      throw new ProxyHeaderException(Reason.UNKNOWN_FAMILY, "protocol other than TCP4, TCP6 and UNKNOWN");
    }
    if (fields.length != 5) {
      throw new ProxyHeaderException(Reason.MALFORMED_LINE, "not five fields separated by single spaces");
    }
    InetAddress source = address(fields[1], ipv6);
    InetAddress destination = address(fields[2], ipv6);
    return new ProxyHeader.Tcp(1, new InetSocketAddress(source, port(fields[3])),
        new InetSocketAddress(destination, port(fields[4])), List.of());
  }

  private static InetAddress address(String text, boolean ipv6) throws ProxyHeaderException {
    byte[] octets = ipv6 ? IpAddressText.ipv6(text) : IpAddressText.ipv4(text);
    if (octets == null) {
      throw new ProxyHeaderException(Reason.BAD_ADDRESS, "not a canonical " + (ipv6 ? "IPv6" : "IPv4") + " address");
    }
    try {
      return IpAddressText.of(octets);
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 octets", e);
    }
  }

  private static int port(String text) throws ProxyHeaderException {
    int port = IpAddressText.decimal(text, 5);
    if (port < 0 || port > 0xFFFF) {
      throw new ProxyHeaderException(Reason.BAD_PORT, "not a port 0-65535 without leading zeros");
    }
    return port;
  }
}
