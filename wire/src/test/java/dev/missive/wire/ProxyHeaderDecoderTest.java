package dev.missive.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.wire.ProxyHeaderException.Reason;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ProxyHeaderDecoder} against HAProxy's PROXY protocol specification: the examples of §2.1 and §2.2 and every
 * malformed case, whole and octet by octet.
 */
class ProxyHeaderDecoderTest {

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static InetSocketAddress at(String address, int port) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(address), port);
  }

  /** Decodes whole and octet by octet; both must agree. */
  private static ProxyDecoding.Outcome decode(byte[] input) {
    ProxyDecoding.Outcome whole = ProxyDecoding.decode(input, 0, ProxyHeaderDecoder.DEFAULT_MAX_LENGTH);
    ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
    ProxyDecoding.Outcome single = null;
    try {
      for (int i = 0; i < input.length && single == null; i++) {
        ByteBuffer one = ByteBuffer.wrap(input, i, 1);
        var header = decoder.decode(one);
        if (header.isPresent()) {
          single = new ProxyDecoding.Outcome(header.get(), null, i + 1);
        }
      }
      if (single == null) {
        decoder.endOfInput();
      }
    } catch (ProxyHeaderException e) {
      single = new ProxyDecoding.Outcome(null, e.reason(), decoder.octetsTaken());
    }
    assertThat(single).isEqualTo(whole);
    return whole;
  }

  private static Reason refusal(byte[] input) {
    ProxyDecoding.Outcome outcome = decode(input);
    assertThat(outcome.header()).as("refused").isNull();
    return outcome.failure();
  }

  @Test
  void v1ExampleOfSection21LeavesTheRequestAlone() throws Exception {
    byte[] input = ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\nGET / HTTP/1.1\r\n");
    ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
    ByteBuffer buffer = ByteBuffer.wrap(input);
    ProxyHeader header = decoder.decode(buffer).orElseThrow();
    assertThat(header).isEqualTo(new ProxyHeader.Tcp(1, at("192.168.0.1", 56324), at("192.168.0.11", 443),
        List.of()));
    assertThat(header.client()).contains(at("192.168.0.1", 56324));
    assertThat(StandardCharsets.US_ASCII.decode(buffer).toString()).isEqualTo("GET / HTTP/1.1\r\n");
    assertThatThrownBy(() -> decoder.decode(buffer)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void v1LongestLinesOfSection21() throws Exception {
    String six = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
    byte[] tcp4 = ascii("PROXY TCP4 255.255.255.255 255.255.255.255 65535 65535\r\n");
    byte[] tcp6 = ascii("PROXY TCP6 " + six + " " + six + " 65535 65535\r\n");
    byte[] unknown = ascii("PROXY UNKNOWN " + six + " " + six + " 65535 65535\r\n");
    assertThat(tcp4).hasSize(56);
    assertThat(tcp6).hasSize(104);
    assertThat(unknown).hasSize(ProxyHeaderDecoder.V1_MAX_LINE);
    assertThat(decode(tcp4).header()).isEqualTo(new ProxyHeader.Tcp(1, at("255.255.255.255", 65535),
        at("255.255.255.255", 65535), List.of()));
    ProxyHeader.Tcp v6 = (ProxyHeader.Tcp) decode(tcp6).header();
    assertThat(v6.ipv6()).isTrue();
    assertThat(v6.source().getAddress().getAddress()).containsOnly((byte) 0xFF);
    assertThat(decode(unknown).header()).isEqualTo(new ProxyHeader.Unknown(1));
    assertThat(decode(ascii("PROXY UNKNOWN\r\n")).header()).isEqualTo(new ProxyHeader.Unknown(1));
  }

  @ParameterizedTest
  @CsvSource({
      "::1, 0:0:0:0:0:0:0:1", "2001:db8::, 2001:db8:0:0:0:0:0:0", "::, 0:0:0:0:0:0:0:0",
      "2001:DB8:0:0:8:800:200C:417A, 2001:db8:0:0:8:800:200c:417a",
      "::ffff:192.0.2.1, 0:0:0:0:0:ffff:c000:201", "1:2:3:4:5:6::8, 1:2:3:4:5:6:0:8"})
  void v1Ipv6FormsOfRfc4291Section22(String text, String expanded) throws Exception {
    ProxyHeader.Tcp header = (ProxyHeader.Tcp) decode(ascii("PROXY TCP6 " + text + " ::1 25 2525\r\n")).header();
    assertThat(header.source().getAddress().getHostAddress()).isEqualTo(expanded);
    assertThat(header.source().getAddress().getAddress()).hasSize(16);
  }

  @ParameterizedTest
  @ValueSource(strings = {"EHLO client.example\r\n", "proxy TCP4 1.2.3.4 1.2.3.4 1 2\r\n", "PROXY\tTCP4\r\n",
      "PROXYTCP4\r\n", "\u0016\u0003\u0001", "\r\n\r\n\u0000\r\nHELO\n"})
  void aWrongSignatureIsRefusedAtOnce(String input) {
    assertThat(refusal(ascii(input))).isEqualTo(Reason.WRONG_SIGNATURE);
  }

  @Test
  void aWrongStartIsSeenAtTheFirstOctetThatDiffers() throws Exception {
    ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
    assertThat(decoder.decode(ByteBuffer.wrap(ascii("PRO")))).isEmpty();
    ByteBuffer next = ByteBuffer.wrap(ascii("BE rest"));
    assertThatThrownBy(() -> decoder.decode(next)).isInstanceOf(ProxyHeaderException.class);
    assertThat(next.position()).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\\n| MALFORMED_LINE",
      "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\\r\\r\\n| MALFORMED_LINE",
      "PROXY TCP4 1.2.3.4\\r5.6.7.8 1 2\\r\\n| MALFORMED_LINE",
      "PROXY TCP4  1.2.3.4 5.6.7.8 1 2\\r\\n| MALFORMED_LINE",
      "PROXY TCP4 1.2.3.4 5.6.7.8 1 2 \\r\\n| MALFORMED_LINE",
      "PROXY TCP4 1.2.3.4 5.6.7.8 1\\r\\n| MALFORMED_LINE",
      "PROXY \\r\\n| UNKNOWN_FAMILY",
      "PROXY TCP5 1.2.3.4 5.6.7.8 1 2\\r\\n| UNKNOWN_FAMILY",
      "PROXY UDP4 1.2.3.4 5.6.7.8 1 2\\r\\n| UNKNOWN_FAMILY",
      "PROXY UNKNOWNX\\r\\n| UNKNOWN_FAMILY",
      "PROXY TCP4 192.168.00.1 5.6.7.8 1 2\\r\\n| BAD_ADDRESS",
      "PROXY TCP4 256.1.1.1 5.6.7.8 1 2\\r\\n| BAD_ADDRESS",
      "PROXY TCP4 1.2.3 5.6.7.8 1 2\\r\\n| BAD_ADDRESS",
      "PROXY TCP4 1.2.3.4. 5.6.7.8 1 2\\r\\n| BAD_ADDRESS",
      "PROXY TCP4 localhost 5.6.7.8 1 2\\r\\n| BAD_ADDRESS",
      "PROXY TCP4 ::1 5.6.7.8 1 2\\r\\n| BAD_ADDRESS",
      "PROXY TCP6 1.2.3.4 ::1 1 2\\r\\n| BAD_ADDRESS",
      "PROXY TCP6 1:::2 ::1 1 2\\r\\n| BAD_ADDRESS",
      "PROXY TCP6 1::2::3 ::1 1 2\\r\\n| BAD_ADDRESS",
      "PROXY TCP6 1:2:3:4:5:6:7 ::1 1 2\\r\\n| BAD_ADDRESS",
      "PROXY TCP6 1:2:3:4:5:6:7:8:9 ::1 1 2\\r\\n| BAD_ADDRESS",
      "PROXY TCP6 12345::1 ::1 1 2\\r\\n| BAD_ADDRESS",
      "PROXY TCP6 1.2.3.4::1 ::1 1 2\\r\\n| BAD_ADDRESS",
      "PROXY TCP6 fe80::1%eth0 ::1 1 2\\r\\n| BAD_ADDRESS",
      "PROXY TCP4 1.2.3.4 5.6.7.8 65536 2\\r\\n| BAD_PORT",
      "PROXY TCP4 1.2.3.4 5.6.7.8 0443 2\\r\\n| BAD_PORT",
      "PROXY TCP4 1.2.3.4 5.6.7.8 -1 2\\r\\n| BAD_PORT",
      "PROXY TCP4 1.2.3.4 5.6.7.8 1 +2\\r\\n| BAD_PORT",
      "PROXY TCP4 1.2.3.4 5.6.7.8 1 99999\\r\\n| BAD_PORT"})
  void malformedV1LinesAreRefused(String line, Reason reason) {
    assertThat(refusal(ascii(line.replace("\\r", "\r").replace("\\n", "\n")))).isEqualTo(reason);
  }

  @Test
  void aV1LineWithoutCrlfIn107OctetsIsRefusedAfter107() {
    byte[] line = ascii("PROXY UNKNOWN " + "x".repeat(200) + "\r\n");
    ProxyDecoding.Outcome outcome = decode(line);
    assertThat(outcome.failure()).isEqualTo(Reason.LINE_TOO_LONG);
    assertThat(outcome.consumed()).isEqualTo(ProxyHeaderDecoder.V1_MAX_LINE);
    assertThat(refusal(ascii("PROXY UNKNOWN " + "x".repeat(92) + "\r\n"))).isEqualTo(Reason.LINE_TOO_LONG);
    assertThat(decode(ascii("PROXY UNKNOWN " + "x".repeat(91) + "\r\n")).header()).isNotNull();
  }

  @Test
  void everyPrefixOfAHeaderIsTruncated() throws Exception {
    byte[] v1 = ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n");
    byte[] v2 = ProxyHeaderWriter.v2(new ProxyHeader.Tcp(2, at("192.0.2.1", 1), at("192.0.2.2", 25),
        List.of(new ProxyTlv(ProxyTlv.UNIQUE_ID, ascii("id")))), true);
    for (byte[] header : List.of(v1, v2)) {
      for (int n = 0; n < header.length; n++) {
        assertThat(refusal(Arrays.copyOf(header, n))).as("prefix %d", n).isEqualTo(Reason.TRUNCATED);
      }
    }
  }

  @Test
  void v2ProtocolBytesOfSection22() throws Exception {
    byte[] inet = new byte[12];
    inet[0] = (byte) 192;
    inet[3] = 1;
    inet[4] = 10;
    inet[7] = 2;
    inet[8] = (byte) 0xDB;
    inet[9] = 0x64;
    inet[11] = 25;
    assertThat(decode(ProxyHeaderWriter.v2Raw(0x21, 0x11, inet)).header())
        .isEqualTo(new ProxyHeader.Tcp(2, at("192.0.0.1", 56164), at("10.0.0.2", 25), List.of()));
    byte[] inet6 = new byte[36];
    inet6[15] = 1;
    inet6[31] = 1;
    inet6[35] = 25;
    ProxyHeader.Tcp v6 = (ProxyHeader.Tcp) decode(ProxyHeaderWriter.v2Raw(0x21, 0x21, inet6)).header();
    assertThat(v6.ipv6()).isTrue();
    assertThat(v6.source()).isEqualTo(at("::1", 0));
    byte[] unix = new byte[216];
    unix[0] = '/';
    unix[1] = 'a';
    unix[108] = '/';
    assertThat(decode(ProxyHeaderWriter.v2Raw(0x21, 0x31, unix)).header())
        .isEqualTo(new ProxyHeader.Unix("/a", "/", List.of()));
    for (int datagram : new int[] {0x00, 0x12, 0x22, 0x32, 0x10, 0x20}) {
      assertThat(decode(ProxyHeaderWriter.v2Raw(0x21, datagram, unix)).header())
          .as("0x%x falls back to UNSPEC", datagram).isEqualTo(new ProxyHeader.Unknown(2));
    }
  }

  @Test
  void v2LocalIgnoresItsAddressBlock() {
    assertThat(decode(ProxyHeaderWriter.v2Raw(0x20, 0x00, new byte[0])).header()).isEqualTo(new ProxyHeader.Local());
    assertThat(decode(ProxyHeaderWriter.v2Raw(0x20, 0x11, new byte[] {1, 2, 3})).header())
        .isEqualTo(new ProxyHeader.Local());
    assertThat(new ProxyHeader.Local().client()).isEmpty();
  }

  @Test
  void v2TlvsAreParsedAndNoopAndChecksumDropped() throws Exception {
    ProxyTlv ssl = new ProxyTlv(ProxyTlv.SSL, new byte[] {1, 0, 0, 0, 0},
        List.of(new ProxyTlv(ProxyTlv.SSL_VERSION, ascii("TLSv1.3")), new ProxyTlv(ProxyTlv.SSL_CN, ascii("c"))));
    List<ProxyTlv> tlvs = List.of(new ProxyTlv(ProxyTlv.AUTHORITY, ascii("mx.example.org")), ssl,
        new ProxyTlv(ProxyTlv.UNIQUE_ID, new byte[128]), new ProxyTlv(0xE0, new byte[0]));
    ProxyHeader.Tcp header = new ProxyHeader.Tcp(2, at("2001:db8::1", 40000), at("2001:db8::2", 25), tlvs);
    byte[] bytes = ProxyHeaderWriter.v2(header, true);
    assertThat(decode(bytes).header()).isEqualTo(header);
    assertThat(decode(bytes).header().tlv(ProxyTlv.SSL)).contains(ssl);
    byte[] noop = ProxyHeaderWriter.v2Raw(0x21, 0x11, concat(new byte[12], ProxyHeaderWriter.tlv(ProxyTlv.NOOP,
        new byte[5])));
    assertThat(decode(noop).header().tlvs()).isEmpty();
  }

  @Test
  void malformedV2HeadersAreRefused() throws Exception {
    byte[] header = ProxyHeaderWriter.v2Raw(0x21, 0x11, new byte[12]);
    for (int i = 0; i < 12; i++) {
      byte[] wrong = header.clone();
      wrong[i] ^= 0x40;
      assertThat(refusal(wrong)).as("signature octet %d", i).isEqualTo(Reason.WRONG_SIGNATURE);
    }
    assertThat(refusal(ProxyHeaderWriter.v2Raw(0x11, 0x11, new byte[12]))).isEqualTo(Reason.UNSUPPORTED_VERSION);
    assertThat(refusal(ProxyHeaderWriter.v2Raw(0x31, 0x11, new byte[12]))).isEqualTo(Reason.UNSUPPORTED_VERSION);
    assertThat(refusal(ProxyHeaderWriter.v2Raw(0x22, 0x11, new byte[12]))).isEqualTo(Reason.UNKNOWN_COMMAND);
    assertThat(refusal(ProxyHeaderWriter.v2Raw(0x2F, 0x11, new byte[12]))).isEqualTo(Reason.UNKNOWN_COMMAND);
    assertThat(refusal(ProxyHeaderWriter.v2Raw(0x21, 0x41, new byte[12]))).isEqualTo(Reason.UNKNOWN_FAMILY);
    assertThat(refusal(ProxyHeaderWriter.v2Raw(0x21, 0x13, new byte[12]))).isEqualTo(Reason.UNKNOWN_FAMILY);
    assertThat(refusal(ProxyHeaderWriter.v2Raw(0x21, 0x11, new byte[11]))).isEqualTo(Reason.BAD_ADDRESS);
    assertThat(refusal(ProxyHeaderWriter.v2Raw(0x21, 0x21, new byte[12]))).isEqualTo(Reason.BAD_ADDRESS);
    assertThat(refusal(ProxyHeaderWriter.v2Raw(0x21, 0x31, new byte[215]))).isEqualTo(Reason.BAD_ADDRESS);
  }

  @Test
  void anOverlongV2HeaderIsRefusedFromItsLengthField() {
    byte[] fixed = Arrays.copyOf(ProxyHeaderWriter.v2Raw(0x21, 0x11, new byte[0]), 16);
    fixed[14] = (byte) 0xFF;
    fixed[15] = (byte) 0xFF;
    ProxyDecoding.Outcome outcome = decode(fixed);
    assertThat(outcome.failure()).isEqualTo(Reason.HEADER_TOO_LONG);
    assertThat(outcome.consumed()).isEqualTo(16);
    int room = ProxyHeaderDecoder.DEFAULT_MAX_LENGTH - 16 - 12 - 3;
    byte[] max = ProxyHeaderWriter.v2Raw(0x21, 0x11, concat(new byte[12], ProxyHeaderWriter.tlv(0xE0,
        new byte[room])));
    assertThat(decode(max).header().tlv(0xE0).orElseThrow().value()).hasSize(room);
    byte[] over = ProxyHeaderWriter.v2Raw(0x21, 0x11, concat(new byte[12], ProxyHeaderWriter.tlv(0xE0,
        new byte[room + 1])));
    assertThat(refusal(over)).isEqualTo(Reason.HEADER_TOO_LONG);
    assertThat(ProxyDecoding.decode(over, 0, 2048).header()).isNotNull();
  }

  @Test
  void badTlvsAreRefused() {
    byte[] addresses = new byte[12];
    byte[] overrun = {(byte) 0xE0, 0, 10, 1, 2};
    byte[] stub = {(byte) 0xE0, 0};
    byte[] crcShort = ProxyHeaderWriter.tlv(ProxyTlv.CRC32C, new byte[3]);
    byte[] longId = ProxyHeaderWriter.tlv(ProxyTlv.UNIQUE_ID, new byte[129]);
    byte[] sslShort = ProxyHeaderWriter.tlv(ProxyTlv.SSL, new byte[4]);
    byte[] sslSubOverrun = ProxyHeaderWriter.tlv(ProxyTlv.SSL, new byte[] {1, 0, 0, 0, 0, 0x21, 0, 9, 'T'});
    for (byte[] tlv : List.of(overrun, stub, crcShort, longId, sslShort, sslSubOverrun)) {
      assertThat(refusal(ProxyHeaderWriter.v2Raw(0x21, 0x11, concat(addresses, tlv)))).isEqualTo(Reason.BAD_TLV);
    }
  }

  @Test
  void aChecksumMustMatchAndBeAlone() throws Exception {
    ProxyHeader header = new ProxyHeader.Tcp(2, at("192.0.2.1", 1), at("192.0.2.2", 25), List.of());
    byte[] good = ProxyHeaderWriter.v2(header, true);
    assertThat(decode(good).header()).isEqualTo(header);
    for (int i = 16; i < good.length; i++) {
      if (i == 16 + 12) {
        continue; // the checksum's own type octet: flipped, the header has no checksum
      }
      byte[] bad = good.clone();
      bad[i] ^= 1;
      assertThat(decode(bad).header()).as("octet %d flipped", i).isNull();
    }
    byte[] flippedAddress = good.clone();
    flippedAddress[16] ^= 1;
    assertThat(refusal(flippedAddress)).isEqualTo(Reason.CHECKSUM_MISMATCH);
    byte[] twice = ProxyHeaderWriter.v2Raw(0x21, 0x11, concat(new byte[12],
        concat(ProxyHeaderWriter.tlv(ProxyTlv.CRC32C, new byte[4]), ProxyHeaderWriter.tlv(ProxyTlv.CRC32C,
            new byte[4]))));
    assertThat(refusal(twice)).isEqualTo(Reason.BAD_TLV);
  }

  @Test
  void readingOctetsNeededNeverReadsPastTheHeader() throws Exception {
    byte[] rest = ascii("\u0016\u0003\u0001 client hello");
    for (byte[] header : List.of(ascii("PROXY TCP4 192.0.2.1 192.0.2.2 1 25\r\n"), ProxyHeaderWriter.v2(
        new ProxyHeader.Tcp(2, at("192.0.2.1", 1), at("192.0.2.2", 25), List.of()), true),
        ProxyHeaderWriter.v2Raw(0x20, 0, new byte[0]))) {
      ByteBuffer input = ByteBuffer.wrap(concat(header, rest));
      ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
      java.util.Optional<ProxyHeader> decoded = java.util.Optional.empty();
      while (decoded.isEmpty()) {
        int n = decoder.octetsNeeded();
        assertThat(n).isPositive();
        decoded = decoder.decode(ByteBuffer.wrap(input.array(), input.position(), n));
        input.position(input.position() + n);
      }
      assertThat(input.position()).isEqualTo(header.length);
      assertThat(decoder.octetsNeeded()).isZero();
    }
  }

  @Test
  void misuseIsLoud() throws Exception {
    assertThatThrownBy(() -> new ProxyHeaderDecoder(ProxyHeaderDecoder.MIN_MAX_LENGTH - 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ProxyHeaderDecoder(16 + 65536)).isInstanceOf(IllegalArgumentException.class);
    ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
    assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(ascii("X")))).isInstanceOf(ProxyHeaderException.class);
    assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(ascii("X")))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(decoder::endOfInput).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new ProxyHeader.Tcp(1, at("::1", 1), at("127.0.0.1", 1), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ProxyHeader.Tcp(1, at("::1", 1), at("::1", 1),
        List.of(new ProxyTlv(1, new byte[0])))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ProxyHeader.Unknown(3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ProxyTlv(256, new byte[0])).isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
