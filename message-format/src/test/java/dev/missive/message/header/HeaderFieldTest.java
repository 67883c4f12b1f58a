package dev.missive.message.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class HeaderFieldTest {

  private final List<Defect> defects = new ArrayList<>();

  private HeaderField parse(String raw) {
    return HeaderField.parse(raw.getBytes(StandardCharsets.ISO_8859_1), defects);
  }

  @Test
  void rawBytesAreKeptExactlyAndTheValueIsUnfolded() {
    String raw = "Subject: This\r\n is a test\r\n\tfolded  field ";
    HeaderField f = parse(raw);
    assertThat(f.raw()).isEqualTo(raw.getBytes(StandardCharsets.ISO_8859_1));
    assertThat(f.name()).isEqualTo("Subject");
    assertThat(f.unfoldedValue()).isEqualTo("This is a test\tfolded  field ");
    assertThat(f.hasName("SUBJECT")).isTrue();
    assertThat(f.hasName("Subjec")).isFalse();
    assertThat(defects).isEmpty();
  }

  @Test
  void aWellKnownNameIsSharedOnlyWhenSpelledExactlyAsItsSpecificationSpellsIt() {
    HeaderField first = parse("Received: from a.example by b.example; Mon, 23 Nov 2026 11:10:00 +0000");
    HeaderField second = parse("Received: from c.example by d.example; Mon, 23 Nov 2026 11:11:00 +0000");
    assertThat(second.name()).isEqualTo("Received").isSameAs(first.name());
    assertThat(parse("content-TYPE: text/plain").name()).isEqualTo("content-TYPE");
    assertThat(parse("Received-X: 1").name()).isEqualTo("Received-X");
    assertThat(parse("X-Unknown-Field: 1").name()).isEqualTo("X-Unknown-Field");
    assertThat(parse("Rec\u00e9ived: 1").name()).isEqualTo("Rec\u00e9ived");
    assertThat(defects).hasSize(1); // the non-ASCII name is malformed; the others are not
  }

  @Test
  void everyTokenCharacterIsRecognisedAsRfc2045Section51Says() {
    String tspecials = "()<>@,;:\\\"/[]?=";
    for (int c = -1; c < 300; c++) {
      boolean expected = c > 0x20 && c < 0x7f && tspecials.indexOf(c) < 0;
      assertThat(HeaderChars.isTokenChar(c)).as("char %d", c).isEqualTo(expected);
    }
  }

  @Test
  void rawIsACopyAndTheBufferIsReadOnly() {
    HeaderField f = parse("To: a@b");
    f.raw()[0] = 'X';
    assertThat(f.name()).isEqualTo("To");
    assertThat(f.rawBuffer().isReadOnly()).isTrue();
    assertThat(f.rawLength()).isEqualTo(7);
  }

  /** docs/security.md, "Duplicate fields": {@code From :} is read as From, with a defect. */
  @Test
  void whiteSpaceBeforeTheColonGivesTheNameAndADefect() {
    HeaderField f = parse("From : x@example.com");
    assertThat(f.name()).isEqualTo("From");
    assertThat(f.hasName("from")).isTrue();
    assertThat(f.unfoldedValue()).isEqualTo("x@example.com");
    assertThat(defects).extracting(Defect::kind).containsExactly(DefectKind.WHITESPACE_BEFORE_COLON);
  }

  @Test
  void aLineWithoutAColonOrWithABadNameIsADefect() {
    HeaderField f = parse("this is not a header");
    assertThat(f.name()).isEmpty();
    assertThat(f.unfoldedValue()).isEqualTo("this is not a header");
    assertThat(defects).extracting(Defect::kind).containsExactly(DefectKind.MALFORMED_HEADER_FIELD);
    defects.clear();
    assertThat(parse("Bad\u00e9Name: v").unfoldedValue()).isEqualTo("v");
    assertThat(parse(": v").name()).isEmpty();
    assertThat(defects).extracting(Defect::kind)
        .containsExactly(DefectKind.MALFORMED_HEADER_FIELD, DefectKind.MALFORMED_HEADER_FIELD);
  }

  /**
   * docs/security.md, "Huge header sections": one huge folded field is read in one pass (no quadratic work, no
   * exception).
   */
  @Test
  void aHugeFoldedFieldIsReadWhole() {
    StringBuilder b = new StringBuilder("Subject: start");
    for (int i = 0; i < 200_000; i++) {
      b.append("\r\n =?UTF-8?Q?=C3=A9?= =?");
    }
    HeaderField f = parse(b.toString());
    assertThat(f.unfoldedValue()).startsWith("start =?UTF-8?Q?=C3=A9?= =?");
    String decoded = f.decodedValue(defects);
    assertThat(decoded).startsWith("start \u00e9 =? \u00e9 =? \u00e9").endsWith("\u00e9 =?");
    assertThat(defects).isEmpty();
  }

  @Test
  void emptyValueAndEmptyInput() {
    assertThat(parse("X-Empty:").unfoldedValue()).isEmpty();
    assertThat(parse("X-Empty:   \r\n  ").unfoldedValue()).isEmpty();
    assertThat(defects).isEmpty();
    assertThat(parse("").name()).isEmpty();
  }

  /** RFC 6532 §3: UTF-8 in a value is read as UTF-8 without a defect. */
  @Test
  void utf8ValuesAreReadAsUtf8() {
    HeaderField f = HeaderField.parse("Subject: Gr\u00fc\u00dfe \u4e2d".getBytes(StandardCharsets.UTF_8), defects);
    assertThat(f.unfoldedValue()).isEqualTo("Gr\u00fc\u00dfe \u4e2d");
    assertThat(defects).isEmpty();
  }

  @Test
  void eightBitValuesThatAreNotUtf8FallBackToLatin1WithADefect() {
    HeaderField f = HeaderField.parse("Subject: caf\u00e9".getBytes(StandardCharsets.ISO_8859_1), defects);
    assertThat(f.unfoldedValue()).isEqualTo("caf\u00e9");
    assertThat(defects).extracting(Defect::kind).containsExactly(DefectKind.EIGHT_BIT_HEADER);
  }

  @Test
  void decodedValueDecodesEncodedWordsAndCanReportDefects() {
    HeaderField f = parse("Subject: =?UTF-8?Q?caf=C3=A9?= and =?UTF-8?B?***?=");
    assertThat(f.decodedValue()).isEqualTo("caf\u00e9 and =?UTF-8?B?***?=");
    assertThat(f.decodedValue(defects)).isEqualTo(f.decodedValue());
    assertThat(defects).extracting(Defect::kind).containsExactly(DefectKind.MALFORMED_ENCODED_WORD);
  }

  @Test
  void ofFoldsLongAsciiValuesAtWhiteSpace() {
    String value = "word ".repeat(40).trim();
    HeaderField f = HeaderField.of("X-Long", value);
    String raw = new String(f.raw(), StandardCharsets.US_ASCII);
    assertThat(raw).startsWith("X-Long: word").contains("\r\n ");
    for (String line : raw.split("\r\n")) {
      assertThat(line.length()).isLessThanOrEqualTo(76);
      assertThat(line.isBlank()).isFalse();
    }
    assertThat(f.unfoldedValue()).isEqualTo(value);
    assertThat(HeaderField.parse(f.raw(), defects)).isEqualTo(f);
    assertThat(defects).isEmpty();
  }

  @Test
  void ofEncodesNonAsciiAsRfc2047WordsAndOfUtf8WritesUtf8() {
    HeaderField f = HeaderField.of("Subject", "Gr\u00fc\u00dfe aus K\u00f6ln");
    assertThat(new String(f.raw(), StandardCharsets.ISO_8859_1))
        .isEqualTo("Subject: =?UTF-8?B?R3LDvMOfZQ==?= aus =?UTF-8?B?S8O2bG4=?=");
    assertThat(f.decodedValue()).isEqualTo("Gr\u00fc\u00dfe aus K\u00f6ln");
    HeaderField g = HeaderField.of("Subject", "Re: caf\u00e9 cr\u00e8me  br\u00fbl\u00e9e =?x?q?y?= ok");
    assertThat(new String(g.raw(), StandardCharsets.ISO_8859_1)).startsWith("Subject: Re: =?UTF-8?")
        .endsWith("?= ok").doesNotContain("=?x?q?y?=");
    assertThat(g.decodedValue()).isEqualTo("Re: caf\u00e9 cr\u00e8me  br\u00fbl\u00e9e =?x?q?y?= ok");
    HeaderField u = HeaderField.ofUtf8("Subject", "Gr\u00fc\u00dfe");
    assertThat(u.raw()).isEqualTo("Subject: Gr\u00fc\u00dfe".getBytes(StandardCharsets.UTF_8));
    assertThat(u.unfoldedValue()).isEqualTo("Gr\u00fc\u00dfe");
  }

  /**
   * docs/security.md, "Header injection through the builder": a caller's value with CR, LF, NUL or U+2028 is
   * refused.
   */
  @Test
  void ofRefusesLineBreaksNulAndBadNames() {
    for (String bad : List.of("x\r\nBcc: evil@example.com", "x\nBcc: y", "x\rBcc: y", "x\u0000", "x\u2028y",
        "x\u2029y", "x\u0085y", "\u00e9\nBcc: y")) {
      assertThatThrownBy(() -> HeaderField.of("Subject", bad)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> HeaderField.ofUtf8("Subject", bad)).isInstanceOf(IllegalArgumentException.class);
    }
    HeaderField controls = HeaderField.of("Subject", "bell\u0007 and del\u007f");
    assertThat(new String(controls.raw(), StandardCharsets.ISO_8859_1))
        .isEqualTo("Subject: =?UTF-8?Q?bell=07?= and =?UTF-8?Q?del=7F?=");
    assertThat(controls.decodedValue()).isEqualTo("bell\u0007 and del\u007f");
    assertThatThrownBy(() -> HeaderField.ofUtf8("Subject", "bell\u0007"))
        .isInstanceOf(IllegalArgumentException.class);
    for (String badName : List.of("", "Sub ject", "Subject:", "Sub\r\nject", "Sub\u00e9ject")) {
      assertThatThrownBy(() -> HeaderField.of(badName, "v")).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> HeaderField.of("X", "y".repeat(1200))).isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 200)
  void madeFieldsReparseToTheSameValue(@ForAll("values") String value) {
    HeaderField f = HeaderField.of("X-Test", value);
    List<Defect> found = new ArrayList<>();
    HeaderField back = HeaderField.parse(f.raw(), found);
    assertThat(found).isEmpty();
    assertThat(back.name()).isEqualTo("X-Test");
    assertThat(back.decodedValue()).isEqualTo(f.decodedValue());
    boolean shortWords = java.util.Arrays.stream(value.split("[ \t]+")).allMatch(w -> w.length() <= 60);
    for (String line : new String(f.raw(), StandardCharsets.US_ASCII).split("\r\n")) {
      assertThat(line.length()).isLessThanOrEqualTo(shortWords ? 76 : 998);
      assertThat(line.isBlank()).isFalse();
    }
    if (!HeaderChars.isAscii(value) || !EncodedWords.containsEncodedWord(value)) {
      // white space around a value the caller makes is dropped
      assertThat(back.decodedValue()).isEqualTo(value.replaceFirst("^[ \t]+", "").replaceFirst("[ \t]+$", ""));
    }
  }

  @Provide
  Arbitrary<String> values() {
    Arbitrary<String> words = Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(12);
    Arbitrary<String> ascii = words.list().ofMaxSize(30).map(l -> String.join(" ", l));
    Arbitrary<String> unicode = Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u00c0', '\u017f')
        .withCharRange('\u3040', '\u309f').ofMaxLength(150)
        .filter(s -> !s.isBlank());
    Arbitrary<String> mixed = Arbitraries.oneOf(words, Arbitraries.of("caf\u00e9", "\u4e2d\u6587", "=?a?q?b?=", "\t",
        "  ", "\ud83d\ude00", "x".repeat(80))).list().ofMaxSize(30).map(l -> String.join(" ", l));
    return Arbitraries.oneOf(ascii, unicode, mixed);
  }
}
