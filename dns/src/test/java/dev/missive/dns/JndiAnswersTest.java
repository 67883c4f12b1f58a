package dev.missive.dns;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import java.util.List;
import org.junit.jupiter.api.Test;

class JndiAnswersTest {

  @Test
  void txtStringsAsTheProviderShowsThem() {
    assertThat(JndiAnswers.txtStrings("v=spf1")).containsExactly("v=spf1");
    assertThat(JndiAnswers.txtStrings("\"v=spf1 -all\"")).containsExactly("v=spf1 -all");
    assertThat(JndiAnswers.txtStrings("\"v=DKIM1; k=rsa;\" p=MIIB")).containsExactly("v=DKIM1; k=rsa;", "p=MIIB");
    assertThat(JndiAnswers.txtStrings("a \"\" b")).containsExactly("a", "", "b");
    assertThat(JndiAnswers.txtStrings("a\"b")).containsExactly("a\"b");
    assertThat(JndiAnswers.txtStrings("\"unterminated x")).containsExactly("\"unterminated x");
  }

  /** Strings with spaces but without quotes survive the provider's presentation. */
  @Property(tries = 200)
  void txtStringsRoundTrip(@ForAll @Size(min = 1, max = 4) List<@StringLength(max = 20)
      @CharRange(from = ' ', to = '~') String> strings) {
    List<String> plain = strings.stream().map(s -> s.replace("\"", "")).toList();
    StringBuilder shown = new StringBuilder();
    for (String s : plain) {
      if (shown.length() > 0) {
        shown.append(' ');
      }
      boolean quote = s.isEmpty() || s.indexOf(' ') >= 0;
      shown.append(quote ? "\"" + s + "\"" : s);
    }
    assertThat(JndiAnswers.txtStrings(shown.toString())).isEqualTo(plain);
  }

  @Test
  void mxAddressesAndNames() {
    assertThat(JndiAnswers.mx("10 mx.example.com.")).isEqualTo(new MxRecord(10, "mx.example.com"));
    assertThat(JndiAnswers.mx("0 .")).isEqualTo(new MxRecord(0, "."));
    assertThat(JndiAnswers.mx("x mx")).isNull();
    assertThat(JndiAnswers.mx("99999 mx")).isNull();
    assertThat(JndiAnswers.ipv4("192.0.2.1")).isNotNull();
    assertThat(JndiAnswers.ipv4("192.0.2.256")).isNull();
    assertThat(JndiAnswers.ipv4("192.0.2")).isNull();
    assertThat(JndiAnswers.ipv6("2001:db8:0:0:0:0:0:1")).isNotNull();
    assertThat(JndiAnswers.ipv6("example.com")).isNull();
  }
}
