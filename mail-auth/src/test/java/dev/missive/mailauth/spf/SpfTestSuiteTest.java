package dev.missive.mailauth.spf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenSPF RFC 7208 test suite (release 2014.04, see NOTICE beside the YAML): every case, each a dynamic test
 * named after its scenario and id, against {@link SpfChecker} over the scenario's zone data.
 */
class SpfTestSuiteTest {

  @SuppressWarnings("unchecked")
  @TestFactory
  Stream<DynamicTest> rfc7208Suite() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    try (InputStream in = getClass().getResourceAsStream("rfc7208-tests.yml")) {
      LoaderOptions options = new LoaderOptions();
      for (Object doc : new Yaml(options).loadAll(new InputStreamReader(in, StandardCharsets.ISO_8859_1))) {
        if (doc == null) {
          continue;
        }
        Map<String, Object> scenario = (Map<String, Object>) doc;
        SuiteZone zone = new SuiteZone((Map<String, Object>) scenario.get("zonedata"));
        String description = String.valueOf(scenario.get("description"));
        Map<String, Object> cases = (Map<String, Object>) scenario.get("tests");
        for (Map.Entry<String, Object> c : cases.entrySet()) {
          Map<String, Object> t = (Map<String, Object>) c.getValue();
          tests.add(DynamicTest.dynamicTest(description + ": " + c.getKey(), () -> run(zone, t)));
        }
      }
    }
    assertThat(tests).hasSize(203);
    return tests.stream();
  }

  private static void run(SuiteZone zone, Map<String, Object> t) throws Exception {
    List<String> expected = new ArrayList<>();
    Object r = t.get("result");
    if (r instanceof List<?> l) {
      l.forEach(x -> expected.add(String.valueOf(x)));
    } else {
      expected.add(String.valueOf(r));
    }
    SpfChecker checker = new SpfChecker(zone, SpfChecker.Options.DEFAULT);
    SpfResult result = checker.checkMailFrom(InetAddress.getByName(String.valueOf(t.get("host"))),
        String.valueOf(t.get("mailfrom")), String.valueOf(t.get("helo")));
    assertThat(result.status().keyword()).as(result.reason() + " " + t.get("spec"))
        .isIn(expected.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList());
    Object exp = t.get("explanation");
    if (exp != null && !"DEFAULT".equals(exp) && result.status() == SpfResult.Status.FAIL) {
      // compared ignoring case: the suite writes IPv6 nibbles in the case of its host string, RFC 7208 §7.4 in
      // lower case, and DNS names compare case-insensitively
      assertThat(result.explanation().map(s -> s.toLowerCase(Locale.ROOT)))
          .contains(String.valueOf(exp).toLowerCase(Locale.ROOT));
    }
  }
}
