package dev.missive.mailauth.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.missive.dns.StaticDnsResolver;
import dev.missive.mailauth.arc.ArcResult;
import dev.missive.mailauth.arc.ArcVerifier;
import dev.missive.message.header.HeaderField;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Fuzz targets for DKIM (RFC 6376) and ARC (RFC 8617) over whole messages, fed in random chunks.
 *
 * <ul>
 *   <li>{@link #signedMessagesVerify}: any message (after a From field, and not starting with white space, which
 *       would fold it into the prepended signature) signed with the Ed25519 key under random canonicalizations
 *       verifies as {@code pass} for that signature, whatever the chunking on either side: signer and verifier
 *       canonicalize the same octets the same way (RFC 6376 §3.4).</li>
 *   <li>{@link #anyMessageIsJudgedWithinItsLimits}: any octets, with the test keys in DNS, give one DKIM
 *       result per DKIM-Signature field, each with a reason when not {@code pass}, those beyond
 *       {@code maxSignatures} not evaluated ({@code neutral}) and at most {@code maxSignatures} key look-ups; one
 *       ARC result within the set limit; no unchecked exception (docs/security.md, "Signature and seal counts").</li>
 * </ul>
 */
class DkimFuzzTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final StaticDnsResolver DNS = TestKeys.dns();

  @FuzzTest
  void signedMessagesVerify(FuzzedDataProvider data) {
    Canonicalization header = data.pickValue(Canonicalization.values());
    Canonicalization body = data.pickValue(Canonicalization.values());
    int signChunk = data.consumeInt(1, 64);
    int verifyChunk = data.consumeInt(1, 64);
    byte[] rest = data.consumeRemainingAsBytes();
    if (rest.length > 0 && (rest[0] == ' ' || rest[0] == '\t')) {
      return;
    }
    byte[] message = concat("From: ann@example.com\r\n".getBytes(StandardCharsets.US_ASCII), rest);

    DkimSigner signer = new DkimSigner(TestKeys.edKey(),
        DkimSigner.Options.DEFAULT.withClock(CLOCK).withCanonicalization(header, body));
    feed(message, signChunk, signer::feed);
    signer.end();
    HeaderField signature = signer.signature();
    byte[] signed = concat(concat(signature.raw(), "\r\n".getBytes(StandardCharsets.US_ASCII)), message);

    DkimVerifier verifier = new DkimVerifier(DkimVerifier.Options.DEFAULT.withClock(CLOCK));
    feed(signed, verifyChunk, verifier::feed);
    verifier.end();
    List<DkimResult> results = verifier.verify(DkimKeyLookup.dns(DNS));
    assertThat(results).as("results of %s/%s", header, body).isNotEmpty();
    assertThat(results.get(0).status()).as("%s: %s", results.get(0).reason(), new String(signed,
        StandardCharsets.ISO_8859_1)).isEqualTo(DkimResult.Status.PASS);
  }

  @FuzzTest
  void anyMessageIsJudgedWithinItsLimits(FuzzedDataProvider data) {
    int chunk = data.consumeInt(1, 256);
    int maxSignatures = data.consumeInt(1, 12);
    byte[] message = data.consumeRemainingAsBytes();

    DkimVerifier dkim = new DkimVerifier(DkimVerifier.Options.DEFAULT.withClock(CLOCK)
        .withMaxSignatures(maxSignatures));
    ArcVerifier arc = new ArcVerifier(ArcVerifier.Options.DEFAULT);
    feed(message, chunk, b -> {
      dkim.feed(b.duplicate());
      arc.feed(b);
    });
    dkim.end();
    arc.end();
    int[] lookups = {0};
    DkimKeyLookup dns = DkimKeyLookup.dns(DNS);
    List<DkimResult> results = dkim.verify((selector, domain) -> {
      lookups[0]++;
      return dns.keyRecords(selector, domain);
    });
    long fields = dkim.headerFields().stream().filter(f -> f.hasName(DkimSignature.FIELD_NAME)).count();
    assertThat(results).as("one result per DKIM-Signature field").hasSize((int) fields);
    assertThat(lookups[0]).as("key look-ups").isLessThanOrEqualTo(maxSignatures);
    for (int i = 0; i < results.size(); i++) {
      DkimResult r = results.get(i);
      assertThat(r.isPass() || !r.reason().isBlank()).as("a failure says why").isTrue();
      if (i >= maxSignatures) {
        assertThat(r.status()).as("beyond the limit: not evaluated").isEqualTo(DkimResult.Status.NEUTRAL);
      }
    }
    ArcResult chain = arc.verify(DkimKeyLookup.dns(DNS));
    assertThat(chain.status()).isNotNull();
    assertThat(chain.sets().size()).isLessThanOrEqualTo(ArcVerifier.Options.DEFAULT.maxSets());
  }

  private static void feed(byte[] message, int chunk, java.util.function.Consumer<ByteBuffer> sink) {
    for (int i = 0; i < message.length; i += chunk) {
      sink.accept(ByteBuffer.wrap(message, i, Math.min(chunk, message.length - i)));
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
