package dev.missive.mailauth.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.missive.dns.StaticDnsResolver;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The RFCs' own signed messages and key records. */
class DkimRfcExamplesTest {

  /** RFC 8463 Appendix A.2. */
  static final StaticDnsResolver RFC8463_DNS = new StaticDnsResolver()
      .txt("brisbane._domainkey.football.example.com",
          "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
      .txt("test._domainkey.football.example.com",
          "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWR",
          "iGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutAC",
          "DfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3",
          "Ip3G+2kryOTIKT+l/K4w3QIDAQAB");

  /** RFC 6376 Appendix A.3. */
  static final StaticDnsResolver RFC6376_DNS = new StaticDnsResolver()
      .txt("brisbane._domainkey.example.com", "v=DKIM1; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDwIRP/UC3SBsEmGqZ9ZJW3/DkMoGeLnQg1fWn7/zYt",
          "IxN2SnFCjxOCKG9v3b4jYfcTNh5ijSsq631uBItLa7od+v/RtdC2UzJ1lWT947qR+Rcac2gbto/NMqJ0fzfVjH4OuKhi",
          "tdY9tf6mcwGjaNBcWToIMmPSPDdQPNUYckcQ2QIDAQAB");

  static List<DkimResult> verify(String resource, StaticDnsResolver dns) throws IOException {
    try (InputStream in = DkimRfcExamplesTest.class.getResourceAsStream(resource)) {
      return DkimVerifier.verify(in, DkimKeyLookup.dns(dns));
    }
  }

  @Test
  void rfc8463AppendixAVerifiesWithBothKeys() throws IOException {
    List<DkimResult> results = verify("rfc8463-a3.eml", RFC8463_DNS);
    assertThat(results).extracting(DkimResult::status, DkimResult::selector)
        .containsExactly(tuple(DkimResult.Status.PASS, "brisbane"),
            tuple(DkimResult.Status.PASS, "test"));
    assertThat(results.get(0).signature().orElseThrow().algorithm()).isEqualTo(DkimAlgorithm.ED25519_SHA256);
    assertThat(results.get(1).signature().orElseThrow().algorithm()).isEqualTo(DkimAlgorithm.RSA_SHA256);
  }

  @Test
  void rfc6376AppendixA() throws IOException {
    List<DkimResult> results = verify("rfc6376-a2.eml", RFC6376_DNS);
    assertThat(results).hasSize(1);
    assertThat(results.get(0).reason()).isEmpty();
    assertThat(results.get(0).status()).isEqualTo(DkimResult.Status.PASS);
  }
}
