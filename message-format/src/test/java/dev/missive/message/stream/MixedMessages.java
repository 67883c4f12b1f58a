package dev.missive.message.stream;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * Test helper: damaged messages for property tests of the parser and the tree, mixing CRLF, bare CR and bare LF
 * line ends, delimiters (of open multiparts, prefixes of them, padded), lines longer than small field limits,
 * 8-bit octets and encoded bodies; and a few small limit settings that such messages run into.
 */
public final class MixedMessages {

  /** Limits small enough for generated messages to reach: field length, count, header size, depth, parts. */
  public static final MessageLimits[] SMALL_LIMITS = {
      new MessageLimits(78, 1_000, 200, 100, 10_000, 64 * 1024),
      new MessageLimits(78, 3, 200, 3, 5, 1024),
      new MessageLimits(100, 10, 150, 2, 3, 1024),
      new MessageLimits(120, 4, 300, 1, 2, 1024),
      MessageLimits.DEFAULT};

  private static final String[] PIECES = {
      "Content-Type: multipart/mixed; boundary=b", "Content-Type: multipart/alternative; boundary=bb",
      "Content-Type: message/rfc822", "Content-Type: text/plain", "Content-Transfer-Encoding: base64",
      "Content-Transfer-Encoding: quoted-printable", "Content-Transfer-Encoding: binary", "Subject: x",
      "X-8bit: \u00ff\u00e9", " folded", "\t", "\r\n", "\r\n", "\n", "\n", "\r", "--b", "--b--", "--bb", "--bb--",
      "--b \t", "--bx", "-", "text", "aGVsbG8=", "U3ViamVjdDogeA0KDQpib2R5", "=41=", "=\r\n", "=\n", "=FF",
      "no colon", ": ", "\u0000", "\u0080\u00ff", " "};

  private MixedMessages() {
  }

  /** {@return messages of up to 50 pieces, as ISO-8859-1 octets} */
  public static Arbitrary<byte[]> messages() {
    Arbitrary<String> piece = Arbitraries.frequencyOf(
        Tuple.of(12, Arbitraries.of(PIECES)),
        Tuple.of(1, Arbitraries.integers().between(60, 1100).map("y"::repeat)),
        Tuple.of(1, Arbitraries.strings().withChars("\r\n-b \t:=A\u0080\u00ff\u0000").ofMaxLength(30)));
    return piece.list().ofMaxSize(50).map(l -> String.join("", l).getBytes(StandardCharsets.ISO_8859_1));
  }
}
