package dev.missive.message.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The value records refuse what must never reach the wire (docs/architecture.md, "Values on the wire";
 * docs/security.md, "Line breaks hidden in addresses" and "Header injection through the builder").
 */
class AddressRecordsTest {

  @ParameterizedTest
  @ValueSource(strings = {"a\rb", "a\nb", "a\u0000b", "a\tb", "a\u007fb", "a\u2028b", "a\u0085b", "a\ud800"})
  void localPartRefusesControlsAndSeparators(String value) {
    assertThatThrownBy(() -> new LocalPart(value)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"x\r.com", "x\n.com", "x\u0000", "", ".x", "x.", "x..y", "a b", "[a]b", "[a\\]", "x\u3002y",
      "[1.2.3.4", "x\u2028y"})
  void domainRefusesBadValues(String value) {
    assertThatThrownBy(() -> new Domain(value)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void charsWhoseLowByteIsALineEndingAreKeptAsCharacters() {
    LocalPart p = new LocalPart("a\u010Ab\u760Dc\u010D");
    assertThat(p.requiresUtf8()).isTrue();
    assertThat(p.isQuoted()).isFalse();
    assertThat(new String(p.toWireForm().getBytes(java.nio.charset.StandardCharsets.UTF_8),
        java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(p.value());
  }

  @Test
  void localPartQuotesOnlyWhenNeeded() {
    assertThat(new LocalPart("john.doe").toWireForm()).isEqualTo("john.doe");
    assertThat(new LocalPart("john..doe").toWireForm()).isEqualTo("\"john..doe\"");
    assertThat(new LocalPart("").toWireForm()).isEqualTo("\"\"");
    assertThat(new LocalPart("a\"b\\c").toWireForm()).isEqualTo("\"a\\\"b\\\\c\"");
    assertThat(new LocalPart("a@b").isQuoted()).isTrue();
    assertThat(new LocalPart("\u00e9l\u00e8ve").isQuoted()).isFalse();
  }

  @Test
  void rfc5322DomainsAreAcceptedByTheRecord() {
    assertThat(new Domain("under_score.example").value()).isEqualTo("under_score.example");
    assertThat(new Domain("[any dtext]".replace(" ", "")).isAddressLiteral()).isTrue();
    assertThat(new Domain("b\u00fccher.example").requiresUtf8()).isTrue();
    assertThat(new Domain("Example.ORG").equalsIgnoreCase(new Domain("example.org"))).isTrue();
    assertThatThrownBy(() -> new Domain("x.org").literalContent()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void addrSpecToStringIsTheWireForm() {
    assertThat(AddrSpec.of("a@evil", "ok.com").toString()).isEqualTo("\"a@evil\"@ok.com");
    assertThat(AddrSpec.of("a", "ok.com").requiresUtf8()).isFalse();
    assertThat(ReversePath.of(AddrSpec.of("\u00e9", "x")).requiresUtf8()).isTrue();
    assertThat(ForwardPath.POSTMASTER.requiresUtf8()).isFalse();
  }
}
