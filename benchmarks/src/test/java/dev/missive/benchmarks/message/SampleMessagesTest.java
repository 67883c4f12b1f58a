package dev.missive.benchmarks.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.junit.jupiter.api.Test;

/** The generated messages are what issue 3's benchmark asks for, checked with Mime4j's reading, not Missive's. */
class SampleMessagesTest {

  private static Message mime4j(Sample s) throws Exception {
    return new DefaultMessageBuilder().parseMessage(new ByteArrayInputStream(s.bytes()));
  }

  @Test
  void shapesAreThoseOfTheIssue() {
    assertThat(MissiveParsing.tree(Sample.PLAIN.bytes())).isEqualTo(new Shape(1, Sample.PLAIN.bytes().length
        - new String(Sample.PLAIN.bytes(), StandardCharsets.US_ASCII).indexOf("\r\n\r\n") - 4));
    assertThat(MissiveParsing.tree(Sample.NEWSLETTER.bytes()).entities()).isEqualTo(3);
    assertThat(MissiveParsing.tree(Sample.ATTACHMENT.bytes()).bodyBytes()).isGreaterThan(1 << 20);
    assertThat(MissiveParsing.tree(Sample.FORWARD.bytes()).entities()).isEqualTo(6);
  }

  @Test
  void headerHeavyMailHasSixtyFieldsAndFoldedReceivedChains() throws Exception {
    Message m = mime4j(Sample.HEADERS);
    assertThat(m.getHeader().getFields()).hasSize(60);
    assertThat(m.getHeader().getFields("Received")).hasSize(20)
        .allSatisfy(f -> assertThat(f.getRaw().toString()).contains("\r\n\t"));
  }

  @Test
  void quotedPrintableIsRfc2045Shaped() {
    String qp = SampleMessages.quotedPrintable("a=b garçon " + "x".repeat(100) + "\nnext");
    assertThat(qp).startsWith("a=3Db gar=C3=A7on ").contains("=\r\n").endsWith("\r\nnext");
    assertThat(qp.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(76));
  }

  @Test
  void generationIsDeterministic() {
    assertThat(SampleMessages.of(Sample.NEWSLETTER)).isSameAs(Sample.NEWSLETTER.bytes());
    assertThat(new String(Sample.FORWARD.bytes(), StandardCharsets.UTF_8))
        .contains("Content-Type: message/rfc822").contains("Return-Path: <carol@origin.example>");
  }
}
