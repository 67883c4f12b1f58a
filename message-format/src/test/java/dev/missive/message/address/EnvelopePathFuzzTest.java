package dev.missive.message.address;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target for SMTP envelope paths (RFC 5321 §4.1.2, RFC 6531 §3.3): {@link EnvelopeSyntax} parses any text
 * as a reverse-path and a forward-path, with and without SMTPUTF8, without an exception; a parsed path ends within
 * the text, is at most 256 octets, passes {@link EnvelopeSyntax#check}, and its wire form (never longer than the
 * text it came from plus the two brackets) parses back to the same path.
 */
class EnvelopePathFuzzTest {

  @FuzzTest
  void parsesAnyPathAndWritesWhatItRead(FuzzedDataProvider data) {
    EnvelopeSyntax syntax = EnvelopeSyntax.of(data.consumeBoolean());
    String text = data.consumeRemainingAsString();

    PathResult<ReversePath> reverse = syntax.parseReversePath(text);
    if (reverse instanceof PathResult.Parsed<ReversePath> parsed) {
      assertThat(parsed.end()).isBetween(1, text.length());
      String wire = parsed.path().toWireForm();
      assertThat(wire.length()).isLessThanOrEqualTo(parsed.end() + 2);
      assertThat(syntax.check(parsed.path())).isEmpty();
      assertThat(syntax.parseReversePath(wire)).isEqualTo(new PathResult.Parsed<>(parsed.path(), wire.length()));
    } else {
      PathResult.Invalid<ReversePath> invalid = (PathResult.Invalid<ReversePath>) reverse;
      assertThat(invalid.index()).isBetween(0, text.length());
    }

    PathResult<ForwardPath> forward = syntax.parseForwardPath(text);
    if (forward instanceof PathResult.Parsed<ForwardPath> parsed) {
      assertThat(parsed.end()).isBetween(1, text.length());
      String wire = parsed.path().toWireForm();
      assertThat(wire.length()).isLessThanOrEqualTo(parsed.end() + 2);
      assertThat(syntax.check(parsed.path())).isEmpty();
      assertThat(syntax.parseForwardPath(wire)).isEqualTo(new PathResult.Parsed<>(parsed.path(), wire.length()));
    } else {
      PathResult.Invalid<ForwardPath> invalid = (PathResult.Invalid<ForwardPath>) forward;
      assertThat(invalid.index()).isBetween(0, text.length());
    }
  }
}
