package dev.missive.examples.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bounce is a well-formed RFC 3464 / RFC 6522 report, read back by an independent MIME parser (Angus Mail). */
class DeliveryReportTest {

  static final byte[] ORIGINAL = ("From: alice@example.org\r\nTo: bob@example.net\r\nSubject: hello\r\n\r\n"
      + "the body is not returned\r\n").getBytes(StandardCharsets.US_ASCII);

  private static byte[] report(String diagnostic) {
    return DeliveryReport.build("relay.example", "mx.example.net", "alice@example.org",
        List.of(DeliveryReport.RecipientReport.failed("bob@example.net", "5.1.1", diagnostic),
            DeliveryReport.RecipientReport.failed("carol@example.net", "5.2.2", "552 5.2.2 Mailbox full")),
        DeliveryReport.headerOf(ORIGINAL), ZonedDateTime.of(2026, 11, 23, 12, 0, 0, 0, ZoneOffset.UTC),
        new Random(7));
  }

  @Test
  void isAMultipartReportWithTheThreeParts() throws Exception {
    byte[] dsn = report("550 5.1.1 No such user");
    MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(dsn));
    assertThat(m.getContentType()).startsWith("multipart/report").contains("report-type=delivery-status");
    assertThat(m.getHeader("To")[0]).isEqualTo("alice@example.org");
    assertThat(m.getHeader("Auto-Submitted")[0]).isEqualTo("auto-replied");
    assertThat(m.getHeader("Date")[0]).isEqualTo("Mon, 23 Nov 2026 12:00:00 +0000");
    MimeMultipart parts = new MimeMultipart(m.getDataHandler().getDataSource());
    assertThat(parts.getCount()).isEqualTo(3);
    assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
    BodyPart status = parts.getBodyPart(1);
    assertThat(status.getContentType()).isEqualTo("message/delivery-status");
    String fields = new String(status.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    assertThat(fields).isEqualTo("Reporting-MTA: dns; relay.example\r\n"
        + "\r\n"
        + "Final-Recipient: rfc822; bob@example.net\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        + "Remote-MTA: dns; mx.example.net\r\nDiagnostic-Code: smtp; 550 5.1.1 No such user\r\n"
        + "\r\n"
        + "Final-Recipient: rfc822; carol@example.net\r\nAction: failed\r\nStatus: 5.2.2\r\n"
        + "Remote-MTA: dns; mx.example.net\r\nDiagnostic-Code: smtp; 552 5.2.2 Mailbox full\r\n");
    assertThat(parts.getBodyPart(2).getContentType()).isEqualTo("text/rfc822-headers");
    String headers = new String(parts.getBodyPart(2).getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    assertThat(headers).contains("Subject: hello").doesNotContain("the body is not returned");
  }

  @Test
  void everyLineEndsInCrlfAndIsSevenBit() {
    byte[] dsn = report("550 caf\u00e9 \u0007 reply");
    for (int i = 0; i < dsn.length; i++) {
      assertThat(dsn[i] & 0xFF).as("octet %d", i).isLessThan(0x80);
      if (dsn[i] == '\n') {
        assertThat(dsn[i - 1]).as("CR before the LF at %d", i).isEqualTo((byte) '\r');
      }
    }
    assertThat(new String(dsn, StandardCharsets.US_ASCII)).contains("Diagnostic-Code: smtp; 550 caf? ? reply");
  }

  @Test
  void headerOfStopsAtTheFirstEmptyLine() {
    assertThat(new String(DeliveryReport.headerOf(ORIGINAL), StandardCharsets.US_ASCII))
        .isEqualTo("From: alice@example.org\r\nTo: bob@example.net\r\nSubject: hello\r\n\r\n");
  }

  @Test
  void refusesFieldInjectionAndEmptyReports() {
    assertThatThrownBy(() -> DeliveryReport.RecipientReport.failed("bob@example.net\r\nAction: delivered", "5.1.1",
        "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DeliveryReport.build("r", "m", "a@b", List.of(), new byte[0], ZonedDateTime.now(),
        new Random(1))).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * RFC 6533 §3: a report to a UTF-8 address is a {@code global-delivery-status} report whose status part keeps the
   * address in UTF-8 (address type {@code utf-8}) and returns a UTF-8 header as {@code message/global-headers};
   * parsed back with message-format's parser.
   */
  @Test
  void aReportToAUtf8AddressIsTheGlobalForm() throws Exception {
    byte[] original = "From: 用户@例子.中国\r\nSubject: 你好\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8);
    ZonedDateTime now = ZonedDateTime.of(2026, 11, 23, 12, 0, 0, 0, ZoneOffset.UTC);
    byte[] dsn = DeliveryReport.build(new DeliveryReport.Context("relay.example", java.util.Optional.empty(),
            java.util.Optional.of(now.minusHours(5)), java.util.Optional.of(now.plusDays(4)), now, true),
        "用户@例子.中国", List.of(new DeliveryReport.RecipientReport("收件人@例子.中国", "4.4.7",
            "Not delivered in 4 hours; the relay keeps trying", DeliveryReport.Action.DELAYED)),
        DeliveryReport.headerOf(original), new Random(3));
    dev.missive.message.tree.Message m = dev.missive.message.tree.Message.parse(dsn);
    assertThat(m.root().contentType().mimeType()).isEqualTo("multipart/report");
    assertThat(m.root().contentType().parameters().get("report-type")).contains("global-delivery-status");
    assertThat(m.value("To")).contains("用户@例子.中国");
    assertThat(m.subject()).contains("Delayed Mail (still being retried)");
    List<dev.missive.message.tree.Entity> parts = m.root().parts();
    assertThat(parts).extracting(p -> p.contentType().mimeType())
        .containsExactly("text/plain", "message/global-delivery-status", "message/global-headers");
    String status = new String(parts.get(1).decodedBodyStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(status).contains("Reporting-MTA: dns; relay.example\r\nArrival-Date: Mon, 23 Nov 2026 07:00:00 +0000")
        .contains("Final-Recipient: utf-8; 收件人@例子.中国\r\nAction: delayed\r\nStatus: 4.4.7\r\n")
        .contains("Will-Retry-Until: Fri, 27 Nov 2026 12:00:00 +0000")
        .doesNotContain("Remote-MTA");
    assertThat(new String(parts.get(2).decodedBodyStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("Subject: 你好");
  }
}
