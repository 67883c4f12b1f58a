package dev.missive.mailauth.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.missive.dns.StaticDnsResolver;
import dev.missive.message.header.HeaderField;
import dev.missive.testkit.ExternalTools;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with Python's dkimpy (Debian python3-dkim): Missive's signatures verified by dkimpy and dkimpy's
 * verified by Missive, RSA and Ed25519, over the shared corpus (RFC 6376 §6, RFC 8463).
 */
class DkimpyInteropTest {

  static final String DKIMPY_PARSE_ERROR = "error: Unexpected characters in RFC822 header";

  /** The shared corpus with CRLF line ends (as SMTP delivers), plus the RFC 8463 message. */
  static Map<String, byte[]> messages() throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    out.put("rfc", DkimSignVerifyTest.bytes(DkimSignVerifyTest.MESSAGE));
    String shared = System.getProperty("missive.shared.dir");
    Path dir = shared == null ? null : Path.of(shared, "corpus", "mime4j-testmsgs");
    boolean present = dir != null && Files.isDirectory(dir);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("shared corpus missing on CI: " + dir);
    }
    if (present) {
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : s.filter(x -> x.toString().endsWith(".msg")).sorted().collect(Collectors.toList())) {
          String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
          String crlf = text.replace("\r\n", "\n").replace("\n", "\r\n");
          if (crlf.regionMatches(true, 0, "From ", 0, 5)) {
            continue; // an mbox separator line, not a message
          }
          out.put(p.getFileName().toString(), crlf.getBytes(StandardCharsets.ISO_8859_1));
        }
      }
    }
    return out;
  }

  @Test
  void signaturesVerifyBothWays(@TempDir Path tmp) throws Exception {
    assumeTrue(ExternalTools.availableOrFailOnCi("python3-dkim", Dkimpy.canImport("dkim, nacl")),
        "skipped: Debian's python3 with python3-dkim is not installed");
    Map<String, byte[]> messages = messages();
    byte[] edPkcs8 = TestKeys.ED25519.getPrivate().getEncoded();
    String edSeed = Base64.getEncoder().encodeToString(Arrays.copyOfRange(edPkcs8, edPkcs8.length - 32,
        edPkcs8.length));
    List<String> verify = new ArrayList<>();
    List<Object> sign = new ArrayList<>();
    int n = 0;
    for (Map.Entry<String, byte[]> e : messages.entrySet()) {
      n++;
      Path plain = tmp.resolve("m" + n + ".eml");
      Files.write(plain, e.getValue());
      int k = 0;
      for (DkimSigningKey key : List.of(TestKeys.rsaKey(), TestKeys.edKey())) {
        for (Canonicalization c : Canonicalization.values()) {
          HeaderField f = DkimSigner.sign(new ByteArrayInputStream(e.getValue()), key,
              DkimSigner.Options.DEFAULT.withCanonicalization(c, c));
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          out.write(f.raw());
          out.write(new byte[] {'\r', '\n'});
          out.write(e.getValue());
          Path signed = tmp.resolve("missive-" + n + "-" + (k++) + ".eml");
          Files.write(signed, out.toByteArray());
          verify.add(signed.toString());
        }
      }
      if (!hasFrom(e.getValue())) {
        continue; // dkimpy refuses to sign a message without From (RFC 6376 §5.4)
      }
      k = 0;
      for (String canon : List.of("relaxed/relaxed", "simple/simple", "relaxed/simple")) {
        sign.add(job(plain, "rsa", Dkimpy.pem(TestKeys.RSA.getPrivate().getEncoded()), "rsa-sha256", canon,
            tmp.resolve("dkimpy-" + n + "-" + (k++) + ".eml")));
        sign.add(job(plain, "ed", edSeed, "ed25519-sha256", canon, tmp.resolve("dkimpy-" + n + "-" + (k++)
            + ".eml")));
      }
    }
    Map<String, Object> jobFile = new LinkedHashMap<>();
    jobFile.put("keys", Map.of("rsa._domainkey.example.com", String.join("", TestKeys.record(TestKeys.RSA, "")),
        "ed._domainkey.example.com", String.join("", TestKeys.record(TestKeys.ED25519, ""))));
    jobFile.put("verify", verify);
    jobFile.put("sign", sign);
    String output = Dkimpy.run(getClass(), "dkimpy_driver.py", jobFile, tmp);
    // dkimpy cannot read a header line without a colon or with space before it (RFC 5322 §4.5 obsolete syntax);
    // those messages are counted apart, every other one must verify and sign
    List<String> lines = output.lines().filter(l -> !l.contains(DKIMPY_PARSE_ERROR)).toList();
    long unreadable = output.lines().filter(l -> l.contains(DKIMPY_PARSE_ERROR)).count();
    assertThat(unreadable).isLessThan(verify.size() / 4);
    assertThat(lines.stream().filter(l -> l.startsWith("verify "))).as(output)
        .hasSize((int) (verify.size() - output.lines().filter(l -> l.startsWith("verify ")
            && l.contains(DKIMPY_PARSE_ERROR)).count()))
        .allMatch(l -> l.endsWith(" True"));
    assertThat(lines.stream().filter(l -> l.startsWith("sign "))).as(output).allMatch(l -> l.endsWith(" ok"));
    StaticDnsResolver dns = TestKeys.dns();
    for (Object o : sign) {
      Path signed = Path.of((String) ((Map<?, ?>) o).get("out"));
      if (!Files.exists(signed)) {
        continue; // dkimpy could not read it (counted above)
      }
      try (InputStream in = Files.newInputStream(signed)) {
        List<DkimResult> r = DkimVerifier.verify(in, DkimKeyLookup.dns(dns));
        assertThat(r).as(signed + " " + r).extracting(DkimResult::status).containsExactly(DkimResult.Status.PASS);
      }
    }
    assertThat(verify).hasSizeGreaterThan(messages.size() * 3);
  }

  private static boolean hasFrom(byte[] message) {
    String head = new String(message, StandardCharsets.ISO_8859_1).split("\r\n\r\n", 2)[0];
    return ("\r\n" + head).toLowerCase(Locale.ROOT).contains("\r\nfrom:");
  }

  private static Map<String, String> job(Path path, String selector, String key, String algorithm, String canon,
                                         Path out) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("path", path.toString());
    m.put("selector", selector);
    m.put("domain", "example.com");
    m.put("key", key);
    m.put("algorithm", algorithm);
    m.put("canon", canon);
    m.put("out", out.toString());
    return m;
  }
}
