package dev.missive.message.address;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.message.Defect;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** format → parse returns the same mailboxes (RFC 5322 §3.4), and the parser is total on hostile input. */
class AddressRoundTripPropertyTest {

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().withChars("aZ09 .,;:<>@\"\\()[]=?_-\u00e9\u00df\u4e2d#").ofMaxLength(30)
        .map(s -> s.replace("#", "\ud83d\ude00"));
  }

  @Provide
  Arbitrary<AddrSpec> asciiSpecs() {
    Arbitrary<String> local = Arbitraries.strings().withChars("abc.\" @,<>()").ofMaxLength(10);
    Arbitrary<String> domain = Arbitraries.of("example.org", "x", "[192.0.2.1]", "[IPv6:2001:db8::1]", "a-b.c");
    return local.flatMap(l -> domain.map(d -> AddrSpec.of(l, d)));
  }

  @Property(tries = 200)
  void mailboxesRoundTrip(@ForAll("names") String name, @ForAll("asciiSpecs") AddrSpec spec,
      @ForAll boolean utf8) {
    Mailbox m = Mailbox.of(name, spec);
    List<Defect> defects = new ArrayList<>();
    List<Address> back = AddressParser.parseAddressList(AddressFormatter.format(List.of(m, m), utf8), defects);
    assertThat(back).containsExactly(m, m);
    assertThat(defects).isEmpty();
  }

  @Property(tries = 200)
  void parsingIsTotal(@ForAll("hostile") String value) {
    List<Defect> defects = new ArrayList<>();
    assertThat(AddressParser.parseAddressList(value, defects)).isNotNull();
  }

  @Provide
  Arbitrary<String> hostile() {
    return Arbitraries.strings().withChars("a@.,;:<>()[]\"\\ \r\n\t=?\u0000\u00e9\ud800").ofMaxLength(40);
  }
}
