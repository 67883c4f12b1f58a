package dev.missive.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.smtp.SmtpExtension;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Postfix's XCLIENT and XFORWARD (Postfix's XCLIENT_README and XFORWARD_README): offered in EHLO and accepted only
 * when the host configured them for this client, refused with 550 5.7.0 otherwise; XCLIENT starts the session
 * again as the named client's with a new 220 greeting (the peer, the {@code Received:} field and LOGIN's
 * authentication follow it); XFORWARD names the next transaction's client only; neither inside a transaction.
 */
class ForwardingTest {

  private static SmtpServerConfig forwarding(SmtpExtension... more) {
    List<SmtpExtension> extensions = new ArrayList<>(SmtpServerConfig.DEFAULT_EXTENSIONS);
    extensions.addAll(List.of(more));
    return SmtpServerConfig.builder().hostname("server.example.com")
        .extensions(extensions.toArray(SmtpExtension[]::new)).build();
  }

  @Test
  void aClientNotConfiguredIsNotOfferedAndRefused() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.defaults("server.example.com"));
    assertThat(d.exchange("EHLO client.example.com\r\n")).doesNotContain("XCLIENT").doesNotContain("XFORWARD");
    assertThat(d.exchange("XCLIENT ADDR=168.100.189.2\r\n")).startsWith("550 5.7.0 ");
    assertThat(d.exchange("XFORWARD ADDR=168.100.189.2\r\n")).startsWith("550 5.7.0 ");
    assertThat(d.smtp.peer().remoteAddress()).isEqualTo("[192.0.2.1]");
    assertThat(d.smtp.forwardedClient()).isEmpty();
  }

  @Test
  void theReadmesExampleStartsTheSessionAgainAsTheNamedClient() throws Exception {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(forwarding(SmtpExtension.XCLIENT));
    assertThat(d.exchange("EHLO client.example.com\r\n"))
        .contains("XCLIENT NAME ADDR PORT PROTO HELO LOGIN\r\n");
    assertThat(d.exchange("XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2\r\n"))
        .startsWith("220 server.example.com ");
    assertThat(d.smtp.state()).isEqualTo(ServerState.CONNECTED);
    assertThat(d.smtp.clientName()).isEmpty();
    assertThat(d.smtp.peer().remoteAddress()).isEqualTo("[168.100.189.2]");
    assertThat(d.smtp.forwardedClient().orElseThrow().name()).contains("spike.porcupine.org");
    assertThat(d.smtp.forwardedClient().orElseThrow().address())
        .contains(InetAddress.getByName("168.100.189.2"));
    assertThat(d.exchange("EHLO spike.porcupine.org\r\n")).startsWith("250-server.example.com");
    d.exchange("MAIL FROM:<wietse@porcupine.org>\r\nRCPT TO:<user@example.com>\r\n");
    assertThat(d.smtp.receivedField().toString()).contains("from spike.porcupine.org ([168.100.189.2])");
  }

  @Test
  void loginIsTheAuthenticationAndIpv6AndXtextAreRead() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(forwarding(SmtpExtension.XCLIENT));
    assertThat(d.exchange("XCLIENT ADDR=IPV6:2001:db8::1 PORT=40000 LOGIN=alice+2Bx proto=esmtp HELO=[UNAVAILABLE]\r\n"))
        .startsWith("220 ");
    assertThat(d.smtp.peer().remoteAddress()).isEqualTo("[IPv6:2001:db8:0:0:0:0:0:1]");
    assertThat(d.smtp.authentication().orElseThrow().authorizationId()).isEqualTo("alice+x");
    ForwardedClient client = d.smtp.forwardedClient().orElseThrow();
    assertThat(client.port()).hasValue(40000);
    assertThat(client.protocol()).contains("ESMTP");
    assertThat(client.helo()).isEmpty();
  }

  @Test
  void badAttributesAndValuesAre501AndChangeNothing() {
    for (String bad : List.of("XCLIENT", "XCLIENT ADDR", "XCLIENT FOO=bar", "XCLIENT ADDR=mail.example.com",
        "XCLIENT ADDR=1.2.3.400", "XCLIENT ADDR=IPV6:1:::2", "XCLIENT PORT=65536", "XCLIENT PORT=01",
        "XCLIENT PROTO=UUCP", "XCLIENT NAME=a+0Ab", "XCLIENT HELO=a+2", "XCLIENT SOURCE=LOCAL",
        "XFORWARD LOGIN=alice", "XFORWARD SOURCE=ELSEWHERE")) {
      ServerFixtures.Driver d = ServerFixtures.Driver.greeted(forwarding(SmtpExtension.XCLIENT,
          SmtpExtension.XFORWARD));
      assertThat(d.exchange(bad + "\r\n")).as(bad).startsWith("501 5.5.4 ");
      assertThat(d.smtp.peer().remoteAddress()).isEqualTo("[192.0.2.1]");
      assertThat(d.smtp.forwardedClient()).isEmpty();
    }
  }

  @Test
  void neitherIsAllowedInsideATransaction() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(forwarding(SmtpExtension.XCLIENT, SmtpExtension.XFORWARD));
    d.exchange("EHLO proxy.example\r\nMAIL FROM:<a@example.org>\r\n");
    assertThat(d.exchange("XCLIENT ADDR=192.0.2.9\r\n")).startsWith("503 5.5.1 ");
    assertThat(d.exchange("XFORWARD ADDR=192.0.2.9\r\n")).startsWith("503 5.5.1 ");
    assertThat(d.smtp.peer().remoteAddress()).isEqualTo("[192.0.2.1]");
  }

  @Test
  void xforwardNamesTheNextTransactionsClientOnly() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(forwarding(SmtpExtension.XFORWARD));
    assertThat(d.exchange("EHLO filter.example\r\n")).contains("XFORWARD NAME ADDR PORT PROTO HELO IDENT SOURCE\r\n");
    assertThat(d.exchange("XFORWARD ADDR=198.51.100.7 HELO=sender.example SOURCE=remote\r\n"))
        .isEqualTo("250 2.0.0 Ok\r\n");
    d.exchange("MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\n");
    assertThat(d.smtp.receivedField().toString()).contains("([198.51.100.7])");
    assertThat(d.smtp.forwardedClient().orElseThrow().source()).contains("REMOTE");
    assertThat(d.smtp.peer().remoteAddress()).as("the connection's peer stays").isEqualTo("[192.0.2.1]");
    d.exchange("RSET\r\n");
    assertThat(d.smtp.forwardedClient()).isEmpty();
    d.exchange("MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\n");
    assertThat(d.smtp.receivedField().toString()).contains("([192.0.2.1])");
  }
}
