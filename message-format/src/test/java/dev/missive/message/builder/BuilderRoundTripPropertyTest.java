package dev.missive.message.builder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.message.tree.Entity;
import dev.missive.message.tree.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * parse(build(x)) == x for random part trees with Unicode text, and the builder never writes a line over 998 octets
 * or a bare CR or LF (docs/security.md, "Builder round trips").
 */
class BuilderRoundTripPropertyTest {

  @Provide
  Arbitrary<String> unicode() {
    return Arbitraries.strings().withCharRange(' ', '\u07ff').withChars('\n', '\t', '\u00e9', '\u4e2d', '=', '-')
        .ofMaxLength(300)
        .map(s -> s.replace("\r", ""));
  }

  @Provide
  Arbitrary<Part> parts() {
    return Arbitraries.lazyOf(this::leaf, this::leaf, this::multipart);
  }

  private Arbitrary<Part> leaf() {
    Arbitrary<Part> text = unicode().map(Part::text);
    Arbitrary<Part> html = unicode().map(Part::html);
    Arbitrary<Part> bin = Arbitraries.bytes().array(byte[].class).ofMaxSize(200)
        .flatMap(b -> Arbitraries.strings().withCharRange(' ', '\u07ff').ofMinLength(1).ofMaxLength(40)
            .filter(n -> !n.isBlank() && n.indexOf('\u0085') < 0)
            .map(n -> Part.attachment(n, "application/octet-stream", b)));
    return Arbitraries.oneOf(text, html, bin);
  }

  private Arbitrary<Part> multipart() {
    return Arbitraries.lazy(this::parts).list().ofMinSize(1).ofMaxSize(3)
        .flatMap(l -> Arbitraries.of("mixed", "alternative", "related").map(t -> new Part.Multipart(t, l)));
  }

  @Property(tries = 200)
  void buildThenParseGivesTheSameTree(@ForAll("parts") Part body, @ForAll("unicode") String subject,
                                      @ForAll long seed) {
    String oneLineSubject = subject.replace('\n', ' ').replace('\u0085', ' ');
    byte[] out = new MessageBuilder().clock(MessageBuilderTest.CLOCK).random(new SplittableRandom(seed))
        .subject(oneLineSubject).body(body).build();
    MessageBuilderTest.assertLinesCanonical(out);
    Message m = Message.parse(out);
    assertThat(m.allDefects()).isEmpty();
    assertThat(m.subject().orElseThrow().strip()).isEqualTo(oneLineSubject.strip());
    assertThat(describe(m.root())).isEqualTo(describe(body));
  }

  static List<String> describe(Part p) {
    List<String> out = new ArrayList<>();
    describe(p, out);
    return out;
  }

  private static void describe(Part p, List<String> out) {
    if (p instanceof Part.Text t) {
      out.add("text/" + t.subtype() + ":" + EntityWriter.canonicalText(t.text()));
    } else if (p instanceof Part.Binary b) {
      out.add(b.mimeType() + ":" + b.filename() + ":" + java.util.Arrays.toString(b.content().bytes()));
    } else if (p instanceof Part.Multipart mp) {
      out.add("multipart/" + mp.subtype());
      mp.parts().forEach(c -> describe(c, out));
      out.add("end");
    }
  }

  static List<String> describe(Entity e) {
    List<String> out = new ArrayList<>();
    describe(e, out);
    return out;
  }

  private static void describe(Entity e, List<String> out) {
    if (e.isMultipart()) {
      out.add(e.contentType().mimeType());
      e.parts().forEach(c -> describe(c, out));
      out.add("end");
    } else if (e.contentType().isText()) {
      out.add(e.contentType().mimeType() + ":" + e.text());
    } else {
      out.add(e.contentType().mimeType() + ":" + e.filename().orElse(null) + ":"
          + java.util.Arrays.toString(e.decodedBody()));
    }
  }
}
