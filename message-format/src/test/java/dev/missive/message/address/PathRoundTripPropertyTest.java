package dev.missive.message.address;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Generated valid paths survive format → parse (RFC 5321 §4.1.2), and no input makes the parser throw. */
class PathRoundTripPropertyTest {

  @Provide
  Arbitrary<LocalPart> localParts() {
    Arbitrary<String> atom = Arbitraries.strings().withChars("abcXYZ019!#$%&'*+-/=?^_`{|}~").ofMinLength(1)
        .ofMaxLength(8);
    Arbitrary<String> dotAtom = atom.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join(".", l));
    Arbitrary<String> quoted = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(20);
    Arbitrary<String> utf8 = Arbitraries.strings().withChars("\u00e9\u010A\u760D\u7528a.").ofMinLength(1)
        .ofMaxLength(10);
    return Arbitraries.oneOf(dotAtom, quoted, utf8).map(LocalPart::new);
  }

  @Provide
  Arbitrary<Domain> domains() {
    Arbitrary<String> label = Arbitraries.strings().withChars("abcxyz0189").ofMinLength(1).ofMaxLength(10)
        .flatMap(core -> Arbitraries.of("", "-", "--", "\u00fc").map(mid -> core + mid + core));
    Arbitrary<String> name = label.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l));
    Arbitrary<String> ipv4 = Arbitraries.integers().between(0, 255).list().ofSize(4)
        .map(l -> "[" + l.get(0) + "." + l.get(1) + "." + l.get(2) + "." + l.get(3) + "]");
    Arbitrary<String> ipv6 = Arbitraries.integers().between(0, 0xffff).list().ofSize(8)
        .map(l -> {
          StringBuilder sb = new StringBuilder("[IPv6:");
          for (int i = 0; i < 8; i++) {
            sb.append(i == 0 ? "" : ":").append(Integer.toHexString(l.get(i)));
          }
          return sb.append(']').toString();
        });
    return Arbitraries.oneOf(name, ipv4, ipv6).map(Domain::new);
  }

  @Provide
  Arbitrary<AddrSpec> mailboxes() {
    return Combinators.combine(localParts(), domains()).as(AddrSpec::new);
  }

  @Property(tries = 200)
  void forwardPathsRoundTrip(@ForAll("mailboxes") AddrSpec mailbox) {
    ForwardPath path = ForwardPath.of(mailbox);
    String wire = path.toWireForm() + " NOTIFY=NEVER";
    PathResult<ForwardPath> r = EnvelopeSyntax.SMTPUTF8.parseForwardPath(wire);
    assertThat(r).isEqualTo(new PathResult.Parsed<>(path, path.toWireForm().length()));
    if (!mailbox.requiresUtf8()) {
      assertThat(EnvelopeSyntax.ASCII.parseForwardPath(wire)).isEqualTo(r);
    } else {
      assertThat(((PathResult.Invalid<ForwardPath>) EnvelopeSyntax.ASCII.parseForwardPath(wire)).error())
          .isEqualTo(PathError.NON_ASCII);
    }
  }

  @Property(tries = 200)
  void reversePathsRoundTripThroughASourceRoute(@ForAll("mailboxes") AddrSpec mailbox) {
    String wire = "<@relay.example,@[192.0.2.7]:" + mailbox + ">";
    PathResult<ReversePath> r = EnvelopeSyntax.SMTPUTF8.parseReversePath(wire);
    assertThat(r).isEqualTo(new PathResult.Parsed<>(ReversePath.of(mailbox), wire.length()));
  }

  @Property(tries = 200)
  void parsingIsTotal(@ForAll("hostile") String text) {
    for (EnvelopeSyntax s : new EnvelopeSyntax[] {EnvelopeSyntax.ASCII, EnvelopeSyntax.SMTPUTF8}) {
      assertThat(s.parseForwardPath(text)).isNotNull();
      assertThat(s.parseReversePath(text)).isNotNull();
    }
  }

  @Provide
  Arbitrary<String> hostile() {
    return Arbitraries.strings().withChars("<>@.:,[]\"\\ a1-\r\n\u0000\u00e9\ud800IPv6").ofMaxLength(40)
        .map(s -> "<" + s);
  }
}
