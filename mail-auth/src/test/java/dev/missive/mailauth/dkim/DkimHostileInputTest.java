package dev.missive.mailauth.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.dns.StaticDnsResolver;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Hostile messages and key records, in a forked JVM with a 64 MiB heap: bounded memory and work. */
@Tag("hostile")
class DkimHostileInputTest {

  /** Feeds the header, then {@code bodyMiB} MiB of body lines generated on the fly, to a signer or a verifier. */
  static void stream(java.util.function.Consumer<ByteBuffer> feed, String header, int bodyMiB) {
    feed.accept(ByteBuffer.wrap(header.getBytes(StandardCharsets.ISO_8859_1)));
    byte[] line = ("All work and no play makes Jack a dull boy, over and over again.  \r\n")
        .getBytes(StandardCharsets.US_ASCII);
    byte[] chunk = new byte[line.length * 1000];
    for (int i = 0; i < 1000; i++) {
      System.arraycopy(line, 0, chunk, i * line.length, line.length);
    }
    long total = (long) bodyMiB << 20;
    for (long sent = 0; sent < total; sent += chunk.length) {
      feed.accept(ByteBuffer.wrap(chunk));
    }
  }

  @Test
  void aLargeMessageStreamsThroughSigningAndVerifyingInASmallHeap() {
    String header = "From: a@example.com\r\nTo: b@example.net\r\nSubject: big\r\n\r\n";
    DkimSigner signer = new DkimSigner(TestKeys.edKey(), DkimSigner.Options.DEFAULT);
    stream(signer::feed, header, 64);
    signer.end();
    String signature = new String(signer.signature().raw(), StandardCharsets.ISO_8859_1) + "\r\n";
    DkimVerifier verifier = new DkimVerifier(DkimVerifier.Options.DEFAULT);
    stream(verifier::feed, signature + header, 64);
    verifier.end();
    assertThat(verifier.verify(DkimKeyLookup.dns(TestKeys.dns()))).extracting(DkimResult::status)
        .containsExactly(DkimResult.Status.PASS);
  }

  @Test
  void aHundredSignaturesAreBoundedByTheLimit() {
    StringBuilder header = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      header.append("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/").append(i % 2 == 0 ? "simple" : "relaxed")
          .append("; d=example.com; s=s").append(i).append("; h=from; l=").append(i * 1000)
          .append("; bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=; b=AAAA\r\n");
    }
    header.append("From: a@example.com\r\n\r\n");
    DkimVerifier v = new DkimVerifier(DkimVerifier.Options.DEFAULT);
    stream(v::feed, header.toString(), 20);
    v.end();
    StaticDnsResolver dns = new StaticDnsResolver();
    List<DkimResult> results = v.verify(DkimKeyLookup.dns(dns));
    assertThat(results).hasSize(100);
    assertThat(results.subList(10, 100)).allMatch(r -> r.status() == DkimResult.Status.NEUTRAL);
    assertThat(results.subList(0, 10)).allMatch(r -> r.status() == DkimResult.Status.FAIL);
    assertThat(dns.queries()).isEmpty(); // body hashes failed first: no key look-ups
  }

  @Test
  void hugeAndMalformedKeyRecordsArePermanentErrors() throws Exception {
    byte[] signed = DkimSignVerifyTest.signed(DkimSignVerifyTest.MESSAGE, TestKeys.rsaKey(),
        DkimSignVerifyTest.options());
    String[] garbage = new String[250];
    java.util.Arrays.fill(garbage, "A".repeat(255));
    for (StaticDnsResolver dns : List.of(
        new StaticDnsResolver().txt("rsa._domainkey.example.com", garbage),
        new StaticDnsResolver().txt("rsa._domainkey.example.com", "v=DKIM1; p=" + "QUFB".repeat(15000)),
        new StaticDnsResolver().txt("rsa._domainkey.example.com", "v=DKIM1; p=%%%%"),
        new StaticDnsResolver().txt("rsa._domainkey.example.com", "p=MIIB; p=MIIB"),
        new StaticDnsResolver().txt("rsa._domainkey.example.com", "v=DKIM2; p=MIIB"))) {
      DkimResult r = DkimSignVerifyTest.verify(signed, dns, DkimVerifier.Options.DEFAULT, 4096).get(0);
      assertThat(r.status()).as(r.reason()).isEqualTo(DkimResult.Status.PERMERROR);
    }
  }

  @Test
  void anOverlongSignatureFieldIsDroppedByTheParserLimit() {
    String header = "DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s; h=from; bh=x; b="
        + "A".repeat(2_000_000) + "\r\nFrom: a@example.com\r\n\r\n";
    DkimVerifier v = new DkimVerifier(DkimVerifier.Options.DEFAULT);
    stream(v::feed, header, 1);
    v.end();
    assertThat(v.verify(DkimKeyLookup.dns(new StaticDnsResolver()))).isEmpty();
  }
}
