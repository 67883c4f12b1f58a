package dev.missive.message.header;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.message.Defect;
import dev.missive.message.address.AddrSpec;
import dev.missive.message.address.AddressFormatter;
import dev.missive.message.address.Mailbox;
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

/**
 * The writers' output is linear in their input, within the constants their Javadoc states (issue 12 item 5):
 * RFC 2231 parameters ({@link Parameters#MAX_FORMAT_EXPANSION}), RFC 2047 words, header fields and addresses.
 */
class FormatterBoundsTest {

  /**
   * The reproducer: 32 KB of parameter text (a long name and a non-ASCII value) formatted to 16 M
   * characters, since every 12-character section repeated the 16 K name.
   */
  @Test
  void aLongNameNoLongerMultipliesTheOutput() {
    String name = "n".repeat(16 * 1024);
    String value = "\u00e9".repeat(16 * 1024);
    ContentType type = ContentType.of("application", "x").withParameter(name, value);
    String formatted = type.format();
    assertThat(formatted.length()).isLessThanOrEqualTo(Parameters.MAX_FORMAT_EXPANSION * (2 + name.length()
        + value.length()));
    List<Defect> defects = new ArrayList<>();
    assertThat(ContentType.parse(formatted, defects)).isEqualTo(type);
    assertThat(defects).isEmpty();
  }

  @Test
  void eachSectionCarriesAtLeastAsMuchOfTheValueAsItRepeatsOfTheName() {
    String name = "a".repeat(40);
    String formatted = Parameters.of(name, "\u4e2d".repeat(200)).format();
    String[] sections = formatted.substring(2).split("; ");
    assertThat(sections).hasSizeGreaterThan(1);
    for (String section : java.util.Arrays.copyOf(sections, sections.length - 1)) { // the last holds what is left
      String valuePart = section.substring(section.indexOf('=') + 1);
      assertThat(valuePart.length()).as(section).isGreaterThanOrEqualTo(name.length() - 8);
    }
    assertThat(Parameters.parse(formatted, new ArrayList<>())).isEqualTo(Parameters.of(name, "\u4e2d".repeat(200)));
  }

  @Property(tries = 200)
  void parametersStayWithinTheirExpansion(@ForAll("names") String name, @ForAll("values") String value,
                                          @ForAll boolean utf8) {
    Parameters p = Parameters.of(name, value);
    String formatted = p.format(utf8);
    assertThat(formatted.length()).isLessThanOrEqualTo(Parameters.MAX_FORMAT_EXPANSION
        * (name.length() + value.length()));
    List<Defect> defects = new ArrayList<>();
    assertThat(Parameters.parse(formatted, defects)).isEqualTo(p);
    assertThat(defects).isEmpty();
    ContentDisposition d = new ContentDisposition("attachment", p);
    assertThat(d.format().length()).isLessThanOrEqualTo(Parameters.MAX_FORMAT_EXPANSION
        * ("attachment".length() + name.length() + value.length()));
  }

  @Property(tries = 200)
  void encodedWordsFieldsAndAddressesStayWithinTheirBounds(@ForAll("values") String text,
                                                           @ForAll @IntRange(max = 100) int used) {
    if (text.isEmpty()) {
      return;
    }
    assertThat(EncodedWords.encode(text, StandardCharsets.UTF_8, used).length())
        .isLessThanOrEqualTo(78 * text.length() + 3);
    assertThat(EncodedWords.encode(text, StandardCharsets.UTF_8).length()).isLessThanOrEqualTo(76 * text.length());
    assertThat(HeaderField.of("Subject", text).rawLength()).isLessThanOrEqualTo("Subject".length() + 5
        + 78 * text.length());
    if (text.chars().anyMatch(c -> c < 0x20 && c != '\t' || c >= 0x7f && c < 0xa0)) {
      return; // refused by the UTF-8 field and by a display name
    }
    assertThat(HeaderField.ofUtf8("Subject", text).rawLength()).isLessThanOrEqualTo("Subject".length() + 2
        + 3 * text.length());
    AddrSpec spec = AddrSpec.of("a", "example.org");
    assertThat(AddressFormatter.format(Mailbox.of(text, spec), false).length())
        .isLessThanOrEqualTo(78 * (text.length() + spec.toString().length()) + 5);
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().withCharRange('a', 'z').withChars('-', '0').ofMinLength(1).ofMaxLength(300);
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(300),
        Arbitraries.strings().withChars('\u4e2d', '\u00e9', '"', '\\', ' ', '\u0001').ofMaxLength(300),
        Arbitraries.strings().all().ofMaxLength(200).map(TestText::writable),
        Arbitraries.of("\ud83d\ude00").list().ofMaxSize(100).map(l -> String.join("", l)));
  }
}
