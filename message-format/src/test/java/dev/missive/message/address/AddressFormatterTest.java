package dev.missive.message.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.message.Defect;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 5322 §3.4 formatting: quote and encode only when needed; never smuggle a second address (item 29). */
class AddressFormatterTest {

  static final AddrSpec BOB = AddrSpec.of("bob", "example.com");

  static List<Address> reparse(String formatted) {
    List<Defect> defects = new ArrayList<>();
    List<Address> out = AddressParser.parseAddressList(formatted, defects);
    assertThat(defects).isEmpty();
    return out;
  }

  @Test
  void plainPhrasesAreNotQuoted() {
    assertThat(AddressFormatter.format(Mailbox.of("John Doe", AddrSpec.of("jdoe", "machine.example")), false))
        .isEqualTo("John Doe <jdoe@machine.example>");
    assertThat(AddressFormatter.format(Mailbox.of(BOB), false)).isEqualTo("bob@example.com");
    assertThat(AddressFormatter.format(Mailbox.of("Who?", BOB), false)).isEqualTo("Who? <bob@example.com>");
  }

  @Test
  void specialsAreQuoted() {
    assertThat(AddressFormatter.format(Mailbox.of("Joe Q. Public", BOB), false))
        .isEqualTo("\"Joe Q. Public\" <bob@example.com>");
    assertThat(AddressFormatter.format(Mailbox.of("Giant; \"Big\" Box", BOB), false))
        .isEqualTo("\"Giant; \\\"Big\\\" Box\" <bob@example.com>");
    assertThat(AddressFormatter.format(Mailbox.of("a  b", BOB), false)).isEqualTo("\"a  b\" <bob@example.com>");
  }

  @Test
  void nonAsciiIsEncodedOrKeptAsUtf8() {
    Mailbox m = Mailbox.of("Keld J\u00f8rn Simonsen", AddrSpec.of("keld", "dkuug.dk"));
    String ascii = AddressFormatter.format(m, false);
    assertThat(ascii).startsWith("=?").endsWith("?= <keld@dkuug.dk>").matches("\\p{ASCII}*");
    assertThat(reparse(ascii)).containsExactly(m);
    assertThat(AddressFormatter.format(m, true)).isEqualTo("Keld J\u00f8rn Simonsen <keld@dkuug.dk>");
    assertThat(m.toString()).isEqualTo("Keld J\u00f8rn Simonsen <keld@dkuug.dk>");
  }

  @Test
  void nonAsciiAddrSpecIsNeverEncoded() {
    Mailbox m = Mailbox.of("x", AddrSpec.of("j\u00f6rg", "example.org"));
    assertThatThrownBy(() -> AddressFormatter.format(m, false)).isInstanceOf(IllegalArgumentException.class);
    assertThat(AddressFormatter.format(m, true)).isEqualTo("x <j\u00f6rg@example.org>");
  }

  @Test
  void groups() {
    Group g = new Group("A Group", List.of(Mailbox.of("Ed Jones", AddrSpec.of("c", "a.test")), Mailbox.of(BOB)));
    assertThat(AddressFormatter.format(g, false)).isEqualTo("A Group: Ed Jones <c@a.test>, bob@example.com;");
    assertThat(AddressFormatter.format(new Group("undisclosed-recipients", List.of()), false))
        .isEqualTo("undisclosed-recipients: ;");
    assertThat(reparse(AddressFormatter.format(List.of(g, Mailbox.of(BOB)), false))).containsExactly(g,
        Mailbox.of(BOB));
  }

  @ParameterizedTest
  @ValueSource(strings = {"eve@evil.com, Eve <eve@evil.com>", "x>, <eve@evil.com", "\" <eve@evil.com>, \"",
      "Eve <eve@evil.com>;", "G: eve@evil.com;", "(<eve@evil.com>", "\\\" <eve@evil.com>",
      "=?utf-8?q?a=2C_eve=40evil=2Ecom?=", "\u00e9ve, <eve@evil.com>", "a)<eve@evil.com>", "]<eve@evil.com>"})
  void item29DisplayNameNeverSmugglesASecondAddress(String name) {
    for (boolean utf8 : new boolean[] {false, true}) {
      Mailbox m = Mailbox.of(name, BOB);
      List<Address> back = reparse(AddressFormatter.format(m, utf8));
      assertThat(back).containsExactly(m);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\r\nBcc: eve@evil.com", "a\nb", "a\u0000", "a\u2028b", "a\u0085b"})
  void item29LineBreaksInDisplayNamesAreRefused(String name) {
    assertThatThrownBy(() -> Mailbox.of(name, BOB)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Group(name, List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
