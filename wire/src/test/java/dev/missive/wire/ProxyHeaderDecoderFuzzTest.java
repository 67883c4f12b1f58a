package dev.missive.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target for {@link ProxyHeaderDecoder} (HAProxy's PROXY protocol specification §2.1, §2.2): any octets, any
 * maximum and any chunking give a header or a {@link ProxyHeaderException} and nothing else; whole and chunked
 * alike; the decoder never takes more than the header (at most 107 octets for a line, the maximum for a binary
 * header); and a decoded header, written again, decodes to itself. Replayed from
 * {@code ProxyHeaderDecoderFuzzTestInputs/}.
 */
class ProxyHeaderDecoderFuzzTest {

  @FuzzTest
  void decodesOrRefusesAlike(FuzzedDataProvider data) {
    int maxLength = data.consumeInt(ProxyHeaderDecoder.MIN_MAX_LENGTH, 4096);
    long seed = data.consumeLong();
    byte[] input = data.consumeRemainingAsBytes();

    ProxyDecoding.Outcome whole = ProxyDecoding.decode(input, 0, maxLength);
    assertThat(ProxyDecoding.decode(input, seed, maxLength)).isEqualTo(whole);
    assertThat(whole.header() == null).isEqualTo(whole.failure() != null);
    assertThat(whole.consumed()).isLessThanOrEqualTo(Math.min(input.length, maxLength));
    if (whole.header() != null) {
      if (input[0] == 'P') {
        assertThat(whole.consumed()).isLessThanOrEqualTo(ProxyHeaderDecoder.V1_MAX_LINE);
      }
      byte[] again = whole.header().version() == 1 ? ProxyHeaderWriter.v1(whole.header())
          : ProxyHeaderWriter.v2(whole.header(), false);
      assertThat(ProxyDecoding.decode(again, 0, 65551).header()).isEqualTo(whole.header());
    }
  }
}
