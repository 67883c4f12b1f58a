package dev.missive.imap.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.testkit.Feeding;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The command decoder is total and chunking-independent: for any input built from IMAP's framing tokens (literal
 * headers of every form, CR, LF, NUL, quotes, parentheses, command words), fed whole, byte by byte or in random
 * pieces, it throws nothing and gives the same units.
 */
class DecoderPropertyTest {

  private static final List<String> TOKENS = List.of("a1 ", "A2 ", "* ", "+ ", "NOOP", "LOGIN", "APPEND", "SEARCH",
      "FETCH", "UID", "SELECT", "INBOX", " ", " ", "\r\n", "\r\n", "\n", "\r", "\0", "\"", "\\", "(", ")", "[", "]",
      "{", "}", "~", "+", "3", "0", "{3}\r\n", "{3+}\r\n", "~{3+}\r\n", "{0}\r\n", "{4294967296}\r\n",
      "{99999999999999999999+}\r\n", "{2+}\r\nab", "abc", "x", "\u00e9", "&", "BODY[", "1:*", "$", "DONE");

  @Provide
  Arbitrary<byte[]> inputs() {
    return Arbitraries.of(TOKENS).list().ofMaxSize(60).map(tokens -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      tokens.forEach(t -> out.writeBytes(t.getBytes(StandardCharsets.UTF_8)));
      return out.toByteArray();
    });
  }

  @Property(tries = 200)
  void sameUnitsHoweverTheBytesAreSplit(@ForAll("inputs") byte[] input, @ForAll long seed) {
    List<String> whole = run(input, Feeding.whole());
    assertThat(run(input, Feeding.byteByByte())).isEqualTo(whole);
    assertThat(run(input, Feeding.random(seed))).isEqualTo(whole);
  }

  @Property(tries = 200)
  void totalOnRandomBytes(@ForAll byte[] input) {
    run(input, Feeding.whole());
    run(input, Feeding.byteByByte());
  }

  private static List<String> run(byte[] input, Feeding feeding) {
    ImapLimits small = new ImapLimits(8_000, 8_000, 8, 8, 1_000);
    return Decoding.decode(new CommandDecoder(small, NonSynchronizingLiterals.LITERAL_PLUS), input, feeding,
        a -> a.index() % 2 == 0);
  }
}
