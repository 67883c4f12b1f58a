package dev.missive.benchmarks.dkim;

import dev.missive.dns.DnsResult;
import dev.missive.dns.TxtRecord;
import dev.missive.mailauth.dkim.DkimKeyLookup;
import dev.missive.mailauth.dkim.DkimResult;
import dev.missive.mailauth.dkim.DkimSigner;
import dev.missive.mailauth.dkim.DkimSigningKey;
import dev.missive.mailauth.dkim.DkimVerifier;
import dev.missive.message.header.HeaderField;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DKIM verification throughput (RFC 6376 §6.1): Missive's streaming {@link DkimVerifier} against Apache James jDKIM
 * 0.3's {@code DKIMVerifier}, in the same JVM and run, on the same messages, signed once by Missive with one
 * RSA-2048 key ({@code rsa-sha256}, relaxed/relaxed, the default fields over-signed), the key record served from
 * memory to both (no DNS). Each operation verifies the whole message: header parse, body hash, key record parse,
 * RSA verification. Three body sizes show where hashing and canonicalization take over from the RSA operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DkimVerifyBenchmark {

  /** The body size: about 1 KiB, 20 KiB or 200 KiB of text lines. */
  @Param({"1", "20", "200"})
  public int bodyKiB;

  private byte[] message;
  private DkimKeyLookup missiveKeys;
  private org.apache.james.jdkim.DKIMVerifier jdkim;

  /** Makes the key, the message and its signature, and checks that both verifiers pass it. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    KeyPair pair = rsa.generateKeyPair();
    String record = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    StringBuilder text = new StringBuilder("From: Joe <joe@example.com>\r\nTo: Suzie <suzie@example.net>\r\n"
        + "Subject: Is dinner ready?\r\nDate: Fri, 11 Jul 2003 21:00:37 -0700\r\nMessage-ID: <1@example.com>\r\n"
        + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n");
    for (int i = 0; text.length() < bodyKiB * 1024; i++) {
      text.append("Line ").append(i).append(" of the body,  with  some   spaces and a tab\tbefore its end \r\n");
    }
    byte[] unsigned = text.toString().getBytes(StandardCharsets.US_ASCII);
    HeaderField signature = DkimSigner.sign(new ByteArrayInputStream(unsigned),
        new DkimSigningKey("example.com", "bench", pair.getPrivate()), DkimSigner.Options.DEFAULT);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(signature.raw());
    out.write(new byte[] {'\r', '\n'});
    out.write(unsigned);
    message = out.toByteArray();
    DnsResult<TxtRecord> answer = new DnsResult.Answer<>(List.of(TxtRecord.of(record)));
    missiveKeys = (selector, domain) -> answer;
    jdkim = new org.apache.james.jdkim.DKIMVerifier((method, selector, token) -> List.of(record));
    List<DkimResult> mine = missive();
    if (mine.size() != 1 || !mine.get(0).isPass()) {
      throw new IllegalStateException("Missive did not verify the benchmark message: " + mine);
    }
    List<org.apache.james.jdkim.api.SignatureRecord> theirs = jdkim();
    if (theirs == null || theirs.size() != 1) {
      throw new IllegalStateException("jDKIM did not verify the benchmark message: " + theirs);
    }
  }

  /** Missive: the message fed as one buffer, then the signature checked. */
  @Benchmark
  public List<DkimResult> missive() {
    DkimVerifier v = new DkimVerifier(DkimVerifier.Options.DEFAULT);
    v.feed(ByteBuffer.wrap(message));
    v.end();
    return v.verify(missiveKeys);
  }

  /** jDKIM: {@code DKIMVerifier.verify(InputStream)}, which returns the signatures that verified. */
  @Benchmark
  public List<org.apache.james.jdkim.api.SignatureRecord> jdkim() throws Exception {
    return jdkim.verify(new ByteArrayInputStream(message));
  }
}
