package dev.missive.mailauth.dmarc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Public Suffix List's own test cases and the edge cases DMARC meets (RFC 7489 §3.2). */
class PublicSuffixListTest {

  private static final Pattern CHECK = Pattern.compile("checkPublicSuffix\\((null|'[^']*'), (null|'[^']*')\\);");

  private static PublicSuffixList list(String text) throws IOException {
    return PublicSuffixList.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** The cases of the list's tests/test_psl.txt (public domain), against the bundled list. */
  @Test
  void theListsOwnTestCasesPass() throws IOException {
    PublicSuffixList psl = PublicSuffixList.bundled();
    String cases;
    try (InputStream in = getClass().getResourceAsStream("test_psl.txt")) {
      cases = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (String line : cases.split("\n")) {
      Matcher m = CHECK.matcher(line.strip());
      if (line.strip().startsWith("//") || !m.matches()) {
        continue;
      }
      String input = unquote(m.group(1));
      String expected = unquote(m.group(2));
      Optional<String> actual;
      try {
        actual = input == null ? Optional.empty() : psl.registrableDomain(input);
      } catch (IllegalArgumentException notADomain) {
        actual = Optional.empty(); // the suite's null: a leading dot, an empty label
      }
      String want = expected == null ? null : IDN.toASCII(expected).toLowerCase();
      checked++;
      if (!actual.equals(Optional.ofNullable(want))) {
        failures.add(input + " -> " + actual + ", expected " + want);
      }
    }
    assertThat(checked).isGreaterThan(70);
    assertThat(failures).isEmpty();
  }

  @Test
  void bundledListIsTheWholeList() {
    PublicSuffixList psl = PublicSuffixList.bundled();
    assertThat(psl.size()).isGreaterThan(9000);
    assertThat(PublicSuffixList.bundled()).isSameAs(psl); // read once
    assertThat(PublicSuffixList.BUNDLED_VERSION).contains("publicsuffix/list");
  }

  @Test
  void organizationalDomainsOfRfc7489() {
    PublicSuffixList psl = PublicSuffixList.bundled();
    // RFC 7489 §3.2's example: the Organizational Domain of "a.mail.example.com" is "example.com"
    assertThat(psl.organizationalDomain("a.mail.example.com")).isEqualTo("example.com");
    assertThat(psl.organizationalDomain("Example.COM.")).isEqualTo("example.com");
    assertThat(psl.organizationalDomain("news.bbc.co.uk")).isEqualTo("bbc.co.uk");
    // a private-section suffix: each customer is an organization of its own
    assertThat(psl.organizationalDomain("alice.github.io")).isEqualTo("alice.github.io");
    // a domain that is itself a public suffix is its own Organizational Domain
    assertThat(psl.organizationalDomain("co.uk")).isEqualTo("co.uk");
    assertThat(psl.organizationalDomain("com")).isEqualTo("com");
    // unlisted TLDs fall under the implicit rule "*"
    assertThat(psl.organizationalDomain("a.b.example.invalidtld")).isEqualTo("example.invalidtld");
    // U-labels are matched in A-label form
    assertThat(psl.organizationalDomain("www.食狮.公司.cn")).isEqualTo(IDN.toASCII("食狮.公司.cn"));
  }

  @Test
  void wildcardAndExceptionRules() throws IOException {
    PublicSuffixList psl = list("// test\n*.ck\n!www.ck\ncom\n*.sch.uk\nuk\n");
    assertThat(psl.publicSuffix("a.b.ck")).isEqualTo("b.ck");
    assertThat(psl.organizationalDomain("x.a.b.ck")).isEqualTo("a.b.ck");
    assertThat(psl.publicSuffix("www.ck")).isEqualTo("ck"); // the exception prevails over *.ck
    assertThat(psl.organizationalDomain("mail.www.ck")).isEqualTo("www.ck");
    assertThat(psl.organizationalDomain("a.school.sch.uk")).isEqualTo("a.school.sch.uk");
    assertThat(psl.registrableDomain("school.sch.uk")).isEmpty();
    assertThat(psl.organizationalDomain("x.y.sch.uk")).isEqualTo("x.y.sch.uk");
  }

  @Test
  void linesAreRulesUpToWhiteSpaceAndCommentsAreSkipped() throws IOException {
    PublicSuffixList psl = list("// ===BEGIN ICANN DOMAINS===\r\nexample  trailing words\r\n\r\n  \t\n//co.example\n");
    assertThat(psl.size()).isEqualTo(1);
    assertThat(psl.organizationalDomain("a.b.co.example")).isEqualTo("co.example");
  }

  @Test
  void aNewerListIsLoadedFromAFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("public_suffix_list.dat");
    Files.writeString(file, "com\nmissive-test.com\n");
    PublicSuffixList psl = PublicSuffixList.load(file);
    assertThat(psl.organizationalDomain("a.b.missive-test.com")).isEqualTo("b.missive-test.com");
    assertThat(PublicSuffixList.bundled().organizationalDomain("a.b.missive-test.com"))
        .isEqualTo("missive-test.com");
  }

  @Test
  void hostileListsAreRefused(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> list("// nothing\n")).isInstanceOf(IOException.class).hasMessageContaining("no rule");
    assertThatThrownBy(() -> list("a".repeat(PublicSuffixList.MAX_LINE_LENGTH + 1)))
        .isInstanceOf(IOException.class).hasMessageContaining("line longer");
    Path big = dir.resolve("big.dat");
    try (var out = Files.newOutputStream(big)) {
      byte[] line = "aaaaaaaaaaaaaaa.example\n".getBytes(StandardCharsets.US_ASCII);
      for (long n = 0; n <= PublicSuffixList.MAX_FILE_OCTETS / line.length; n++) {
        out.write(line);
      }
    }
    assertThatThrownBy(() -> PublicSuffixList.load(big)).isInstanceOf(IOException.class)
        .hasMessageContaining("more than");
    // rules that are not domain names are skipped, not fatal
    PublicSuffixList psl = list("com\n..\na..b\n" + "x".repeat(64) + ".com\n");
    assertThat(psl.size()).isEqualTo(1);
  }

  @Test
  void nonDomainsAreHostMisuse() {
    PublicSuffixList psl = PublicSuffixList.bundled();
    for (String bad : new String[] {"", ".com", "a..com", "x".repeat(64) + ".com", "a\u0000.com"}) {
      assertThatThrownBy(() -> psl.organizationalDomain(bad)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> psl.organizationalDomain(null)).isInstanceOf(IllegalArgumentException.class);
  }

  private static String unquote(String s) {
    return s.equals("null") ? null : s.substring(1, s.length() - 1);
  }
}
