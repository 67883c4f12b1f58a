package dev.missive.mailauth.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.missive.dns.DnsServer;
import dev.missive.dns.JndiDnsResolver;
import dev.missive.testkit.LoopbackDnsServer;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Keys served by a real DNS server (dnsmasq) on loopback, split into several TXT strings (RFC 6376 §3.6.2.2). */
class DkimLoopbackDnsTest {

  @Test
  void keysComeFromARealDnsServer() throws Exception {
    assumeTrue(LoopbackDnsServer.isAvailableOrFailOnCi(), "skipped: dnsmasq is not installed");
    try (LoopbackDnsServer server = LoopbackDnsServer.builder()
        .txt("rsa._domainkey.example.com", TestKeys.record(TestKeys.RSA, ""))
        .txt("ed._domainkey.example.com", TestKeys.record(TestKeys.ED25519, ""))
        .start()) {
      JndiDnsResolver dns = new JndiDnsResolver(JndiDnsResolver.Options.DEFAULT
          .withServer(DnsServer.parse(server.hostPort())).withTimeout(Duration.ofSeconds(1)));
      for (DkimSigningKey key : new DkimSigningKey[] {TestKeys.rsaKey(), TestKeys.edKey()}) {
        byte[] m = DkimSignVerifyTest.signed(DkimSignVerifyTest.MESSAGE, key, DkimSigner.Options.DEFAULT);
        assertThat(DkimVerifier.verify(new ByteArrayInputStream(m), DkimKeyLookup.dns(dns)))
            .extracting(DkimResult::status).containsExactly(DkimResult.Status.PASS);
      }
      DkimSigningKey unknown = new DkimSigningKey("example.com", "gone", TestKeys.RSA.getPrivate());
      byte[] m = DkimSignVerifyTest.signed(DkimSignVerifyTest.MESSAGE, unknown, DkimSigner.Options.DEFAULT);
      assertThat(DkimVerifier.verify(new ByteArrayInputStream(m), DkimKeyLookup.dns(dns)))
          .extracting(DkimResult::status).containsExactly(DkimResult.Status.PERMERROR);
    }
  }
}
