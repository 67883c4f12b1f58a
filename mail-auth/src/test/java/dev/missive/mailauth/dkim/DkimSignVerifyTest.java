package dev.missive.mailauth.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.dns.StaticDnsResolver;
import dev.missive.message.header.HeaderField;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Missive's signatures verified by Missive, and what must break them (RFC 6376 §5, §6). */
class DkimSignVerifyTest {

  static final String MESSAGE = "From: Joe <joe@example.com>\r\nTo: Suzie <suzie@example.net>\r\n"
      + "Subject: Is dinner ready?\r\nDate: Fri, 11 Jul 2003 21:00:37 -0700\r\n"
      + "Message-ID: <1@example.com>\r\n\r\nHi.\r\n\r\nWe lost the game.  Are you hungry yet?\r\n\r\nJoe.\r\n";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  static byte[] signed(String message, DkimSigningKey key, DkimSigner.Options options) throws IOException {
    HeaderField f = DkimSigner.sign(new ByteArrayInputStream(bytes(message)), key, options);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(f.raw());
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    out.write(bytes(message));
    return out.toByteArray();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static List<DkimResult> verify(byte[] message, StaticDnsResolver dns, DkimVerifier.Options options, int chunk) {
    DkimVerifier v = new DkimVerifier(options);
    for (int i = 0; i < message.length; i += chunk) {
      v.feed(ByteBuffer.wrap(message, i, Math.min(chunk, message.length - i)));
    }
    v.end();
    return v.verify(DkimKeyLookup.dns(dns));
  }

  static List<DkimResult> verify(byte[] message) {
    return verify(message, TestKeys.dns(), DkimVerifier.Options.DEFAULT.withClock(CLOCK), 1 << 20);
  }

  static DkimSigner.Options options() {
    return DkimSigner.Options.DEFAULT.withClock(CLOCK);
  }

  @ParameterizedTest
  @EnumSource(Canonicalization.class)
  void bothAlgorithmsEveryCanonicalizationEveryChunking(Canonicalization c) throws IOException {
    for (Canonicalization b : Canonicalization.values()) {
      for (DkimSigningKey key : List.of(TestKeys.rsaKey(), TestKeys.edKey())) {
        byte[] m = signed(MESSAGE, key, options().withCanonicalization(c, b));
        for (int chunk : new int[] {1, 7, 1 << 20}) {
          List<DkimResult> r = verify(m, TestKeys.dns(), DkimVerifier.Options.DEFAULT.withClock(CLOCK), chunk);
          assertThat(r).extracting(DkimResult::status).as(key + " " + c + "/" + b + " chunk " + chunk)
              .containsExactly(DkimResult.Status.PASS);
        }
      }
    }
  }

  @Test
  void aChangedBodyFailsTheBodyHash() throws IOException {
    byte[] m = signed(MESSAGE, TestKeys.rsaKey(), options());
    String changed = new String(m, StandardCharsets.ISO_8859_1).replace("hungry", "angry");
    DkimResult r = verify(bytes(changed)).get(0);
    assertThat(r.status()).isEqualTo(DkimResult.Status.FAIL);
    assertThat(r.reason()).contains("body hash");
  }

  @Test
  void aChangedSignedFieldFailsTheSignature() throws IOException {
    byte[] m = signed(MESSAGE, TestKeys.edKey(), options());
    String changed = new String(m, StandardCharsets.ISO_8859_1).replace("Subject: Is dinner", "Subject: Is lunch");
    DkimResult r = verify(bytes(changed)).get(0);
    assertThat(r.status()).isEqualTo(DkimResult.Status.FAIL);
    assertThat(r.reason()).contains("signature did not verify");
  }

  @Test
  void relaxedSurvivesRefoldingAndSimpleDoesNot() throws IOException {
    byte[] relaxed = signed(MESSAGE, TestKeys.rsaKey(), options());
    byte[] simple = signed(MESSAGE, TestKeys.rsaKey(),
        options().withCanonicalization(Canonicalization.SIMPLE, Canonicalization.SIMPLE));
    assertThat(verify(bytes(refold(relaxed))).get(0).status()).isEqualTo(DkimResult.Status.PASS);
    assertThat(verify(bytes(refold(simple))).get(0).status()).isEqualTo(DkimResult.Status.FAIL);
  }

  private static String refold(byte[] m) {
    return new String(m, StandardCharsets.ISO_8859_1).replace("Subject: Is dinner", "Subject:  Is\r\n dinner");
  }

  @Test
  void overSigningRefusesAnAddedField() throws IOException {
    byte[] m = signed(MESSAGE, TestKeys.rsaKey(), options());
    String added = new String(m, StandardCharsets.ISO_8859_1).replace("\r\n\r\nHi.",
        "\r\nFrom: Mallory <m@evil.example>\r\nReply-To: m@evil.example\r\n\r\nHi.");
    assertThat(verify(bytes(added)).get(0).status()).isEqualTo(DkimResult.Status.FAIL);
  }

  @Test
  void contentAfterTheSignedLengthIsRefusedByPolicyOrReported() throws IOException {
    byte[] m = signed(MESSAGE, TestKeys.rsaKey(), options().withBodyLengthTag(true));
    byte[] appended = bytes(new String(m, StandardCharsets.ISO_8859_1) + "Click here: http://evil.example/\r\n");
    DkimResult refused = verify(appended).get(0);
    assertThat(refused.status()).isEqualTo(DkimResult.Status.POLICY);
    assertThat(refused.unsignedBodyOctets()).isEqualTo(34);
    DkimResult accepted = verify(appended, TestKeys.dns(), DkimVerifier.Options.DEFAULT.withClock(CLOCK)
        .withBodyLength(DkimVerifier.BodyLengthPolicy.ACCEPT), 100).get(0);
    assertThat(accepted.status()).isEqualTo(DkimResult.Status.PASS);
    assertThat(accepted.unsignedBodyOctets()).isEqualTo(34);
    assertThat(verify(m).get(0).status()).isEqualTo(DkimResult.Status.PASS);
    assertThat(verify(m, TestKeys.dns(), DkimVerifier.Options.DEFAULT.withClock(CLOCK)
        .withBodyLength(DkimVerifier.BodyLengthPolicy.REFUSE), 100).get(0).status())
        .isEqualTo(DkimResult.Status.POLICY);
  }

  @Test
  void anLTagLongerThanTheBodyFails() throws IOException {
    byte[] m = signed(MESSAGE, TestKeys.rsaKey(), options().withBodyLengthTag(true));
    String truncated = new String(m, StandardCharsets.ISO_8859_1).replace("\r\n\r\nJoe.\r\n", "\r\n");
    DkimResult r = verify(bytes(truncated)).get(0);
    assertThat(r.status()).isEqualTo(DkimResult.Status.FAIL);
  }

  @Test
  void expiredSignaturesAndKeyProblemsArePermanentErrors() throws IOException {
    DkimSigner.Options expiring = new DkimSigner.Options(DkimSigner.DEFAULT_HEADERS, true,
        Canonicalization.RELAXED, Canonicalization.RELAXED, CLOCK, Optional.of(Duration.ofDays(1)), false,
        Optional.empty(), options().parser());
    byte[] m = signed(MESSAGE, TestKeys.rsaKey(), expiring);
    assertThat(verify(m).get(0).status()).isEqualTo(DkimResult.Status.PASS);
    DkimResult late = verify(m, TestKeys.dns(), DkimVerifier.Options.DEFAULT
        .withClock(Clock.offset(CLOCK, Duration.ofDays(2))), 100).get(0);
    assertThat(late.status()).isEqualTo(DkimResult.Status.PERMERROR);
    assertThat(late.reason()).contains("expired");

    byte[] rsa = signed(MESSAGE, TestKeys.rsaKey(), options());
    StaticDnsResolver revoked = new StaticDnsResolver().txt("rsa._domainkey.example.com", "v=DKIM1; p=");
    assertThat(verify(rsa, revoked, DkimVerifier.Options.DEFAULT, 100).get(0).reason()).contains("revoked");
    StaticDnsResolver wrongType = new StaticDnsResolver().txt("rsa._domainkey.example.com",
        TestKeys.record(TestKeys.ED25519, ""));
    assertThat(verify(rsa, wrongType, DkimVerifier.Options.DEFAULT, 100).get(0).status())
        .isEqualTo(DkimResult.Status.PERMERROR);
    StaticDnsResolver none = new StaticDnsResolver();
    assertThat(verify(rsa, none, DkimVerifier.Options.DEFAULT, 100).get(0).status())
        .isEqualTo(DkimResult.Status.PERMERROR);
    StaticDnsResolver failing = new StaticDnsResolver().fail("rsa._domainkey.example.com", "TXT");
    assertThat(verify(rsa, failing, DkimVerifier.Options.DEFAULT, 100).get(0).status())
        .isEqualTo(DkimResult.Status.TEMPERROR);
    StaticDnsResolver small = new StaticDnsResolver().txt("rsa._domainkey.example.com",
        TestKeys.record(TestKeys.generate("RSA", 512), ""));
    assertThat(verify(rsa, small, DkimVerifier.Options.DEFAULT, 100).get(0).status())
        .isEqualTo(DkimResult.Status.PERMERROR);
    StaticDnsResolver testing = new StaticDnsResolver().txt("rsa._domainkey.example.com",
        TestKeys.record(TestKeys.RSA, " t=y;"));
    DkimResult t = verify(rsa, testing, DkimVerifier.Options.DEFAULT, 100).get(0);
    assertThat(t.status()).isEqualTo(DkimResult.Status.PASS);
    assertThat(t.testing()).isTrue();
  }

  @Test
  void strictKeysRefuseASubdomainIdentity() throws IOException {
    DkimSigner.Options sub = new DkimSigner.Options(DkimSigner.DEFAULT_HEADERS, true, Canonicalization.RELAXED,
        Canonicalization.RELAXED, CLOCK, Optional.empty(), false, Optional.of("joe@mail.example.com"),
        options().parser());
    byte[] m = signed(MESSAGE, TestKeys.rsaKey(), sub);
    assertThat(verify(m).get(0).status()).isEqualTo(DkimResult.Status.PASS);
    StaticDnsResolver strict = new StaticDnsResolver().txt("rsa._domainkey.example.com",
        TestKeys.record(TestKeys.RSA, " t=s;"));
    assertThat(verify(m, strict, DkimVerifier.Options.DEFAULT, 100).get(0).status())
        .isEqualTo(DkimResult.Status.PERMERROR);
  }

  @Test
  void malformedAndRefusedSignaturesArePermanentErrorsWithTheirDomain() {
    String sha1 = "DKIM-Signature: v=1; a=rsa-sha1; d=example.com; s=rsa; h=from; bh="
        + "2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=; b=AAAA\r\n" + MESSAGE;
    DkimResult r = verify(bytes(sha1)).get(0);
    assertThat(r.status()).isEqualTo(DkimResult.Status.PERMERROR);
    assertThat(r.reason()).contains("rsa-sha1");
    assertThat(r.domain()).isEqualTo("example.com");
    assertThat(verify(bytes(MESSAGE))).isEmpty();
  }

  @Test
  void signerRefusesWeakOrForeignKeysAndUseBeforeEnd() {
    assertThatThrownBy(() -> new DkimSigningKey("example.com", "s", TestKeys.generate("RSA", 512).getPrivate()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DkimSigningKey("example.com", "bad selector", TestKeys.RSA.getPrivate()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DkimSigner(TestKeys.rsaKey(), options()).signature())
        .isInstanceOf(IllegalStateException.class);
    assertThat(TestKeys.rsaKey().toString()).doesNotContain("MII").contains("rsa-sha256");
  }
}
