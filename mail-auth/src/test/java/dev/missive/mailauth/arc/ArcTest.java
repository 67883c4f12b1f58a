package dev.missive.mailauth.arc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.dns.StaticDnsResolver;
import dev.missive.mailauth.arc.ArcSeal.ChainValidation;
import dev.missive.mailauth.dkim.DkimKeyLookup;
import dev.missive.mailauth.dkim.DkimSigningKey;
import dev.missive.mailauth.dkim.TestKeys;
import dev.missive.mailauth.results.AuthenticationResults;
import dev.missive.mailauth.results.MethodResult;
import dev.missive.message.header.HeaderField;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ARC chains Missive seals and validates, and what must break them (RFC 8617 §5). */
class ArcTest {

  static final String MESSAGE = "From: Joe <joe@example.com>\r\nTo: list@lists.example.org\r\n"
      + "Subject: Is dinner ready?\r\nDate: Fri, 11 Jul 2003 21:00:37 -0700\r\n"
      + "Message-ID: <1@example.com>\r\n\r\nHi.\r\n\r\nWe lost the game.  Are you hungry yet?\r\n\r\nJoe.\r\n";

  static final StaticDnsResolver DNS = new StaticDnsResolver()
      .txt("rsa._domainkey.lists.example.org", TestKeys.record(TestKeys.RSA, ""))
      .txt("ed._domainkey.forwarder.example.net", TestKeys.record(TestKeys.ED25519, ""));
  static final DkimSigningKey LIST_KEY = new DkimSigningKey("lists.example.org", "rsa", TestKeys.RSA.getPrivate());
  static final DkimSigningKey FORWARDER_KEY = new DkimSigningKey("forwarder.example.net", "ed",
      TestKeys.ED25519.getPrivate());

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  static ArcResult verify(byte[] message, int chunk) {
    ArcVerifier v = new ArcVerifier(ArcVerifier.Options.DEFAULT);
    for (int i = 0; i < message.length; i += chunk) {
      v.feed(ByteBuffer.wrap(message, i, Math.min(chunk, message.length - i)));
    }
    v.end();
    return v.verify(DkimKeyLookup.dns(DNS));
  }

  static ArcResult verify(byte[] message) {
    return verify(message, 1 << 20);
  }

  /** The message with an ARC set on top, as a forwarder that validated it first would seal it. */
  static byte[] seal(byte[] message, DkimSigningKey key, String authservId) {
    return seal(message, key, authservId, verify(message));
  }

  static byte[] seal(byte[] message, DkimSigningKey key, String authservId, ArcResult validation) {
    ArcSealer sealer = new ArcSealer(key, ArcSealer.Options.DEFAULT);
    sealer.feed(ByteBuffer.wrap(message));
    sealer.end();
    List<HeaderField> set = sealer.seal(validation, AuthenticationResults.of(authservId,
        List.of(MethodResult.of("spf", "pass", new MethodResult.Property("smtp", "mailfrom", "joe@example.com")))));
    return prepend(set, message);
  }

  static byte[] prepend(List<HeaderField> fields, byte[] message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (HeaderField f : fields) {
      out.writeBytes(f.raw());
      out.writeBytes(new byte[] {'\r', '\n'});
    }
    out.writeBytes(message);
    return out.toByteArray();
  }

  @Test
  void aMessageWithoutArcIsNone() {
    ArcResult r = verify(bytes(MESSAGE));
    assertThat(r.status()).isEqualTo(ChainValidation.NONE);
    assertThat(r.toMethodResult()).isEqualTo(MethodResult.of("arc", "none"));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 64, 1 << 20})
  void aFirstSetHasCvNoneAndValidatesInAnyChunking(int chunk) {
    byte[] sealed = seal(bytes(MESSAGE), LIST_KEY, "lists.example.org");
    String head = text(sealed).substring(0, text(sealed).indexOf("From:"));
    assertThat(head).startsWith("ARC-Seal: i=1; a=rsa-sha256; t=").contains("cv=none;")
        .contains("\r\nARC-Message-Signature: i=1; a=rsa-sha256; c=relaxed/relaxed;")
        .contains("d=lists.example.org; s=rsa;")
        .contains("\r\nARC-Authentication-Results: i=1; lists.example.org; spf=pass")
        .contains("arc=none");
    ArcResult r = verify(sealed, chunk);
    assertThat(r.status()).as(r.reason()).isEqualTo(ChainValidation.PASS);
    assertThat(r.instances()).isEqualTo(1);
    assertThat(r.sets().get(0).seal().domain()).isEqualTo("lists.example.org");
  }

  @Test
  void aListThatRewritesTheMessageKeepsThePassingChain() {
    byte[] first = seal(bytes(MESSAGE), FORWARDER_KEY, "forwarder.example.net");
    // the list tags the subject and adds a footer: the first AMS no longer verifies, but it is not the newest
    String rewritten = text(first).replace("Subject: Is dinner", "Subject: [list] Is dinner") + "-- \r\nlist\r\n";
    ArcResult before = verify(bytes(rewritten));
    assertThat(before.status()).isEqualTo(ChainValidation.FAIL);
    byte[] second = seal(bytes(rewritten), LIST_KEY, "lists.example.org", new ArcResult(ChainValidation.PASS,
        "validated before the rewrite", before.sets()));
    ArcResult r = verify(second);
    assertThat(r.status()).as(r.reason()).isEqualTo(ChainValidation.PASS);
    assertThat(r.instances()).isEqualTo(2);
    assertThat(text(second)).contains("ARC-Seal: i=2;").contains("cv=pass;");
  }

  @Test
  void threeHopsWithBothAlgorithms() {
    byte[] m = bytes(MESSAGE);
    for (int hop = 0; hop < 3; hop++) {
      m = seal(m, hop % 2 == 0 ? LIST_KEY : FORWARDER_KEY, "hop" + hop + ".example");
      assertThat(verify(m).status()).isEqualTo(ChainValidation.PASS);
    }
    assertThat(verify(m).instances()).isEqualTo(3);
  }

  @Test
  void tamperedChainsFail() {
    byte[] two = seal(seal(bytes(MESSAGE), LIST_KEY, "a.example"), FORWARDER_KEY, "b.example");
    String t = text(two);
    assertFails(t.replace("We lost the game", "We won the game"), "body hash");
    assertFails(t.replace("Subject: Is dinner", "Subject: Was dinner"), "ARC-Message-Signature i=2 did not verify");
    // an earlier hop's results rewritten: the seals over them break
    assertFails(t.replace("i=1; a.example; spf=pass", "i=1; a.example; spf=fail"), "ARC-Seal i=2 did not verify");
    assertFails(t.replaceFirst("cv=pass", "cv=none"), "cv=none");
    // a set removed, or doubled
    assertFails(t.replaceFirst("ARC-Seal: i=1;", "X-Removed-Seal: i=1;"), "lacks its ARC-Seal");
    String aar = t.substring(t.indexOf("ARC-Authentication-Results: i=2"), t.indexOf("\r\n",
        t.indexOf("ARC-Authentication-Results: i=2")) + 2);
    assertFails(aar + t, "two ARC-Authentication-Results fields with i=2");
    // a key that is gone
    byte[] unknown = seal(bytes(MESSAGE), new DkimSigningKey("gone.example", "rsa", TestKeys.RSA.getPrivate()),
        "gone.example");
    assertThat(verify(unknown).reason()).contains("no key for selector");
  }

  @Test
  void aFailedChainIsSealedOnceWithCvFailAndThenEnds() {
    byte[] one = seal(bytes(MESSAGE), LIST_KEY, "a.example");
    byte[] broken = bytes(text(one).replace("We lost", "We won"));
    ArcResult r = verify(broken);
    assertThat(r.status()).isEqualTo(ChainValidation.FAIL);
    byte[] sealedFail = seal(broken, FORWARDER_KEY, "b.example", r);
    assertThat(text(sealedFail)).contains("ARC-Seal: i=2;").contains("cv=fail;").contains("arc=fail");
    ArcResult after = verify(sealedFail);
    assertThat(after.status()).isEqualTo(ChainValidation.FAIL);
    assertThat(after.reason()).contains("cv=fail");
    // nobody extends a chain that ended
    ArcSealer sealer = new ArcSealer(LIST_KEY, ArcSealer.Options.DEFAULT);
    sealer.feed(ByteBuffer.wrap(sealedFail));
    sealer.end();
    assertThat(sealer.seal(after, AuthenticationResults.of("c.example", List.of()))).isEmpty();
  }

  @Test
  void fiftySetsAreTheLimit() {
    byte[] m = bytes(MESSAGE);
    ArcResult pass = new ArcResult(ChainValidation.PASS, "trusted for the test", List.of());
    for (int i = 1; i <= 50; i++) {
      m = seal(m, FORWARDER_KEY, "hop" + i + ".example", i == 1 ? verify(m) : pass);
    }
    ArcResult r = verify(m);
    assertThat(r.status()).as(r.reason()).isEqualTo(ChainValidation.PASS);
    assertThat(r.instances()).isEqualTo(50);
    ArcSealer sealer = new ArcSealer(FORWARDER_KEY, ArcSealer.Options.DEFAULT);
    sealer.feed(ByteBuffer.wrap(m));
    sealer.end();
    assertThat(sealer.seal(r, AuthenticationResults.of("hop51.example", List.of()))).isEmpty();
    ArcVerifier strict = new ArcVerifier(new ArcVerifier.Options(ArcVerifier.Options.DEFAULT.parser(), 10, 1024,
        8192));
    strict.feed(ByteBuffer.wrap(m));
    strict.end();
    assertThat(strict.verify(DkimKeyLookup.dns(DNS)).reason()).contains("more than 30 ARC fields");
  }

  @Test
  void hundredForgedSetsFailBeforeAnyKeyIsFetched() {
    StringBuilder forged = new StringBuilder();
    for (int i = 1; i <= 100; i++) {
      forged.append("ARC-Seal: i=").append(i).append("; a=rsa-sha256; cv=pass; d=x").append(i)
          .append(".example; s=s; b=AAAA\r\nARC-Message-Signature: i=").append(i)
          .append("; a=rsa-sha256; d=x.example; s=s; h=from; bh=AAAA; b=AAAA\r\nARC-Authentication-Results: i=")
          .append(i).append("; x.example; none\r\n");
    }
    StaticDnsResolver dns = new StaticDnsResolver();
    ArcVerifier v = new ArcVerifier(ArcVerifier.Options.DEFAULT);
    v.feed(ByteBuffer.wrap(bytes(forged + MESSAGE)));
    v.end();
    ArcResult r = v.verify(DkimKeyLookup.dns(dns));
    assertThat(r.status()).isEqualTo(ChainValidation.FAIL);
    assertThat(r.reason()).contains("more than 150 ARC fields");
    assertThat(dns.queries()).isEmpty();
  }

  @Test
  void malformedSetsFail() {
    for (String bad : List.of("ARC-Seal: i=0; a=rsa-sha256; cv=none; d=x.example; s=s; b=AAAA\r\n",
        "ARC-Seal: i=51; a=rsa-sha256; cv=none; d=x.example; s=s; b=AAAA\r\n",
        "ARC-Seal: i=1; a=rsa-sha256; cv=maybe; d=x.example; s=s; b=AAAA\r\n"
            + "ARC-Message-Signature: i=1; a=rsa-sha256; d=x.example; s=s; h=from; bh=AAAA; b=AAAA\r\n"
            + "ARC-Authentication-Results: i=1; x.example; none\r\n",
        "ARC-Authentication-Results: x.example; none\r\n",
        "ARC-Message-Signature: i=one; a=rsa-sha256; d=x.example; s=s; h=from; bh=AAAA; b=AAAA\r\n")) {
      ArcResult r = verify(bytes(bad + MESSAGE));
      assertThat(r.status()).as(bad).isEqualTo(ChainValidation.FAIL);
    }
  }

  @Test
  void hostMisuseIsRefused() {
    assertThatThrownBy(() -> new ArcSealer.Options(List.of("From", "ARC-Seal"), true,
        ArcSealer.Options.DEFAULT.clock(), ArcSealer.Options.DEFAULT.parser()))
        .isInstanceOf(IllegalArgumentException.class);
    ArcVerifier v = new ArcVerifier(ArcVerifier.Options.DEFAULT);
    assertThatThrownBy(() -> v.verify(DkimKeyLookup.dns(DNS))).isInstanceOf(IllegalStateException.class);
    ArcSealer s = new ArcSealer(LIST_KEY, ArcSealer.Options.DEFAULT);
    assertThatThrownBy(() -> s.seal(verify(bytes(MESSAGE)), AuthenticationResults.of("x", List.of())))
        .isInstanceOf(IllegalStateException.class);
  }

  private static void assertFails(String message, String reason) {
    ArcResult r = verify(bytes(message));
    assertThat(r.status()).as(reason).isEqualTo(ChainValidation.FAIL);
    assertThat(r.reason()).contains(reason);
  }
}
