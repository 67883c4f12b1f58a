package dev.missive.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.smtp.SmtpExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 4954 §6's "534 5.7.9 Authentication mechanism is too weak": the host's {@link AuthMechanismPolicy} refuses a
 * mechanism for a user after the mechanism verified the credentials; the client retries with a stronger one.
 */
class AuthMechanismPolicyTest {

  /** AUTH PLAIN with RFC 4954 §4's initial response: user "test", password "1234". */
  private static final String PLAIN_TEST = "AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=\r\n";
  /** RFC 2195 §2's response to its own challenge: user "tim". */
  private static final String CRAM_TIM = "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw\r\n";

  private static SmtpServerConfig config(AuthMechanismPolicy policy) {
    return SmtpServerConfig.builder().hostname("postoffice.reston.mci.net").authMechanisms(AuthTest.mechanisms())
        .plaintextAuthAllowed(true).authRequired(true).authMechanismPolicy(policy)
        .extensions(SmtpExtension.AUTH, SmtpExtension.ENHANCED_STATUS_CODES).limits(AuthTest.NO_DELAY).build();
  }

  @Test
  void plainTooWeakForTheUserThenCramMd5Succeeds() {
    List<String> asked = new ArrayList<>();
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(config((mechanism, user, peer, tls) -> {
      asked.add(mechanism + " " + user + " " + peer.remoteAddress() + " " + tls);
      return !mechanism.equals("PLAIN");
    }));
    d.exchange("EHLO c.example\r\n");
    assertThat(d.exchange(PLAIN_TEST)).isEqualTo("534 5.7.9 Authentication mechanism is too weak\r\n");
    assertThat(d.smtp.authorizationId()).isEmpty();
    assertThat(d.eventNames()).doesNotContain("AuthSucceeded");
    // still unauthenticated: MAIL is refused (RFC 4954 §6, 530), and AUTH may be tried again
    assertThat(d.exchange("MAIL FROM:<tim@reston.mci.net>\r\n")).isEqualTo("530 5.7.0 Authentication required\r\n");
    assertThat(d.exchange("AUTH CRAM-MD5\r\n"))
        .isEqualTo("334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r\n");
    assertThat(d.exchange(CRAM_TIM)).isEqualTo("235 2.7.0 Authentication successful\r\n");
    assertThat(d.smtp.authorizationId()).contains("tim");
    assertThat(asked).containsExactly("PLAIN test [192.0.2.1] false", "CRAM-MD5 tim [192.0.2.1] false");
  }

  @Test
  void notAskedWhenTheCredentialsAreWrong() {
    List<String> asked = new ArrayList<>();
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(config((mechanism, user, peer, tls) -> asked.add(user)));
    d.exchange("EHLO c.example\r\n");
    // "test\0test\0wrong"
    assertThat(d.exchange("AUTH PLAIN dGVzdAB0ZXN0AHdyb25n\r\n"))
        .isEqualTo("535 5.7.8 Authentication credentials invalid\r\n");
    assertThat(asked).isEmpty();
  }

  @Test
  void aPolicyThatThrowsIsATemporaryFailure() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(config((mechanism, user, peer, tls) -> {
      throw new IllegalStateException("directory down");
    }));
    d.exchange("EHLO c.example\r\n");
    assertThat(d.exchange(PLAIN_TEST)).isEqualTo("454 4.7.0 Temporary authentication failure\r\n");
    assertThat(d.smtp.authorizationId()).isEmpty();
  }

  @Test
  void theRefusalTextIsConfigurableItsCodesAreNot() {
    SmtpServerConfig worded = config((mechanism, user, peer, tls) -> false).toBuilder()
        .texts(ReplyTexts.DEFAULT.with(ReplyText.MECHANISM_TOO_WEAK, "Use SCRAM, please")).build();
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(worded);
    d.exchange("EHLO c.example\r\n");
    assertThat(d.exchange(PLAIN_TEST)).isEqualTo("534 5.7.9 Use SCRAM, please\r\n");
  }

  @Test
  void withoutAPolicyEveryVerifiedMechanismIsAccepted() {
    SmtpServerConfig none = config(null);
    assertThat(none.authMechanismPolicy()).isEmpty();
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(none);
    d.exchange("EHLO c.example\r\n");
    assertThat(d.exchange(PLAIN_TEST)).isEqualTo("235 2.7.0 Authentication successful\r\n");
  }
}
