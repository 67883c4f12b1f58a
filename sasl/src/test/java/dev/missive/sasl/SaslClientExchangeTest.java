package dev.missive.sasl;

import static dev.missive.sasl.Exchange.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.sasl.exchange.internal.SaslClientExchange;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The client's line framing of SASL (RFC 4954 §4, RFC 5034 §4, RFC 4959), with the protocols' example exchanges
 * and the RFC 2195 and RFC 7677 vectors in base64.
 */
class SaslClientExchangeTest {

  /** SMTP: 512 octets per line, minus {@code AUTH } and CRLF (RFC 4954 §4). */
  private static final int SMTP = 512 - 7;

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(utf8(s));
  }

  private static SaslClientExchange scram() {
    return new SaslClientExchange(SaslClientMechanisms.scramSha256("user", "pencil",
        () -> ScramSha256Test.CLIENT_NONCE));
  }

  /** RFC 4954 §4: {@code C: AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=}. */
  @Test
  void rfc4954PlainWithInitialResponse() {
    SaslClientExchange auth = new SaslClientExchange(SaslClientMechanisms.plain("", "test", "1234"));
    assertThat(auth.mechanism()).isEqualTo("PLAIN");
    assertThat(auth.commandArguments(SMTP, true)).isEqualTo("PLAIN AHRlc3QAMTIzNA==");
    assertThat(auth.failure(true)).isEmpty();
    assertThat(auth.failure(false)).contains("the server refused authentication");
    assertThatThrownBy(() -> auth.commandArguments(SMTP, true)).isInstanceOf(IllegalStateException.class);
  }

  /** RFC 4954 §4: with an authorization identity the example's {@code test\0test\01234}. */
  @Test
  void rfc4954PlainExampleBytes() {
    SaslClientExchange auth = new SaslClientExchange(SaslClientMechanisms.plain("test", "test", "1234"));
    assertThat(auth.commandArguments(SMTP, true)).isEqualTo("PLAIN dGVzdAB0ZXN0ADEyMzQ=");
  }

  /** RFC 4954 §4: an initial response too long for the line goes after the server's empty {@code 334 }. */
  @Test
  void aLongInitialResponseWaitsForTheEmptyChallenge() {
    SaslClientExchange auth = new SaslClientExchange(SaslClientMechanisms.plain("test", "test", "1234"));
    assertThat(auth.commandArguments(20, true)).isEqualTo("PLAIN");
    assertThat(auth.failure(true)).as("the initial response is still due").isPresent();
    assertThat(auth.respond("")).isEqualTo("dGVzdAB0ZXN0ADEyMzQ=");
    assertThat(auth.failure(true)).isEmpty();

    SaslClientExchange sasl = new SaslClientExchange(SaslClientMechanisms.plain("test", "test", "1234"));
    assertThat(sasl.commandArguments(SMTP, false)).as("IMAP without SASL-IR, RFC 4959").isEqualTo("PLAIN");
    assertThat(sasl.respond("AA==")).as("a challenge where the initial response was due").isEqualTo("*");
    assertThat(sasl.cancelled()).isPresent();
    assertThat(sasl.failure(true)).get().asString().startsWith("cancelled: ");
  }

  /** RFC 4422 §3.3: an empty initial response is sent as {@code =}. */
  @Test
  void anEmptyInitialResponseIsAnEqualsSign() {
    SaslClientMechanism empty = new SaslClientMechanism() {
      @Override
      public String name() {
        return "X-EMPTY";
      }

      @Override
      public byte[] initialResponse() {
        return new byte[0];
      }

      @Override
      public byte[] evaluateChallenge(byte[] challenge) {
        return null;
      }

      @Override
      public boolean isComplete() {
        return true;
      }
    };
    assertThat(new SaslClientExchange(empty).commandArguments(SMTP, true)).isEqualTo("X-EMPTY =");
    SaslClientExchange deferred = new SaslClientExchange(empty);
    deferred.commandArguments(SMTP, false);
    assertThat(deferred.respond("")).isEmpty();
    SaslClientExchange nullResponse = new SaslClientExchange(empty);
    nullResponse.commandArguments(SMTP, true);
    assertThat(nullResponse.respond("AA==")).as("a null response is an empty one").isEmpty();
  }

  /** RFC 2195 §2 in base64 (POP3/IMAP framing): the challenge, then {@code tim b913a602c7eda7a495b4e6e7334d3890}. */
  @Test
  void rfc2195CramMd5() {
    SaslClientExchange auth = new SaslClientExchange(SaslClientMechanisms.cramMd5("tim", "tanstaaftanstaaf"));
    assertThat(auth.commandArguments(255 - 5, true)).isEqualTo("CRAM-MD5");
    assertThat(auth.respond("PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+"))
        .isEqualTo("dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw");
    assertThat(auth.failure(true)).isEmpty();
  }

  /** RFC 7677 §3 in base64, and success counts only once the client verified the server (RFC 5802 §5.1). */
  @Test
  void rfc7677Scram() {
    SaslClientExchange auth = scram();
    assertThat(auth.commandArguments(SMTP, true)).isEqualTo("SCRAM-SHA-256 " + b64(ScramSha256Test.CLIENT_FIRST));
    assertThat(auth.respond(b64(ScramSha256Test.SERVER_FIRST))).isEqualTo(b64(ScramSha256Test.CLIENT_FINAL));
    assertThat(auth.failure(true)).as("success before the server's signature").get().asString()
        .contains("not verified");
    assertThat(auth.respond(b64(ScramSha256Test.SERVER_FINAL))).isEmpty();
    assertThat(auth.failure(true)).isEmpty();
  }

  @Test
  void aWrongServerSignatureCancels() {
    SaslClientExchange auth = scram();
    auth.commandArguments(SMTP, true);
    auth.respond(b64(ScramSha256Test.SERVER_FIRST));
    assertThat(auth.respond(b64("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="))).isEqualTo("*");
    assertThat(auth.failure(true)).get().asString().startsWith("cancelled: ");
    assertThat(auth.respond(b64("anything"))).as("stays cancelled").isEqualTo("*");
  }

  @Test
  void aChallengeThatIsNotBase64Cancels() {
    SaslClientExchange auth = new SaslClientExchange(SaslClientMechanisms.cramMd5("tim", "tanstaaftanstaaf"));
    auth.commandArguments(SMTP, true);
    assertThat(auth.respond("not base64!")).isEqualTo("*");
    assertThat(auth.cancelled()).contains("the server's challenge is not base64");
  }

  /** The one exception policy on the client side: a mechanism that throws cancels with {@code *}. */
  @Test
  void aMechanismThatThrowsCancels() {
    SaslClientMechanism broken = new SaslClientMechanism() {
      @Override
      public String name() {
        return "X-BROKEN";
      }

      @Override
      public byte[] initialResponse() {
        throw new IllegalStateException("token store down");
      }

      @Override
      public byte[] evaluateChallenge(byte[] challenge) {
        throw new IllegalStateException("still down");
      }

      @Override
      public boolean isComplete() {
        return false;
      }
    };
    SaslClientExchange first = new SaslClientExchange(broken);
    assertThat(first.commandArguments(SMTP, true)).isEqualTo("X-BROKEN");
    assertThat(first.respond("")).isEqualTo("*");
    SaslClientExchange later = new SaslClientExchange(SaslClientMechanisms.login("tim", "secret"));
    later.commandArguments(SMTP, true);
    assertThat(later.toString()).doesNotContain("secret");
    assertThatThrownBy(() -> new SaslClientExchange(broken).respond("")).isInstanceOf(IllegalStateException.class);
  }
}
