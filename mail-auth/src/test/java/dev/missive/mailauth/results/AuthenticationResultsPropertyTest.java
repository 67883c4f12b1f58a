package dev.missive.mailauth.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.mailauth.MalformedRecordException;
import dev.missive.message.header.HeaderField;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the Authentication-Results parser and writer (RFC 8601 §2.2). */
class AuthenticationResultsPropertyTest {

  /** Whatever the writer writes, folded or not, the parser reads back as it was. */
  @Property(tries = 200)
  void writtenFieldsParseBackEqual(@ForAll("fields") AuthenticationResults ar) throws MalformedRecordException {
    assertThat(AuthenticationResults.parse(ar.payload())).isEqualTo(ar);
    HeaderField f = ar.toHeaderField();
    assertThat(AuthenticationResults.parse(f)).isEqualTo(ar);
    assertThat(AuthenticationResults.claimedAuthservId(f)).isEqualTo(ar.authservId());
    assertThat(AuthenticationResults.removeClaimsOf(List.of(f), ar.authservId().toUpperCase())).isEmpty();
  }

  /** Any text parses or is refused with {@link MalformedRecordException}; nothing else escapes. */
  @Property(tries = 200)
  void anyTextParsesOrIsMalformed(@ForAll("noise") String text) {
    try {
      AuthenticationResults ar = AuthenticationResults.parse(text);
      assertThat(ar.results().size()).isLessThanOrEqualTo(AuthenticationResults.MAX_RESULTS);
      // what was read is written in a form that reads back the same (comments become ASCII once)
      String written = ar.payload();
      assertThat(AuthenticationResults.parse(written).payload()).isEqualTo(written);
    } catch (MalformedRecordException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<String> noise() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("abcdkimspf=;.()\\\" \t@/1-").ofMaxLength(80),
        Arbitraries.strings().ofMaxLength(80),
        Arbitraries.strings().withChars("a=;. ").ofMaxLength(40).map(s -> "example.com; dkim=pass " + s));
  }

  @Provide
  Arbitrary<AuthenticationResults> fields() {
    Arbitrary<String> id = Arbitraries.oneOf(Arbitraries.of("mx.example.org", "example.com"),
        printable().filter(s -> !s.isEmpty()));
    Arbitrary<OptionalInt> version = Arbitraries.of(OptionalInt.empty(), OptionalInt.of(1));
    Arbitrary<List<MethodResult>> results = result().list().ofMaxSize(6);
    return Combinators.combine(id, version, results).as(AuthenticationResults::new);
  }

  private Arbitrary<MethodResult> result() {
    Arbitrary<String> method = Arbitraries.of("dkim", "spf", "dmarc", "arc", "iprev", "auth", "x-local");
    Arbitrary<OptionalInt> version = Arbitraries.of(OptionalInt.empty(), OptionalInt.of(1), OptionalInt.of(2));
    Arbitrary<String> result = Arbitraries.of("pass", "fail", "none", "temperror", "permerror", "softfail");
    Arbitrary<Optional<String>> comment = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30)
        .map(String::strip).map(c -> c.isEmpty() ? Optional.<String>empty() : Optional.of(c));
    Arbitrary<Optional<String>> reason = printable().optional();
    Arbitrary<List<MethodResult.Property>> props = property().list().ofMaxSize(4);
    return Combinators.combine(method, version, result, comment, reason, props).as(MethodResult::new);
  }

  private Arbitrary<MethodResult.Property> property() {
    Arbitrary<String> type = Arbitraries.of("smtp", "header", "body", "policy");
    Arbitrary<String> name = Arbitraries.of("mailfrom", "helo", "d", "i", "b", "from", "auth");
    Arbitrary<String> value = Arbitraries.oneOf(printable().filter(s -> !s.isEmpty()),
        Arbitraries.of("user@example.com", "@example.com", "example.com", "ab/+c=", "\"quoted\""));
    return Combinators.combine(type, name, value).as(MethodResult.Property::new);
  }

  /** Printable text, some of it outside ASCII (values are UTF-8 under RFC 6532). */
  private static Arbitrary<String> printable() {
    return Arbitraries.strings().withCharRange(' ', '~').withChars('é', '中').ofMaxLength(20);
  }
}
