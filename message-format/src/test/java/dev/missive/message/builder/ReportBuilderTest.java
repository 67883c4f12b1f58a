package dev.missive.message.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.message.tree.Entity;
import dev.missive.message.tree.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Reports (RFC 6522 §3) written by the builder and read back by message-format's parser: {@code multipart/report}
 * with its {@code report-type}, the status part and the returned header or message written as they are (RFC 3464
 * §2.1: 7bit; RFC 6533: 8bit for the global forms), and the mistakes that would make a report no report refused.
 */
class ReportBuilderTest {

  private static final byte[] STATUS = ("Reporting-MTA: dns; relay.example\r\n\r\n"
      + "Final-Recipient: rfc822; bob@example.net\r\nAction: failed\r\nStatus: 5.1.1\r\n")
      .getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEADER = "From: alice@example.org\r\nSubject: hello\r\n\r\n"
      .getBytes(StandardCharsets.US_ASCII);

  private static String text(Entity e) throws Exception {
    return new String(e.decodedBodyStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void aDeliveryStatusReportHasItsReportTypeAndItsPartsWrittenAsTheyAre() throws Exception {
    Part report = new Part.Report("delivery-status", Part.text("Your message could not be delivered."),
        new Part.Unencoded("message/delivery-status", STATUS),
        Optional.of(new Part.Unencoded("text/rfc822-headers", HEADER)));
    byte[] built = MessageBuilderTest.builder().from("Mail Delivery System", "MAILER-DAEMON@relay.example")
        .to("alice@example.org").subject("Undelivered Mail Returned to Sender").body(report).build();
    String raw = new String(built, StandardCharsets.US_ASCII);
    assertThat(raw).contains("Content-Type: multipart/report; report-type=delivery-status;\r\n boundary=")
        .contains("Content-Type: message/delivery-status\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
            + new String(STATUS, StandardCharsets.US_ASCII));
    Message m = Message.parse(built);
    assertThat(m.root().contentType().mimeType()).isEqualTo("multipart/report");
    assertThat(m.root().contentType().parameters().get("report-type")).contains("delivery-status");
    List<Entity> parts = m.root().parts();
    assertThat(parts).extracting(p -> p.contentType().mimeType())
        .containsExactly("text/plain", "message/delivery-status", "text/rfc822-headers");
    assertThat(text(parts.get(0))).isEqualTo("Your message could not be delivered.");
    assertThat(text(parts.get(1))).isEqualTo(new String(STATUS, StandardCharsets.US_ASCII));
    assertThat(text(parts.get(2))).contains("Subject: hello");
  }

  /** RFC 6533 §6: the global forms keep their UTF-8 octets as 8bit, never encoded. */
  @Test
  void theGlobalFormsAreEightBitAndTheReturnedMessageMayBeWhole() throws Exception {
    byte[] status = "Reporting-MTA: dns; relay.example\r\n\r\nFinal-Recipient: utf-8; 收件人@例子.中国\r\n"
        .getBytes(StandardCharsets.UTF_8);
    byte[] original = "From: 用户@例子.中国\r\nSubject: 你好\r\n\r\nthe body\r\n".getBytes(StandardCharsets.UTF_8);
    Part report = new Part.Report("global-delivery-status", Part.text("未送达"),
        new Part.Unencoded("message/global-delivery-status", status),
        Optional.of(new Part.Unencoded("message/global", original)));
    byte[] built = MessageBuilderTest.builder().utf8Headers(true).to("用户@例子.中国").body(report).build();
    assertThat(new String(built, StandardCharsets.UTF_8))
        .contains("Content-Type: message/global-delivery-status\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
    List<Entity> parts = Message.parse(built).root().parts();
    assertThat(parts).extracting(p -> p.contentType().mimeType())
        .containsExactly("text/plain", "message/global-delivery-status", "message/global");
    assertThat(text(parts.get(1))).contains("Final-Recipient: utf-8; 收件人@例子.中国");
    assertThat(text(parts.get(2))).contains("Subject: 你好").contains("the body");
  }

  @Test
  void aReportWithoutAReturnedPartHasTwoParts() {
    Part report = new Part.Report("delivery-status", Part.text("relayed"),
        new Part.Unencoded("message/delivery-status", STATUS), Optional.empty());
    assertThat(MessageBuilderTest.builder().body(report).buildMessage().root().parts()).hasSize(2);
  }

  @Test
  void theMistakesThatWouldBreakAReportAreRefused() {
    Part.Unencoded status = new Part.Unencoded("message/delivery-status", STATUS);
    assertThatThrownBy(() -> new Part.Report("disposition-notification", Part.text("x"), status, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RFC 6522 §3");
    assertThatThrownBy(() -> new Part.Report("delivery status", Part.text("x"), status, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Part.Unencoded("message/delivery-status",
        "Final-Recipient: utf-8; é@example.net\r\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RFC 3464 §2.1");
    assertThatThrownBy(() -> new Part.Unencoded("text/rfc822-headers", "Subject: x\n".getBytes(
        StandardCharsets.US_ASCII))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Part.Unencoded("multipart/mixed", HEADER))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Part.Unencoded("message/delivery-status\r\nX-Injected: 1", STATUS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The boundary is never one found in the octets written as they are. */
  @Test
  void theBoundaryIsNotInTheUnencodedOctets() {
    byte[] first = MessageBuilderTest.builder().body(new Part.Report("delivery-status", Part.text("x"),
        new Part.Unencoded("message/delivery-status", STATUS), Optional.empty())).build();
    String raw = new String(first, StandardCharsets.US_ASCII);
    int at = raw.indexOf("boundary=\"") + "boundary=\"".length();
    String boundary = raw.substring(at, raw.indexOf('"', at));
    byte[] trap = ("Reporting-MTA: dns; relay.example\r\nX-Note: --" + boundary + "\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    byte[] second = MessageBuilderTest.builder().body(new Part.Report("delivery-status", Part.text("x"),
        new Part.Unencoded("message/delivery-status", trap), Optional.empty())).build();
    assertThat(new String(second, StandardCharsets.US_ASCII)).doesNotContain("boundary=\"" + boundary + "\"");
    assertThat(Message.parse(second).root().parts()).hasSize(2);
  }
}
