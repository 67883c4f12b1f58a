package dev.missive.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplyTest {

  @Test
  void ofBuildsTheIssueExample() {
    Reply r = Reply.of(550, "5.1.1", "No such user here");
    assertThat(r.code()).isEqualTo(550);
    assertThat(r.status()).contains(new EnhancedStatus(5, 1, 1));
    assertThat(r.lines()).containsExactly("No such user here");
    assertThat(r.isPermanentFailure()).isTrue();
    assertThat(r).hasToString("550 5.1.1 No such user here");
    assertThat(Reply.ok()).hasToString("250 2.0.0 OK");
  }

  @Test
  void rejectsLineEndingsAndNul() {
    for (String bad : List.of("a\rb", "a\nb", "a\u0000b")) {
      assertThatThrownBy(() -> Reply.of(250, bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void rejectsCodesOutsideRfc5321AndMismatchedStatus() {
    assertThatThrownBy(() -> Reply.of(199, "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Reply.of(260, "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Reply.of(600, "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Reply.of(550, "2.0.0", "x")).isInstanceOf(IllegalArgumentException.class);
    // RFC 2034 §4: never an enhanced code on 3xx
    assertThatThrownBy(() -> new Reply(354, Optional.of(new EnhancedStatus(2, 0, 0)), List.of("go")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Reply(250, Optional.empty(), List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void enhancedStatusParsesRfc3463Syntax() {
    assertThat(EnhancedStatus.parse("5.7.11")).isEqualTo(new EnhancedStatus(5, 7, 11));
    assertThat(EnhancedStatus.tryParse("4.999.999")).hasToString("4.999.999");
    for (String bad : new String[] {"", "5", "5.1", "5.1.", "3.0.0", "5.1000.1", "55.1.1", "5..1", "5.1.1.1", "x.1.1",
        "5.1.1 "}) {
      assertThat(EnhancedStatus.tryParse(bad)).as(bad).isNull();
    }
  }

  @Test
  void parametersAreWrittenWithXtext() {
    MailParameters p = MailParameters.NONE.withSize(1000).withBody(BodyType.EIGHT_BIT_MIME).withRet(DsnReturn.HDRS)
        .withEnvelopeId("QQ314159 a+b=c").withAuth("e+e@example.org").withSmtpUtf8(true).withRequireTls(true);
    assertThat(p.toParameterString()).isEqualTo(
        "SIZE=1000 BODY=8BITMIME SMTPUTF8 RET=HDRS ENVID=QQ314159+20a+2Bb+3Dc AUTH=e+2Be@example.org REQUIRETLS");
    RcptParameters r = RcptParameters.NONE.withNotify(java.util.Set.of(DsnNotify.FAILURE, DsnNotify.SUCCESS))
        .withOriginalRecipient(new OriginalRecipient("rfc822", "Bob@Example.COM"));
    assertThat(r.toParameterString()).isEqualTo("NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;Bob@Example.COM");
    assertThatThrownBy(() -> MailParameters.NONE.withEnvelopeId("a\r\nb")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RcptParameters.NONE.withNotify(java.util.Set.of(DsnNotify.NEVER, DsnNotify.DELAY)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void traceProtocolFollowsRfc3848() {
    assertThat(TraceProtocol.of(false, false, false, false)).isEqualTo(TraceProtocol.SMTP);
    assertThat(TraceProtocol.of(false, true, false, false)).isEqualTo(TraceProtocol.ESMTP);
    assertThat(TraceProtocol.of(false, true, true, false)).isEqualTo(TraceProtocol.ESMTPS);
    assertThat(TraceProtocol.of(false, true, false, true)).isEqualTo(TraceProtocol.ESMTPA);
    assertThat(TraceProtocol.of(false, true, true, true)).isEqualTo(TraceProtocol.ESMTPSA);
    assertThat(TraceProtocol.of(true, true, false, false)).isEqualTo(TraceProtocol.LMTP);
    assertThat(TraceProtocol.of(true, true, true, true)).isEqualTo(TraceProtocol.LMTPSA);
  }

  @Test
  void receivedFieldIsFoldedAndRefusesInjection() {
    ReceivedField f = new ReceivedField("bar.com", Optional.of("[192.0.2.1]"), "foo.com", TraceProtocol.ESMTPS,
        Optional.of("a1b2"), Optional.of("<jones@xyz.com>"),
        java.time.ZonedDateTime.of(2026, 11, 23, 11, 41, 24, 0, java.time.ZoneOffset.UTC));
    assertThat(f.toString()).isEqualTo("Received: from bar.com ([192.0.2.1])\r\n\tby foo.com with ESMTPS id a1b2\r\n"
        + "\tfor <jones@xyz.com>;\r\n\tMon, 23 Nov 2026 11:41:24 +0000\r\n");
    assertThatThrownBy(() -> new ReceivedField("bar.com\r\nX-Evil: 1", Optional.empty(), "foo.com",
        TraceProtocol.SMTP, Optional.empty(), Optional.empty(), java.time.ZonedDateTime.now()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ReceivedField("bar.com", Optional.of("x) by evil (y"), "foo.com",
        TraceProtocol.SMTP, Optional.empty(), Optional.empty(), java.time.ZonedDateTime.now()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
