package dev.missive.message.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.message.DefectKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/security.md, "Deep and wide MIME trees", "Huge header sections" and "Ambiguous boundaries" at everyday
 * sizes (the huge versions run in {@link HostileInputTest}).
 */
class SecurityItemsTest {

  private static EventCounts read(String message, ParserOptions options) throws IOException {
    return EventCounts.read(new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1)), options);
  }

  @Test
  void item27TwoHundredNestedMultipartsStopAtDepth100WithADefect() throws IOException {
    StringBuilder m = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      m.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n--b").append(i).append("\r\n");
    }
    m.append("\r\ninnermost");
    EventCounts c = read(m.toString(), ParserOptions.DEFAULT);
    assertThat(c.maxDepth).isEqualTo(100);
    assertThat(c.defects(DefectKind.LIMIT_EXCEEDED)).isEqualTo(1);
    assertThat(c.ended).isTrue();
  }

  @Test
  void item27ManyEmptyPartsStopAtThePartLimitWithADefect() throws IOException {
    String m = "Content-Type: multipart/mixed; boundary=b\r\n\r\n" + "--b\r\n\r\n".repeat(20_000) + "--b--\r\n";
    EventCounts c = read(m, ParserOptions.DEFAULT);
    assertThat(c.parts).isEqualTo(10_000);
    assertThat(c.defects(DefectKind.LIMIT_EXCEEDED)).isEqualTo(1);
  }

  @Test
  void item28ThousandAndOneFieldsHitTheFieldLimit() throws IOException {
    String m = "To: a@example.org\r\n".repeat(1_001) + "\r\nbody";
    EventCounts c = read(m, ParserOptions.DEFAULT);
    assertThat(c.fields).isEqualTo(1_000);
    assertThat(c.defects(DefectKind.LIMIT_EXCEEDED)).isEqualTo(1);
    assertThat(c.bodyBytes).isEqualTo(4);
  }

  @Test
  void item28OverlongFoldedFieldIsSkippedWithADefect() throws IOException {
    String m = "Subject: x\r\n" + " y\r\n".repeat(30_000) + "From: a@example.org\r\n\r\nbody";
    EventCounts c = read(m, ParserOptions.DEFAULT);
    assertThat(c.fields).isEqualTo(1);
    assertThat(c.defects(DefectKind.LIMIT_EXCEEDED)).isEqualTo(1);
  }

  @Test
  void item33BoundaryThatIsAPrefixOfAnother() {
    List<String> ev = MessageStreamParserTest.events("Content-Type: multipart/mixed; boundary=ab\n\n--ab\n"
        + "Content-Type: multipart/mixed; boundary=ab-1\n\n--ab-1\n\nin\n--ab-1--\n--ab--\n");
    assertThat(ev).contains("Body[in]");
    assertThat(ev).filteredOn(s -> s.startsWith("StartPart")).hasSize(2);
    assertThat(ev).noneMatch(s -> s.contains("MISSING_CLOSING_BOUNDARY"));
  }

  @Test
  void item33SameBoundaryInsideANestedPartClosesTheInnerOne() {
    List<String> ev = MessageStreamParserTest.events("Content-Type: multipart/mixed; boundary=x\n\n--x\n"
        + "Content-Type: multipart/mixed; boundary=x\n\n--x\n\ninner\n--x--\nafter\n--x--\n");
    // the innermost open multipart owns the delimiter: the inner one gets the part and the first close
    assertThat(ev).contains("Body[inner]", "StartPart[depth=2, offset=100]", "Epilogue[after]");
    assertThat(ev.get(ev.size() - 1)).startsWith("EndMessage[depth=0");
  }

  @Test
  void item33BoundaryOver70CharactersIsUsedWithADefect() {
    String b = "b".repeat(100);
    List<String> ev = MessageStreamParserTest.events("Content-Type: multipart/mixed; boundary=" + b + "\n\n--"
        + b + "\n\nx\n--" + b + "--\n");
    assertThat(ev).contains("Body[x]");
    assertThat(ev).anyMatch(s -> s.contains("MALFORMED_CONTENT_TYPE") && s.contains("70"));
  }
}
