package dev.missive.pop3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The shared POP3 values: status lines with response codes (RFC 2449 §8), CAPA lines (§5), unique ids. */
class SharedTypesTest {

  @Test
  void statusLinesFormatAndParseWithResponseCodes() {
    Pop3Response inUse = Pop3Response.err(ResponseCode.IN_USE, "Do you have another POP session running?");
    assertThat(inUse.toLine()).isEqualTo("-ERR [IN-USE] Do you have another POP session running?");
    assertThat(Pop3Response.parse(inUse.toLine())).contains(inUse);
    assertThat(Pop3Response.parse("+OK")).contains(Pop3Response.ok(""));
    assertThat(Pop3Response.parse("+OK 2 320")).contains(Pop3Response.ok("2 320"));
    assertThat(Pop3Response.parse("-ERR [SYS/TEMP] later").orElseThrow().responseCode())
        .contains(ResponseCode.SYS_TEMP);
    assertThat(Pop3Response.parse("-ERR [not a code] x").orElseThrow().text()).isEqualTo("[not a code] x");
    assertThat(Pop3Response.parse("+OKAY")).isEmpty();
    assertThat(Pop3Response.parse("* OK")).isEmpty();
  }

  @Test
  void wireValuesRefuseLineBreaks() {
    assertThatThrownBy(() -> Pop3Response.ok("a\r\n+OK injected")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pop3Response.ok("nul\0")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ResponseCode("IN USE")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Capability.of("SASL", "PLAIN\r\nUSER")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Capability.of("\u010aX")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void capabilityLinesOfRfc2449Section5() {
    assertThat(Capability.sasl(List.of("CRAM-MD5", "KERBEROS_V4")).toLine()).isEqualTo("SASL CRAM-MD5 KERBEROS_V4");
    assertThat(Capability.loginDelay(900).toLine()).isEqualTo("LOGIN-DELAY 900");
    assertThat(Capability.parse("IMPLEMENTATION Shlemazle-Plotz-v302"))
        .isEqualTo(Capability.implementation("Shlemazle-Plotz-v302"));
    assertThat(Capability.parse("EXPIRE 60").is("expire")).isTrue();
    assertThat(Capability.parse("")).isNull();
    assertThat(Capability.parse(" TOP")).isNull();
  }

  @Property(tries = 200)
  void parsingAStatusLineNeverThrows(@ForAll String line) {
    Pop3Response.parse(line).ifPresent(r -> assertThat(Pop3Response.parse(r.toLine())).contains(r));
    Capability.parse(line);
    UniqueId.isValid(line);
    ResponseCode.isValid(line);
  }
}
