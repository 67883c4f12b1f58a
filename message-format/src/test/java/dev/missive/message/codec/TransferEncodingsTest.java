package dev.missive.message.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransferEncodingsTest {

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String str(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  /** Decodes with a fresh decoder, returning the output and leaving the defects in {@code decoder}. */
  private static String decode(ContentDecoder decoder, String encoded) {
    ByteBuffer in = ByteBuffer.wrap(ascii(encoded));
    ByteBuffer out = ByteBuffer.allocate(encoded.length() + 16);
    decoder.decode(in, out);
    assertThat(in.hasRemaining()).isFalse();
    assertThat(decoder.finish(out)).isTrue();
    return str(java.util.Arrays.copyOf(out.array(), out.position()));
  }

  @Test
  void rfc2045Base64IgnoresLineBreaksAndDecodesPadding() {
    ContentDecoder d = TransferEncodings.decoder("BASE64");
    assertThat(decode(d, "SGVs\r\nbG8s\r\nIHdv\r\ncmxk\r\nIQ==\r\n")).isEqualTo("Hello, world!");
    assertThat(d.defects()).isEmpty();
  }

  @Test
  void garbageBase64CharactersAreSkippedWithOneDefect() {
    ContentDecoder d = TransferEncodings.decoder("base64");
    assertThat(decode(d, "SGV*sbG8#sIHdv!cmxkIQ==")).isEqualTo("Hello, world!");
    assertThat(d.defects()).extracting(Defect::kind).containsExactly(DefectKind.INVALID_BASE64);
    ContentDecoder many = TransferEncodings.decoder("base64");
    decode(many, "!".repeat(10_000));
    assertThat(many.defects()).hasSize(1);
  }

  @Test
  void aPartialFinalQuantumIsDecodedWithADefect() {
    ContentDecoder d = TransferEncodings.decoder("base64");
    assertThat(decode(d, "SGVsbG8")).isEqualTo("Hello");
    assertThat(d.defects()).extracting(Defect::kind).containsExactly(DefectKind.INVALID_BASE64);
    ContentDecoder lone = TransferEncodings.decoder("base64");
    assertThat(decode(lone, "SGVsb")).isEqualTo("Hel");
    assertThat(lone.defects()).extracting(Defect::kind).containsExactly(DefectKind.INVALID_BASE64);
  }

  @Test
  void base64EncoderMatchesTheJdkMimeEncoder() {
    byte[] data = new byte[1000];
    new java.util.Random(7).nextBytes(data);
    assertThat(str(TransferEncodings.encode(data, "base64"))).isEqualTo(str(Base64.getMimeEncoder().encode(data)));
    ContentEncoder e = TransferEncodings.encoder("base64");
    ByteBuffer out = ByteBuffer.allocate(4000);
    e.encode(ByteBuffer.wrap(data), out);
    assertThat(e.finish(out)).isTrue();
    assertThat(str(java.util.Arrays.copyOf(out.array(), out.position())))
        .isEqualTo(str(Base64.getMimeEncoder().encode(data)));
  }

  /** RFC 2045 §6.7: escapes, soft line breaks and trailing white space. */
  @Test
  void quotedPrintableDecodesRfc2045Section67Rules() {
    ContentDecoder d = TransferEncodings.decoder("Quoted-Printable");
    assertThat(decode(d, "Now's the time =\r\nfor all folk to come=\r\n to the aid of their country."))
        .isEqualTo("Now's the time for all folk to come to the aid of their country.");
    assertThat(decode(TransferEncodings.decoder("quoted-printable"), "caf=C3=A9 =3D x=\r\n"))
        .isEqualTo("caf\u00c3\u00a9 = x");
    assertThat(decode(TransferEncodings.decoder("quoted-printable"), "trailing   \r\nspace\t \r\nend  "))
        .isEqualTo("trailing\r\nspace\r\nend");
    assertThat(decode(TransferEncodings.decoder("quoted-printable"), "soft= \t\r\nbreak with padding=  \nx"))
        .isEqualTo("softbreak with paddingx");
    assertThat(decode(TransferEncodings.decoder("quoted-printable"), "lower =c3=a9 ok"))
        .isEqualTo("lower \u00c3\u00a9 ok");
    assertThat(decode(TransferEncodings.decoder("quoted-printable"), "no newline at end="))
        .isEqualTo("no newline at end");
    assertThat(d.defects()).isEmpty();
  }

  @Test
  void badQuotedPrintableEscapesAreKeptLiterallyWithADefect() {
    ContentDecoder d = TransferEncodings.decoder("quoted-printable");
    assertThat(decode(d, "a=ZZb =4 c=\tx =G1 end=4")).isEqualTo("a=ZZb =4 c=\tx =G1 end=4");
    assertThat(d.defects()).extracting(Defect::kind).containsExactly(DefectKind.INVALID_QUOTED_PRINTABLE);
  }

  @Test
  void quotedPrintableEncoderFollowsRfc2045Section67() {
    String encoded = str(TransferEncodings.encode(ascii("caf\u00e9 = ok \r\nline two\t\r\n"
        + "x".repeat(100) + "\rbare\n"), "quoted-printable"));
    assertThat(encoded).startsWith("caf=E9 =3D ok=20\r\nline two=09\r\n");
    for (String line : encoded.split("\r\n")) {
      assertThat(line.length()).isLessThanOrEqualTo(76);
      assertThat(line).doesNotEndWith(" ").doesNotEndWith("\t");
    }
    assertThat(encoded).contains("=0Dbare=0A");
    assertThat(str(TransferEncodings.encode(ascii("end "), "quoted-printable"))).isEqualTo("end=20");
  }

  @Test
  void identityAndUnknownEncodings() {
    assertThat(decode(TransferEncodings.decoder(null), "as is\r\n")).isEqualTo("as is\r\n");
    assertThat(decode(TransferEncodings.decoder(" 8BIT (comment)"), "\u00e9")).isEqualTo("\u00e9");
    ContentDecoder unknown = TransferEncodings.decoder("x-uuencode");
    assertThat(decode(unknown, "begin 644 x")).isEqualTo("begin 644 x");
    assertThat(unknown.defects()).extracting(Defect::kind).containsExactly(DefectKind.UNKNOWN_TRANSFER_ENCODING);
    assertThat(TransferEncodings.isKnown("Binary")).isTrue();
    assertThat(TransferEncodings.isKnown("x-uuencode")).isFalse();
    assertThatThrownBy(() -> TransferEncodings.encoder("x-uuencode")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void chooseFollowsTheContent() {
    assertThat(TransferEncodings.choose(ascii("plain text\r\nlines\r\n"), true)).isEqualTo("7bit");
    assertThat(TransferEncodings.choose(ascii("caf\u00e9 au lait\r\n"), true)).isEqualTo("quoted-printable");
    assertThat(TransferEncodings.choose(ascii("x".repeat(1200)), true)).isEqualTo("quoted-printable");
    assertThat(TransferEncodings.choose(ascii("bare\nlf"), true)).isEqualTo("quoted-printable");
    assertThat(TransferEncodings.choose(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0}, false)).isEqualTo("base64");
    assertThat(TransferEncodings.choose("\u4e2d\u6587\u4e2d\u6587".getBytes(StandardCharsets.UTF_8), true))
        .isEqualTo("base64");
  }

  @Test
  void decodersProgressWithAFourByteOutputBuffer() {
    for (String[] c : List.of(new String[] {"base64", "SGVsbG8sIHdvcmxkIQ=="},
        new String[] {"quoted-printable", "a     =\r\nb=41      c\r\n"})) {
      ContentDecoder d = TransferEncodings.decoder(c[0]);
      ByteBuffer in = ByteBuffer.wrap(ascii(c[1]));
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      ByteBuffer out = ByteBuffer.allocate(4);
      for (int guard = 0; guard < 1000 && in.hasRemaining(); guard++) {
        d.decode(in, out);
        all.write(out.array(), 0, out.position());
        out.clear();
      }
      while (!d.finish(out)) {
        all.write(out.array(), 0, out.position());
        out.clear();
      }
      all.write(out.array(), 0, out.position());
      assertThat(in.hasRemaining()).isFalse();
      assertThat(str(all.toByteArray())).isEqualTo(str(TransferEncodings.decode(ascii(c[1]), c[0])));
    }
  }

  @Test
  void decodingInputStreamReadsByteByByte() throws IOException {
    byte[] data = new byte[5000];
    new java.util.Random(3).nextBytes(data);
    DecodingInputStream in = new DecodingInputStream(
        new ByteArrayInputStream(Base64.getMimeEncoder().encode(data)), "base64");
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    for (int b; (b = in.read()) >= 0; ) {
      got.write(b);
    }
    assertThat(got.toByteArray()).isEqualTo(data);
    assertThat(in.skip(10)).isZero();
  }

  @Test
  void streamsDecodeAndEncodeWithDirectBuffersToo() throws IOException {
    byte[] data = ascii("Stream me \u00e9\r\n".repeat(300));
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (EncodingOutputStream out = new EncodingOutputStream(sink, "quoted-printable")) {
      out.write(data, 0, 100);
      out.write(data[100]);
      out.write(data, 101, data.length - 101);
    }
    try (DecodingInputStream in = new DecodingInputStream(new ByteArrayInputStream(sink.toByteArray()),
        "quoted-printable")) {
      assertThat(in.readAllBytes()).isEqualTo(data);
      assertThat(in.decoder().defects()).isEmpty();
      assertThat(in.read()).isEqualTo(-1);
    }
    ContentDecoder d = TransferEncodings.decoder("base64");
    ByteBuffer in = ByteBuffer.allocateDirect(64);
    in.put(ascii("SGVsbG8sIHdvcmxkIQ==")).flip();
    ByteBuffer out = ByteBuffer.allocateDirect(64);
    d.decode(in, out);
    d.finish(out);
    out.flip();
    byte[] got = new byte[out.remaining()];
    out.get(got);
    assertThat(str(got)).isEqualTo("Hello, world!");
  }
}
