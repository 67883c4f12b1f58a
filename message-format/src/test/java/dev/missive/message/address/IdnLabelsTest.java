package dev.missive.message.address;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Explicit A-label/U-label conversion (RFC 5890 §2.3.2.1) through java.net.IDN (IDNA2003). */
class IdnLabelsTest {

  @Test
  void convertsULabelsToALabelsAndBack() {
    // RFC 3492 / IDNA: "bücher" is "xn--bcher-kva"
    Domain u = new Domain("b\u00fccher.example");
    Domain a = IdnLabels.toALabels(u).orElseThrow();
    assertThat(a.value()).isEqualTo("xn--bcher-kva.example");
    assertThat(IdnLabels.toULabels(a)).isEqualTo(u);
  }

  @Test
  void asciiDomainsAndLiteralsAreUnchanged() {
    Domain literal = new Domain("[192.0.2.1]");
    assertThat(IdnLabels.toALabels(literal)).contains(literal);
    assertThat(IdnLabels.toULabels(literal)).isEqualTo(literal);
    assertThat(IdnLabels.toALabels(new Domain("example.org"))).contains(new Domain("example.org"));
  }

  @Test
  void idna2003DiffersFromIdna2008OnSharpS() {
    // IDNA2008 keeps ß (xn--fa-hia); IDNA2003 maps it to "ss": documented, never applied silently.
    assertThat(IdnLabels.toALabels(new Domain("fa\u00df.de")).orElseThrow().value()).isEqualTo("fass.de");
  }

  @Test
  void refusedNamesGiveEmpty() {
    assertThat(IdnLabels.toALabels(new Domain("a_\u00e9.example"))).isEmpty();
    assertThat(IdnLabels.hasAcePrefix("XN--bcher-kva")).isTrue();
    assertThat(IdnLabels.hasAcePrefix("bcher")).isFalse();
  }

  @Test
  void onlyTheDomainOfAnAddressIsConverted() {
    AddrSpec a = AddrSpec.of("\u00e9l\u00e8ve", "b\u00fccher.example");
    AddrSpec converted = IdnLabels.toALabels(a).orElseThrow();
    assertThat(converted.localPart()).isEqualTo(a.localPart());
    assertThat(converted.domain().value()).isEqualTo("xn--bcher-kva.example");
  }
}
