package dev.missive.imap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.imap.Flag;
import dev.missive.imap.SequenceSet;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The corner cases of the shared tokenizer (RFC 9051 §4 and §9). */
class LexerTest {

  private static Lexer lx(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return new Lexer(b, 0, b.length, 8);
  }

  @Test
  void atomsTagsAndWords() {
    assertThat(lx("abc]def").tag()).isEqualTo("abc]def");
    assertThat(lx("a+b").tag()).isEqualTo("a");
    assertThat(lx("Fo0.-_!x(").atom()).isEqualTo("Fo0.-_!x");
    assertThat(lx("fetch ").word()).isEqualTo("FETCH");
    Lexer l = lx("NILx");
    assertThat(l.tryNil()).isFalse();
    assertThat(l.atom()).isEqualTo("NILx");
    for (String bad : new String[] {"", " a", "(a", "%", "*", "\"", "\\", "]"}) {
      assertThatThrownBy(() -> lx(bad).atom()).as(bad).isInstanceOf(SyntaxException.class);
    }
  }

  @Test
  void quotedStringsWithEscapes() {
    assertThat(lx("\"a\\\"b\\\\c\"").string()).isEqualTo("a\"b\\c");
    assertThat(lx("\"\"").string()).isEmpty();
    assertThat(lx("\"gr\u00fc\u00df\"").string()).isEqualTo("gr\u00fc\u00df");
    for (String bad : new String[] {"\"a\\b\"", "\"a\rb\"", "\"a\nb\"", "\"a\0b\"", "\"abc", "\"a\\"}) {
      assertThatThrownBy(() -> lx(bad).string()).as(bad).isInstanceOf(SyntaxException.class);
    }
    byte[] overlong = {'"', (byte) 0xC0, (byte) 0xAF, '"'};
    assertThatThrownBy(() -> new Lexer(overlong, 0, 4, 8).string()).hasMessageContaining("UTF-8");
  }

  @Test
  void literalsOfEveryForm() {
    assertThat(lx("{3}\r\nabc").string()).isEqualTo("abc");
    assertThat(lx("{3+}\r\nabc").string()).isEqualTo("abc");
    assertThat(lx("{3}\nabc").string()).isEqualTo("abc");
    assertThat(lx("{0}\r\n").string()).isEmpty();
    assertThat(lx("{4}\r\na\r\nb").string()).isEqualTo("a\r\nb");
    assertThatThrownBy(() -> lx("~{3}\r\nabc").string()).isInstanceOf(SyntaxException.class);
    Lexer l8 = lx("~{3}\r\na\0c");
    LiteralHeader h = l8.literalHeader(true);
    assertThat(h.binary()).isTrue();
    assertThat(l8.literalData(h)).containsExactly('a', 0, 'c');
    assertThatThrownBy(() -> lx("{3}\r\na\0c").string()).hasMessage("NUL in literal");
    assertThatThrownBy(() -> lx("{3} \r\nabc").string()).hasMessage("literal header must end the line");
    assertThatThrownBy(() -> lx("{99999999999999999999}\r\n").string()).hasMessage("literal size too large");
    assertThatThrownBy(() -> lx("{9223372036854775808}\r\n").string()).hasMessage("literal size too large");
  }

  @Test
  void literalWhoseOctetsAreMissingIsPending() {
    Lexer l = lx("x {5}\r\nab");
    l.atom();
    l.sp();
    assertThatThrownBy(() -> l.string()).isInstanceOfSatisfying(LiteralPending.class, p -> {
      assertThat(p.headerOffset).isEqualTo(2);
      assertThat(p.size).isEqualTo(5);
    });
    Lexer zero = lx("{0+}\r\n");
    zero.setPending(0);
    assertThatThrownBy(zero::string).isInstanceOfSatisfying(LiteralPending.class,
        p -> assertThat(p.nonSynchronizing).isTrue());
    Lexer streamed = lx("{100}\r\nrest");
    streamed.markStreamed(0);
    LiteralHeader h = streamed.literalHeader(false);
    assertThat(h.streamed()).isTrue();
    assertThat(streamed.atom()).isEqualTo("rest");
  }

  @Test
  void nilAndNstrings() {
    assertThat(lx("NIL").nstring()).isNull();
    assertThat(lx("nil").nstring()).isNull();
    assertThat(lx("\"NIL\"").nstring()).isEqualTo("NIL");
  }

  @Test
  void numbersAtTheirBounds() {
    assertThat(lx("0").number()).isZero();
    assertThat(lx("4294967295").number()).isEqualTo(4294967295L);
    assertThat(lx("007").number()).isEqualTo(7);
    assertThatThrownBy(() -> lx("4294967296").number()).hasMessage("number too large");
    assertThatThrownBy(() -> lx("99999999999").number()).hasMessage("number too large");
    assertThatThrownBy(() -> lx("0").nzNumber()).hasMessage("number must not be zero");
    assertThat(lx("9223372036854775807").number64()).isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(() -> lx("9223372036854775808").number64()).hasMessage("number too large");
    assertThatThrownBy(() -> lx("99999999999999999999").number64()).hasMessage("number too large");
    assertThatThrownBy(() -> lx("-1").number()).hasMessage("number expected");
  }

  @Test
  void nestingIsLimited() {
    Lexer l = lx("((((((((()))))))))");
    for (int i = 0; i < 8; i++) {
      l.open();
    }
    assertThatThrownBy(l::open).hasMessageContaining("nested too deeply");
  }

  @Test
  void sequenceSets() {
    assertThat(lx("2,4:7,9,12:*").sequenceSet().format()).isEqualTo("2,4:7,9,12:*");
    assertThat(lx("7:4").sequenceSet().format()).isEqualTo("4:7");
    assertThat(lx("*:4").sequenceSet().format()).isEqualTo("4:*");
    assertThat(lx("*").sequenceSet().format()).isEqualTo("*");
    assertThat(lx("$").sequenceSet().isSaved()).isTrue();
    for (String bad : new String[] {"0", "1:", ",1", "1,,2", "4294967296", "a", "1:0"}) {
      assertThatThrownBy(() -> {
        Lexer l = lx(bad);
        l.sequenceSet();
        l.expectEnd();
      }).as(bad).isInstanceOf(SyntaxException.class);
    }
    Lexer savedThenMore = lx("$,1");
    savedThenMore.sequenceSet();
    assertThatThrownBy(savedThenMore::expectEnd).isInstanceOf(SyntaxException.class);
    assertThat(SequenceSet.parse("1:3,5").resolve(10)).containsExactly(1, 3, 5, 5);
  }

  @Test
  void flags() {
    assertThat(lx("\\seen").flag()).isEqualTo(Flag.SEEN);
    assertThat(lx("$Junk").flag()).isEqualTo(new Flag("$Junk"));
    assertThat(lx("\\*").flag()).isEqualTo(Flag.ANY_KEYWORD);
    assertThat(lx("\\Custom").flag().isSystem()).isTrue();
    assertThat(lx("()").flagList()).isEmpty();
    assertThat(lx("(\\Seen $a)").flagList()).containsExactly(Flag.SEEN, new Flag("$a"));
    assertThatThrownBy(() -> lx("( \\Seen)").flagList()).isInstanceOf(SyntaxException.class);
    assertThatThrownBy(() -> lx("(\\Seen  $a)").flagList()).isInstanceOf(SyntaxException.class);
  }

  @Test
  void dates() {
    assertThat(lx("1-Feb-1994").date()).isEqualTo(LocalDate.of(1994, 2, 1));
    assertThat(lx("\"01-feb-1994\"").date()).isEqualTo(LocalDate.of(1994, 2, 1));
    assertThatThrownBy(() -> lx("31-Feb-1994").date()).hasMessage("invalid date");
    assertThatThrownBy(() -> lx("1-Fbr-1994").date()).hasMessage("month expected");
    assertThatThrownBy(() -> lx("1-Feb-94").date()).hasMessage("year expected");
    assertThat(lx("\"17-Jul-1996 02:44:25 -0700\"").dateTime())
        .isEqualTo(OffsetDateTime.of(1996, 7, 17, 2, 44, 25, 0, ZoneOffset.ofHours(-7)));
    assertThat(lx("\" 7-Feb-1994 21:52:25 -0800\"").dateTime().getDayOfMonth()).isEqualTo(7);
    assertThat(lx("\"07-Feb-1994 21:52:25 +0530\"").dateTime().getOffset())
        .isEqualTo(ZoneOffset.ofHoursMinutes(5, 30));
    for (String bad : new String[] {"\"07-Feb-1994 21:52:25 0800\"", "\"07-Feb-1994 25:52:25 +0000\"",
        "\"07-Feb-1994 21:52 +0000\"", "07-Feb-1994 21:52:25 +0000", "\"07-Feb-1994 21:52:25 +9999\""}) {
      assertThatThrownBy(() -> lx(bad).dateTime()).as(bad).isInstanceOf(SyntaxException.class);
    }
  }

  @Test
  void literalMarkerAtTheEndOfALine() {
    byte[] b = "a LOGIN {11+}".getBytes(StandardCharsets.US_ASCII);
    LiteralMarker m = LiteralMarker.find(b, 0, b.length);
    assertThat(m).isEqualTo(new LiteralMarker(8, 11, true, false));
    b = "a APPEND x ~{5}".getBytes(StandardCharsets.US_ASCII);
    assertThat(LiteralMarker.find(b, 0, b.length)).isEqualTo(new LiteralMarker(11, 5, false, true));
    for (String none : new String[] {"a {}", "a {5-}", "a 5}", "a {x}", "a {5} ", "}"}) {
      byte[] n = none.getBytes(StandardCharsets.US_ASCII);
      assertThat(LiteralMarker.find(n, 0, n.length)).as(none).isNull();
    }
    b = "a {99999999999999999999}".getBytes(StandardCharsets.US_ASCII);
    assertThat(LiteralMarker.find(b, 0, b.length).sizeValid()).isFalse();
    b = "a {9999999999999999999}".getBytes(StandardCharsets.US_ASCII);
    assertThat(LiteralMarker.find(b, 0, b.length).sizeValid()).isFalse();
    b = "a {9223372036854775807}".getBytes(StandardCharsets.US_ASCII);
    assertThat(LiteralMarker.find(b, 0, b.length).size()).isEqualTo(Long.MAX_VALUE);
  }
}
