package dev.missive.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any header HAProxy's specification allows, written as §2.1 or §2.2 lays it out and followed by the protocol's
 * first octets, decodes to itself in any chunking, takes exactly its own octets, and any shorter prefix is
 * {@code TRUNCATED}.
 */
class ProxyHeaderPropertyTest {

  @Property(tries = 200)
  void aWrittenHeaderDecodesToItselfAndNoMore(@ForAll("headers") ProxyHeader header,
      @ForAll boolean checksum, @ForAll long seed, @ForAll("protocol") byte[] after) {
    byte[] bytes = header.version() == 1 ? ProxyHeaderWriter.v1(header) : ProxyHeaderWriter.v2(header, checksum);
    byte[] input = Arrays.copyOf(bytes, bytes.length + after.length);
    System.arraycopy(after, 0, input, bytes.length, after.length);

    ProxyDecoding.Outcome outcome = ProxyDecoding.decode(input, seed, 2048);
    assertThat(outcome.failure()).isNull();
    assertThat(outcome.header()).isEqualTo(header);
    assertThat(outcome.consumed()).isEqualTo(bytes.length);

    int cut = (int) Math.floorMod(seed, (long) bytes.length);
    assertThat(ProxyDecoding.decode(Arrays.copyOf(bytes, cut), seed, 2048).failure())
        .isEqualTo(ProxyHeaderException.Reason.TRUNCATED);
  }

  @Provide
  Arbitrary<byte[]> protocol() {
    return Arbitraries.of("", "220 mx.example.org ESMTP\r\n", "\u0016\u0003\u0001\u0000", "EHLO a\r\n")
        .map(s -> s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  @Provide
  Arbitrary<ProxyHeader> headers() {
    Arbitrary<Integer> version = Arbitraries.of(1, 2);
    Arbitrary<Integer> port = Arbitraries.integers().between(0, 65535);
    Arbitrary<Boolean> ipv6 = Arbitraries.of(true, false);
    Arbitrary<ProxyHeader> tcp = Combinators.combine(version, ipv6, Arbitraries.bytes().array(byte[].class)
        .ofSize(32), port, port, tlvs())
        .as((v, six, octets, sp, dp, tlvs) -> new ProxyHeader.Tcp(v, at(octets, 0, six, sp), at(octets, 16, six, dp),
            v == 1 ? List.of() : tlvs));
    Arbitrary<String> path = Arbitraries.strings().withCharRange('a', 'z').withChars('/', '.').ofMaxLength(100);
    Arbitrary<ProxyHeader> unix = Combinators.combine(path, path, tlvs()).as(ProxyHeader.Unix::new);
    Arbitrary<ProxyHeader> unknown = version.map(ProxyHeader.Unknown::new);
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, tcp), net.jqwik.api.Tuple.of(2, unix),
        net.jqwik.api.Tuple.of(1, unknown), net.jqwik.api.Tuple.of(1, Arbitraries.just(new ProxyHeader.Local())));
  }

  private Arbitrary<List<ProxyTlv>> tlvs() {
    Arbitrary<byte[]> value = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
    Arbitrary<ProxyTlv> plain = Combinators.combine(Arbitraries.of(ProxyTlv.ALPN, ProxyTlv.AUTHORITY,
        ProxyTlv.UNIQUE_ID, ProxyTlv.NETNS, 0xE0, 0xEF, 0xF0, 0x00), value).as(ProxyTlv::new);
    Arbitrary<ProxyTlv> ssl = Combinators.combine(Arbitraries.bytes().array(byte[].class).ofSize(5),
        Combinators.combine(Arbitraries.of(ProxyTlv.SSL_VERSION, ProxyTlv.SSL_CN, ProxyTlv.SSL_CIPHER), value)
            .as(ProxyTlv::new).list().ofMaxSize(3))
        .as((fixed, subs) -> new ProxyTlv(ProxyTlv.SSL, fixed, subs));
    return Arbitraries.oneOf(plain, plain, ssl).list().ofMaxSize(5).map(ArrayList::new);
  }

  private static InetSocketAddress at(byte[] octets, int from, boolean ipv6, int port) {
    try {
      byte[] raw = Arrays.copyOfRange(octets, from, from + (ipv6 ? 16 : 4));
      InetAddress address = ipv6 ? java.net.Inet6Address.getByAddress(null, raw, -1) : InetAddress.getByAddress(raw);
      return new InetSocketAddress(address, port);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
