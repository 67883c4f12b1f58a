package dev.missive.message.address;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Optional;
import java.util.function.Function;

/**
 * Fuzz target for SMTP envelope paths (RFC 5321 §4.1.2, RFC 6531 §3.3): {@link EnvelopeSyntax} parses any text
 * as a reverse-path and a forward-path, with and without SMTPUTF8, without an exception; a parsed path ends within
 * the text, passes {@link EnvelopeSyntax#check}, and its wire form (never longer than the text it came from plus
 * the two brackets) parses back to the same path; an error's index lies within the text.
 */
class EnvelopePathFuzzTest {

  @FuzzTest
  void parsesAnyPathAndWritesWhatItRead(FuzzedDataProvider data) {
    EnvelopeSyntax syntax = EnvelopeSyntax.of(data.consumeBoolean());
    String text = data.consumeRemainingAsString();
    checkPath(text, syntax::parseReversePath, ReversePath::toWireForm, syntax::check);
    checkPath(text, syntax::parseForwardPath, ForwardPath::toWireForm, syntax::check);
  }

  private static <T> void checkPath(String text, Function<String, PathResult<T>> parse, Function<T, String> wireForm,
      Function<T, Optional<PathResult.Invalid<T>>> check) {
    PathResult<T> result = parse.apply(text);
    if (result instanceof PathResult.Parsed<T> parsed) {
      assertThat(parsed.end()).isBetween(1, text.length());
      String wire = wireForm.apply(parsed.path());
      assertThat(wire.length()).isLessThanOrEqualTo(parsed.end() + 2);
      assertThat(check.apply(parsed.path())).isEmpty();
      assertThat(parse.apply(wire)).isEqualTo(new PathResult.Parsed<>(parsed.path(), wire.length()));
    } else {
      assertThat(((PathResult.Invalid<T>) result).index()).isBetween(0, text.length());
    }
  }
}
