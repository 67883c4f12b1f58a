package dev.missive.message.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentTypeTest {

  private final List<Defect> defects = new ArrayList<>();

  @Test
  void rfc2045Section5Examples() {
    ContentType a = ContentType.parse("text/plain; charset=ISO-8859-1", defects);
    assertThat(a.mimeType()).isEqualTo("text/plain");
    assertThat(a.charset()).contains("ISO-8859-1");
    assertThat(a.javaCharset()).contains(StandardCharsets.ISO_8859_1);
    // §5.1: comments are allowed and the three forms are equivalent
    for (String v : List.of("text/plain; charset=us-ascii (Plain text)", "text/plain; charset=\"us-ascii\"",
        "text/plain; charset=us-ascii")) {
      ContentType t = ContentType.parse(v, defects);
      assertThat(t.charset()).as(v).contains("us-ascii");
    }
    assertThat(defects).isEmpty();
  }

  @Test
  void nestedCommentsWithQuotedPairsAreSkipped() {
    ContentType t = ContentType.parse("text/plain (a \\) (nested; x=y) b; c=d); charset=\"utf-8\" (end", defects);
    assertThat(t.parameters().names()).containsExactly("charset");
    assertThat(t.charset()).contains("utf-8");
    assertThat(defects).extracting(Defect::kind).containsExactly(DefectKind.MALFORMED_PARAMETER);
  }

  @Test
  void typeAndSubtypeAreCaseInsensitiveAndWhiteSpaceTolerated() {
    ContentType t = ContentType.parse(" Multipart / Mixed ;\tBoundary=\"simple boundary\"", defects);
    assertThat(t.mimeType()).isEqualTo("multipart/mixed");
    assertThat(t.isMultipart()).isTrue();
    assertThat(t.boundary()).contains("simple boundary");
    assertThat(t.parameter("BOUNDARY")).contains("simple boundary");
    assertThat(defects).isEmpty();
  }

  @Test
  void garbageGivesTheRfc2045Section52DefaultWithADefect() {
    for (String v : List.of("", "text", "/plain", "@@@", "text/", "(comment only)")) {
      List<Defect> found = new ArrayList<>();
      assertThat(ContentType.parse(v, found)).as(v).isEqualTo(ContentType.TEXT_PLAIN_US_ASCII);
      assertThat(found).as(v).extracting(Defect::kind).containsExactly(DefectKind.MALFORMED_CONTENT_TYPE);
    }
  }

  @Test
  void rfc2231Section3Continuations() {
    ContentType t = ContentType.parse("message/external-body; access-type=URL;\r\n"
        + " URL*0=\"ftp://\";\r\n URL*1=\"cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar\"", defects);
    assertThat(t.parameter("url")).contains("ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar");
    assertThat(t.parameter("access-type")).contains("URL");
    assertThat(t.parameters().names()).containsExactly("access-type", "URL");
    assertThat(defects).isEmpty();
  }

  @Test
  void rfc2231Section4CharsetAndLanguage() {
    ContentType t = ContentType.parse(
        "application/x-stuff;\r\n title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A", defects);
    assertThat(t.parameter("title")).contains("This is ***fun***");
    assertThat(defects).isEmpty();
  }

  @Test
  void rfc2231Section41CombinedAsPrintedWithoutSemicolons() {
    ContentType t = ContentType.parse("application/x-stuff\r\n"
        + " title*0*=us-ascii'en'This%20is%20even%20more%20\r\n"
        + " title*1*=%2A%2A%2Afun%2A%2A%2A%20\r\n"
        + " title*2=\"isn't it!\"", defects);
    assertThat(t.mimeType()).isEqualTo("application/x-stuff");
    assertThat(t.parameter("title")).contains("This is even more ***fun*** isn't it!");
    assertThat(defects).isNotEmpty().allMatch(d -> d.kind() == DefectKind.MALFORMED_PARAMETER);
  }

  @Test
  void rfc2231Section41CombinedWithSemicolons() {
    ContentType t = ContentType.parse("application/x-stuff;\r\n"
        + " title*0*=us-ascii'en'This%20is%20even%20more%20;\r\n"
        + " title*1*=%2A%2A%2Afun%2A%2A%2A%20;\r\n"
        + " title*2=\"isn't it!\"", defects);
    assertThat(t.parameter("title")).contains("This is even more ***fun*** isn't it!");
    assertThat(defects).isEmpty();
  }

  @Test
  void outOfOrderContinuationsAreSortedAndMultiByteSplitsJoin() {
    ContentDisposition d = ContentDisposition.parse("attachment; filename*2=\".pdf\"; "
        + "filename*1*=%C3%A9t%C3; filename*0*=UTF-8''r%C3%A9sum; filename*1*=x", defects);
    // two sections numbered 1: a defect; the assembly stays deterministic
    assertThat(defects).extracting(Defect::kind).contains(DefectKind.MALFORMED_PARAMETER);
    defects.clear();
    ContentDisposition e = ContentDisposition.parse(
        "attachment; filename*2=\".pdf\"; filename*1*=%A9t%C3%A9; filename*0*=UTF-8''r%C3%A9sum%C3", defects);
    assertThat(e.filename()).contains("r\u00e9sum\u00e9t\u00e9.pdf");
    assertThat(defects).isEmpty();
    assertThat(d.isAttachment()).isTrue();
  }

  /** Found by ParametersFuzzTest: "title**" was read as a parameter named "title*", written back as "title". */
  @Test
  void aNameWithAMisplacedStarIsDroppedWithADefect() {
    for (String name : new String[] {"title**", "*", "*0*", "ti*tle*"}) {
      List<Defect> defects = new ArrayList<>();
      ContentType t = ContentType.parse("application/x-stuff; " + name + "=\"a b\"; size=2", defects);
      assertThat(t.parameters().names()).as(name).containsExactly("size");
      assertThat(defects).extracting(Defect::kind).as(name).containsExactly(DefectKind.MALFORMED_PARAMETER);
      assertThat(ContentType.parse(t.format(), new ArrayList<>())).isEqualTo(t);
    }
  }

  @Test
  void missingSectionAndBadPercentAreDefectsNotExceptions() {
    ContentType t = ContentType.parse("text/plain; name*0=a; name*2=c; x*=utf-8''%ZZ%4", defects);
    assertThat(t.parameter("name")).contains("ac");
    assertThat(t.parameter("x")).contains("%ZZ%4");
    assertThat(defects).extracting(Defect::kind).containsOnly(DefectKind.MALFORMED_PARAMETER);
  }

  @Test
  void unknownParameterCharsetFallsBackWithADefect() {
    ContentType t = ContentType.parse("text/plain; name*=x-unknown'en'caf%C3%A9", defects);
    assertThat(t.parameter("name")).contains("caf\u00e9");
    assertThat(defects).extracting(Defect::kind).containsExactly(DefectKind.UNKNOWN_CHARSET);
  }

  @Test
  void rfc2231ValueWinsOverPlainValueOfTheSameName() {
    ContentDisposition d = ContentDisposition.parse(
        "attachment; filename=\"fallback.txt\"; filename*=utf-8''%E2%82%AC.txt", defects);
    assertThat(d.filename()).contains("\u20ac.txt");
    assertThat(d.parameters().size()).isEqualTo(1);
  }

  @Test
  void unquotedValuesWithIllegalCharactersAreReadToTheSemicolon() {
    ContentType t = ContentType.parse("multipart/mixed; boundary=----=_Part_0_1.2; charset=utf-8", defects);
    assertThat(t.boundary()).contains("----=_Part_0_1.2");
    assertThat(t.charset()).contains("utf-8");
    assertThat(defects).extracting(Defect::kind).containsExactly(DefectKind.MALFORMED_PARAMETER);
  }

  @Test
  void unterminatedQuotedStringEndsAtTheEnd() {
    ContentType t = ContentType.parse("text/plain; name=\"abc", defects);
    assertThat(t.parameter("name")).contains("abc");
    assertThat(defects).extracting(Defect::kind).containsExactly(DefectKind.MALFORMED_PARAMETER);
  }

  @Test
  void rfc2047WordsInAQuotedFilenameAreDecodedAsMailersWriteThem() {
    ContentDisposition d = ContentDisposition.parse(
        "attachment; filename=\"=?UTF-8?B?w6l0w6kucGRm?=\"", defects);
    assertThat(d.filename()).contains("\u00e9t\u00e9.pdf");
  }

  @Test
  void dispositionTypes() {
    assertThat(ContentDisposition.parse("INLINE", defects).isInline()).isTrue();
    assertThat(ContentDisposition.parse("x-unknown; a=b", defects).isAttachment()).isTrue();
    assertThat(defects).isEmpty();
    assertThat(ContentDisposition.parse("@@", defects).type()).isEqualTo("attachment");
    assertThat(defects).extracting(Defect::kind).containsExactly(DefectKind.MALFORMED_CONTENT_TYPE);
  }

  @Test
  void formatQuotesOrEncodesOnlyWhenNeeded() {
    assertThat(ContentType.of("text", "plain").withParameter("charset", "utf-8").format())
        .isEqualTo("text/plain; charset=utf-8");
    assertThat(ContentType.of("multipart", "mixed").withParameter("boundary", "a b:c").format())
        .isEqualTo("multipart/mixed; boundary=\"a b:c\"");
    assertThat(ContentDisposition.attachment("say \"hi\".txt").format())
        .isEqualTo("attachment; filename=\"say \\\"hi\\\".txt\"");
    assertThat(ContentDisposition.attachment("\u20ac 1.txt").format())
        .isEqualTo("attachment; filename*=utf-8''%E2%82%AC%201.txt");
  }

  @Test
  void longValuesAreWrittenAsContinuationsThatFoldWithinLimits() {
    String name = "a-really-long-file-name-".repeat(6) + "\u00e9.txt";
    ContentDisposition d = ContentDisposition.attachment(name);
    String formatted = d.format();
    assertThat(formatted).contains("filename*0*=utf-8''").contains("filename*1*=");
    HeaderField f = HeaderField.of("Content-Disposition", formatted);
    for (String line : new String(f.raw(), StandardCharsets.US_ASCII).split("\r\n")) {
      assertThat(line.length()).isLessThanOrEqualTo(76);
    }
    assertThat(ContentDisposition.parse(f.unfoldedValue(), defects).filename()).contains(name);
    String ascii = "x".repeat(150) + ".txt";
    assertThat(ContentDisposition.parse(ContentDisposition.attachment(ascii).format(), defects).filename())
        .contains(ascii);
    assertThat(defects).isEmpty();
  }

  /**
   * docs/security.md, "Header injection through the builder": CR, LF, NUL or U+2028 in a parameter (charset,
   * boundary, filename) is refused.
   */
  @Test
  void lineBreaksInParametersAreRefused() {
    for (String bad : List.of("a\r\nBcc: x@evil", "a\nb", "a\rb", "a\u0000b", "a\u2028b", "a\u2029b", "a\u0085b")) {
      assertThatThrownBy(() -> ContentDisposition.attachment(bad)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ContentType.of("text", "plain").withParameter("charset", bad))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ContentType.of("multipart", "mixed").withParameter("boundary", bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> ContentType.of("text\r\n", "plain")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Parameters.of("na me", "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Parameters.of("name*", "x")).isInstanceOf(IllegalArgumentException.class);
  }

  /** A parsed value holding control characters (via RFC 2231 percent escapes) is written back encoded. */
  @Test
  void parsedControlCharactersAreEncodedWhenWritten() {
    ContentType t = ContentType.parse("text/plain; name*=utf-8''a%0D%0ABcc%3A%20x", defects);
    assertThat(t.parameter("name")).contains("a\r\nBcc: x");
    String written = t.format();
    assertThat(written).doesNotContain("\r").doesNotContain("\n");
    assertThat(ContentType.parse(written, defects).parameter("name")).contains("a\r\nBcc: x");
  }
}
