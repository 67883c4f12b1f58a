package dev.missive.pop3.client;

import static dev.missive.pop3.client.ClientFixtures.answer;
import static dev.missive.pop3.client.ClientFixtures.drain;
import static dev.missive.pop3.client.ClientFixtures.events;
import static dev.missive.pop3.client.ClientFixtures.feed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.pop3.client.internal.ApopTimestamp;
import dev.missive.sasl.SaslClientMechanisms;
import dev.missive.testkit.ManualTime;
import dev.missive.wire.TlsPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The AUTHORIZATION steps in detail: the APOP timestamp check of docs/security.md, "Password guessing" (RFC 1939 §7),
 * RFC 5034 §4's 255-octet rule for initial responses, and a server that claims success before SCRAM verified it (RFC
 * 5802 §5).
 */
class LoginTest {

  private static Pop3Client client(Pop3Login login) {
    Pop3Client c = new Pop3Client(ClientFixtures.rfc1939(login).build(), new ManualTime().fixedEnvironment());
    c.quit();
    return c;
  }

  @ParameterizedTest
  @ValueSource(strings = {"<1896.697170952@dbc.mtview.ca.us>", "<a@b>", "<x.y-z+1@[10.0.0.1]>"})
  void wellFormedTimestampsAreUsed(String ts) {
    assertThat(ApopTimestamp.find("POP3 server ready " + ts)).isEqualTo(new ApopTimestamp.Found(ts, false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ready <1896.697170952>", "ready <@host>", "ready <local@>", "ready <a b@c>",
      "ready <a@b@c>", "ready <a@b", "ready <a@b> and <c@d>", "ready <<a@b>>", "ready <a@b>>", "ready a@b>",
      "ready <a\u00e9@b>", "ready <>"})
  void malformedTimestampsAreRefused(String greeting) {
    assertThat(ApopTimestamp.find(greeting)).isEqualTo(new ApopTimestamp.Found(null, true));
  }

  @Test
  void overLongTimestampIsRefused() {
    String ts = "<" + "a".repeat(250) + "@host>";
    assertThat(ApopTimestamp.find("ready " + ts).malformed()).isTrue();
  }

  @Test
  void greetingWithoutTimestampIsNotMalformed() {
    assertThat(ApopTimestamp.find("POP3 server ready")).isEqualTo(new ApopTimestamp.Found(null, false));
  }

  @Test
  void apopDigestIsRfc1939Section7s() {
    Pop3Client c = client(Pop3Login.apop("mrose", "tanstaaf"));
    feed(c, "+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n");
    assertThat(drain(c)).isEqualTo("APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n");
  }

  @Test
  void initialResponseThatWouldPassTheLineLimitWaitsForTheFirstChallenge() {
    String password = "p".repeat(300);
    Pop3Client c = client(Pop3Login.sasl("PLAIN", () -> SaslClientMechanisms.plain("", "mrose", password)));
    assertThat(answer(c, "+OK ready\r\n")).isEqualTo("AUTH PLAIN\r\n");           // RFC 5034 §4: at most 255 octets with it
    feed(c, "+ \r\n");
    String expected = Base64.getEncoder().encodeToString(("\0mrose\0" + password).getBytes(StandardCharsets.UTF_8));
    assertThat(drain(c)).isEqualTo(expected + "\r\n");
    feed(c, "+OK logged in\r\n");
    assertThat(events(c)).first().isInstanceOf(Pop3ClientEvent.LoggedIn.class);
    assertThat(drain(c)).isEqualTo("QUIT\r\n");
  }

  @Test
  void emptyInitialResponseIsSentAsEquals() {
    Pop3Client c = client(Pop3Login.sasl("EXTERNAL", () -> new dev.missive.sasl.SaslClientMechanism() {
      private boolean done;

      @Override
      public String name() {
        return "EXTERNAL";
      }

      @Override
      public byte[] initialResponse() {
        done = true;
        return new byte[0];
      }

      @Override
      public byte[] evaluateChallenge(byte[] challenge) {
        return new byte[0];
      }

      @Override
      public boolean isComplete() {
        return done;
      }
    }));
    feed(c, "+OK ready\r\n");
    assertThat(drain(c)).isEqualTo("AUTH EXTERNAL =\r\n");
  }

  @Test
  void successBeforeScramVerifiedTheServerIsAFailure() {
    Pop3Client c = client(Pop3Login.sasl("SCRAM-SHA-256",
        () -> SaslClientMechanisms.scramSha256("user", "pencil")));
    assertThat(answer(c, "+OK ready\r\n")).startsWith("AUTH SCRAM-SHA-256 ");
    feed(c, "+OK welcome, no proof needed\r\n");
    assertThat(events(c)).first().isInstanceOfSatisfying(Pop3ClientEvent.LoginFailed.class,
        f -> assertThat(f.text()).contains("not verified"));
    assertThat(drain(c)).isEqualTo("QUIT\r\n");
  }

  @Test
  void secretsAreMaskedInCommandDisplay() {
    assertThat(dev.missive.pop3.client.internal.ClientCommand.of(
        dev.missive.pop3.client.internal.ClientCommand.Kind.PASS, "PASS hunter2").toString()).isEqualTo("PASS ***");
    assertThat(dev.missive.pop3.client.internal.ClientCommand.of(
        dev.missive.pop3.client.internal.ClientCommand.Kind.APOP, "APOP mrose c4c9").display())
        .isEqualTo("APOP mrose ***");
    assertThat(dev.missive.pop3.client.internal.ClientCommand.of(
        dev.missive.pop3.client.internal.ClientCommand.Kind.AUTH, "AUTH PLAIN AGZvbwBiYXI=").display())
        .isEqualTo("AUTH PLAIN ***");
  }

  @Test
  void utf8IsAskedOnlyWhenListedAndWantedAndARefusalStillLogsIn() {
    Pop3Client c = new Pop3Client(Pop3ClientConfig.builder().login(Pop3Login.userPass("mrose", "secret"))
        .tlsPolicy(TlsPolicy.NONE).utf8(true).build(), new ManualTime().fixedEnvironment());
    assertThat(answer(c, "+OK ready\r\n")).isEqualTo("CAPA\r\n");
    assertThat(answer(c, "+OK\r\nUSER\r\nUTF8 USER\r\n.\r\n")).isEqualTo("UTF8\r\n");
    feed(c, "-ERR not now\r\n");
    assertThat(drain(c)).isEqualTo("USER mrose\r\n");
    Pop3Client ascii = new Pop3Client(Pop3ClientConfig.builder().login(Pop3Login.userPass("mrose", "secret"))
        .tlsPolicy(TlsPolicy.NONE).build(), new ManualTime().fixedEnvironment());
    answer(ascii, "+OK ready\r\n");
    feed(ascii, "+OK\r\nUTF8\r\n.\r\n");
    assertThat(drain(ascii)).isEqualTo("USER mrose\r\n");
  }

  @Test
  void tlsRequiredTriesStlsWhenCapaIsNotSupported() {
    Pop3Client c = new Pop3Client(Pop3ClientConfig.builder().login(Pop3Login.userPass("mrose", "secret")).build(),
        new ManualTime().fixedEnvironment());
    answer(c, "+OK ready\r\n");
    feed(c, "-ERR what is CAPA?\r\n");
    assertThat(drain(c)).isEqualTo("STLS\r\n");
  }
}
