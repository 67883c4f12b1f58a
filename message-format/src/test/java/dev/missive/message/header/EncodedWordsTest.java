package dev.missive.message.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EncodedWordsTest {

  private final List<Defect> defects = new ArrayList<>();

  private String decode(String s) {
    return EncodedWords.decode(s, defects);
  }

  /** RFC 2047 §8: the table of encoded forms inside comments and how they are displayed. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "(=?ISO-8859-1?Q?a?=)|(a)",
      "(=?ISO-8859-1?Q?a?= b)|(a b)",
      "(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)|(ab)",
      "(=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=)|(ab)",
      "(=?ISO-8859-1?Q?a_b?=)|(a b)",
      "(=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=)|(a b)"})
  void rfc2047Section8Table(String encoded, String displayed) {
    assertThat(decode(encoded)).isEqualTo(displayed);
    assertThat(defects).isEmpty();
  }

  /**
   * Issue 12 item 7: raw 8-bit octets inside a Q word (RFC 2047 §5 allows printable ASCII only; §6.3 leaves a
   * malformed word to the reader) are decoded as octets of the word's charset, as Thunderbird and CPython's
   * {@code email} (3.11: "Fr\u00f6sche", "\u20acuro") do, with a defect; the field reaches the decoder as
   * ISO-8859-1 when its octets are not UTF-8, as UTF-8 when they are.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Subject: =?iso-8859-1?Q?Fr\\xF6sche?=|Fr\u00f6sche",
      "Subject: =?utf-8?Q?Fr\\xC3\\xB6sche?=|Fr\u00f6sche",
      "Subject: =?windows-1252?Q?\\x80uro?=|\u20acuro",
      "Subject: =?iso-8859-15?Q?\\xE2\\x82\\xAC_5?=|\u20ac 5",
      "Subject: Die =?iso-8859-1?Q?Fr\\xF6sche?= =?iso-8859-1?Q?_quaken?=|Die Fr\u00f6sche quaken"})
  void rawEightBitOctetsInsideAQWordAreDecodedInItsCharsetWithADefect(String field, String decoded) {
    HeaderField f = HeaderField.parse(octets(field), new ArrayList<>());
    assertThat(f.decodedValue(defects)).isEqualTo(decoded);
    assertThat(defects).extracting(Defect::kind).containsOnly(DefectKind.MALFORMED_ENCODED_WORD);
    assertThat(defects.get(0).detail()).contains("raw 8-bit");
  }

  @Test
  void rawEightBitOctetsInsideABWordKeepItAsWrittenWithADefect() {
    HeaderField f = HeaderField.parse(octets("Subject: =?iso-8859-1?B?RnL2c2No\\xF6ZQ==?="), new ArrayList<>());
    assertThat(f.decodedValue(defects)).isEqualTo("=?iso-8859-1?B?RnL2c2No\u00f6ZQ==?=");
    assertThat(defects).extracting(Defect::kind).containsExactly(DefectKind.MALFORMED_ENCODED_WORD);
  }

  /** {@code \\xHH} in a test string stands for the octet 0xHH; the rest is ASCII. */
  private static byte[] octets(String s) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      if (s.startsWith("\\x", i)) {
        out.write(Integer.parseInt(s.substring(i + 2, i + 4), 16));
        i += 3;
      } else {
        out.write(s.charAt(i));
      }
    }
    return out.toByteArray();
  }

  @Test
  void rfc2047Section8FoldedPairIsJoined() {
    HeaderField f = HeaderField.parse(
        "Comments: (=?ISO-8859-1?Q?a?=\r\n    =?ISO-8859-1?Q?b?=)".getBytes(StandardCharsets.US_ASCII), defects);
    assertThat(f.decodedValue()).isEqualTo("(ab)");
  }

  @Test
  void rfc2047Section8HeaderExamples() {
    assertThat(decode("=?US-ASCII?Q?Keith_Moore?= <moore@cs.utk.edu>")).isEqualTo("Keith Moore <moore@cs.utk.edu>");
    assertThat(decode("=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>"))
        .isEqualTo("Keld J\u00f8rn Simonsen <keld@dkuug.dk>");
    assertThat(decode("=?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>"))
        .isEqualTo("Andr\u00e9 Pirard <PIRARD@vm1.ulg.ac.be>");
    assertThat(decode("=?ISO-8859-1?Q?Olle_J=E4rnefors?= <ojarnef@admin.kth.se>"))
        .isEqualTo("Olle J\u00e4rnefors <ojarnef@admin.kth.se>");
    assertThat(decode("=?ISO-8859-1?Q?Patrik_F=E4ltstr=F6m?= <paf@nada.kth.se>"))
        .isEqualTo("Patrik F\u00e4ltstr\u00f6m <paf@nada.kth.se>");
    assertThat(decode("Nathaniel Borenstein <nsb@thumper.bellcore.com> (=?iso-8859-8?b?7eXs+SDv4SDp7Oj08A==?=)"))
        .isEqualTo("Nathaniel Borenstein <nsb@thumper.bellcore.com> "
            + "(\u05dd\u05d5\u05dc\u05e9 \u05df\u05d1 \u05d9\u05dc\u05d8\u05e4\u05e0)");
    assertThat(defects).isEmpty();
  }

  @Test
  void theIssueSubjectDecodesExactly() {
    byte[] raw = ("Subject: =?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=\r\n"
        + "    =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=").getBytes(StandardCharsets.US_ASCII);
    HeaderField subject = HeaderField.parse(raw, defects);
    assertThat(subject.decodedValue()).isEqualTo("If you can read this you understand the example.");
    assertThat(decode("=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?= "
        + "=?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?="))
        .isEqualTo("If you can read this you understand the example.");
    assertThat(defects).isEmpty();
  }

  @Test
  void multiByteCharacterSplitAcrossTwoWordsIsJoined() {
    // "é" in UTF-8 is C3 A9; a non-conforming encoder split it across two words
    assertThat(decode("=?UTF-8?Q?caf=C3?= =?UTF-8?Q?=A9?=")).isEqualTo("caf\u00e9");
    assertThat(decode("=?utf-8?B?w4k=?= =?UTF-8?B?w6k=?=")).isEqualTo("\u00c9\u00e9");
    assertThat(defects).isEmpty();
  }

  @Test
  void whiteSpaceBetweenWordAndTextIsKept() {
    assertThat(decode("Re: =?UTF-8?Q?h=C3=A9?= there  =?UTF-8?Q?x?=")).isEqualTo("Re: h\u00e9 there  x");
  }

  @Test
  void rfc2231LanguageSuffixInCharsetIsTolerated() {
    assertThat(decode("=?US-ASCII*EN?Q?Keith_Moore?=")).isEqualTo("Keith Moore");
  }

  @Test
  void malformedWordsAreKeptAsWrittenWithADefect() {
    assertThat(decode("a =?UTF-8?B?!!!!?= b")).isEqualTo("a =?UTF-8?B?!!!!?= b");
    assertThat(defects).extracting(Defect::kind).containsExactly(DefectKind.MALFORMED_ENCODED_WORD);
    defects.clear();
    assertThat(decode("=?UTF-8?Q?bad=ZZ?=")).isEqualTo("=?UTF-8?Q?bad=ZZ?=");
    assertThat(decode("=?UTF-8?X?abc?=")).isEqualTo("=?UTF-8?X?abc?=");
    assertThat(defects).hasSize(2).allMatch(d -> d.kind() == DefectKind.MALFORMED_ENCODED_WORD);
    defects.clear();
    assertThat(decode("=?x-no-such-charset?Q?abc?=")).isEqualTo("=?x-no-such-charset?Q?abc?=");
    assertThat(defects).extracting(Defect::kind).containsExactly(DefectKind.UNKNOWN_CHARSET);
  }

  @Test
  void textThatOnlyLooksLikeAWordIsLeftAlone() {
    assertThat(decode("what =? is this ?= thing =?")).isEqualTo("what =? is this ?= thing =?");
    assertThat(decode("=?UTF-8?Q?unterminated")).isEqualTo("=?UTF-8?Q?unterminated");
    assertThat(defects).isEmpty();
  }

  @Test
  void invalidOctetsInTheCharsetBecomeReplacementCharactersWithADefect() {
    assertThat(decode("=?UTF-8?Q?a=FFb?=")).isEqualTo("a\ufffdb");
    assertThat(defects).extracting(Defect::kind).containsExactly(DefectKind.MALFORMED_ENCODED_WORD);
  }

  @Test
  void encodeUsesQForMostlyAsciiAndBForTheRest() {
    assertThat(EncodedWords.encode("Andr\u00e9 Pirard", StandardCharsets.ISO_8859_1))
        .isEqualTo("=?ISO-8859-1?Q?Andr=E9_Pirard?=");
    assertThat(EncodedWords.encode("\u05e9\u05dc\u05d5\u05dd", StandardCharsets.UTF_8))
        .isEqualTo("=?UTF-8?B?16nXnNeV150=?=");
  }

  @Test
  void encodeRefusesLineBreaksAndUnencodableText() {
    assertThatThrownBy(() -> EncodedWords.encode("a\r\nBcc: x", StandardCharsets.UTF_8))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EncodedWords.encode("a\u2028b", StandardCharsets.UTF_8))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EncodedWords.encode("\u4e2d", StandardCharsets.ISO_8859_1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Found by EncodedWordsFuzzTest: UTF-16 wrote a byte-order mark in every word, which decoding the joined run
   * kept as U+FEFF before each word but the first. Such a charset is refused; UTF-16BE reads back exactly.
   */
  @Test
  void aCharsetWritingAByteOrderMarkPerWordIsRefused() {
    String text = "Return-Path: something@example.com, then some more words to need several encoded words";
    assertThatThrownBy(() -> EncodedWords.encode(text, StandardCharsets.UTF_16))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("byte-order mark");
    assertThatThrownBy(() -> EncodedWords.encode(text, StandardCharsets.UTF_16, 9))
        .isInstanceOf(IllegalArgumentException.class);
    String words = EncodedWords.encode(text, StandardCharsets.UTF_16BE);
    assertThat(words.split(" ")).hasSizeGreaterThan(1);
    assertThat(EncodedWords.decode(words, defects)).isEqualTo(text);
    assertThat(defects).isEmpty();
  }

  /**
   * A charset that maps a character one way only is refused rather than changing the text: Java's Shift_JIS
   * encoder writes U+00A5 YEN SIGN as 0x5C, which reads back as a backslash (found by EncodedWordsFuzzTest's
   * counted run at 540d7833, finding F12). ISO-2022-JP reads the same text back exactly.
   */
  @Test
  void aCharsetThatDoesNotReadTheTextBackIsRefused() {
    String text = "Price: \u00a5100";
    assertThatThrownBy(() -> EncodedWords.encode(text, Charset.forName("Shift_JIS")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not read the text back");
    assertThatThrownBy(() -> EncodedWords.encode(text, Charset.forName("Shift_JIS"), 9))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(EncodedWords.decode(EncodedWords.encode(text, Charset.forName("ISO-2022-JP")), defects))
        .isEqualTo(text);
    assertThat(defects).isEmpty();
  }

  /** A stateful charset (escape sequences per word) still gives self-contained words within the limits. */
  @Test
  void statefulCharsetWordsAreSelfContained() {
    Charset jis = Charset.forName("ISO-2022-JP");
    String text = "\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8 abc ".repeat(8);
    String folded = EncodedWords.encode(text, jis, 9);
    for (String line : folded.split("\r\n")) {
      assertThat(line.length()).isLessThanOrEqualTo(76 - (line.startsWith(" ") ? 0 : 9));
    }
    assertThat(EncodedWords.decode(folded.replace("\r\n", ""), defects)).isEqualTo(text);
    assertThat(defects).isEmpty();
  }

  @Test
  void aLongFirstLineStartsWithAFold() {
    String folded = EncodedWords.encode("\u00e9t\u00e9", StandardCharsets.UTF_8, 70);
    assertThat(folded).startsWith("\r\n =?UTF-8?");
    assertThat(EncodedWords.decode(folded.substring(3), defects)).isEqualTo("\u00e9t\u00e9");
  }

  @Property(tries = 200)
  void encodeThenDecodeGivesTheTextBackOnShortLines(@ForAll("unicodeText") String text,
      @ForAll("charsets") Charset cs, @ForAll @IntRange(min = 0, max = 70) int firstLineUsed) {
    String folded = EncodedWords.encode(text, cs, firstLineUsed);
    String[] lines = folded.split("\r\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int used = i == 0 ? firstLineUsed : 0;
      assertThat(used + lines[i].length()).isLessThanOrEqualTo(EncodedWords.MAX_LINE_LENGTH);
      if (i > 0) {
        assertThat(lines[i]).startsWith(" ");
      }
      for (String word : lines[i].trim().split(" ")) {
        assertThat(word.length()).isLessThanOrEqualTo(EncodedWords.MAX_WORD_LENGTH);
      }
    }
    List<Defect> found = new ArrayList<>();
    String unfolded = folded.startsWith("\r\n ") ? folded.substring(3) : folded;
    assertThat(EncodedWords.decode(unfolded.replace("\r\n", ""), found)).isEqualTo(text);
    assertThat(EncodedWords.decode(EncodedWords.encode(text, cs), found)).isEqualTo(text);
    assertThat(found).isEmpty();
  }

  @Provide
  Arbitrary<String> unicodeText() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(120),
        Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u00a0', '\u00ff').ofMaxLength(200),
        Arbitraries.strings().withCharRange('\u4e00', '\u4fff').withChars(' ', 'a').ofMaxLength(80))
        .map(TestText::writable);
  }

  @Provide
  Arbitrary<Charset> charsets() {
    return Arbitraries.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16BE, Charset.forName("GB18030"));
  }

}
