package dev.missive.pop3.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * LANG (RFC 6856 §3) on a server whose texts are English only: valid in AUTHORIZATION and TRANSACTION, a listing
 * without an argument, {@code +OK} with the language tag for a range whose RFC 4647 §3.4 lookup reaches
 * {@code en}, {@code -ERR} otherwise (the language stays).
 */
class LangTest {

  private final MemoryStore store = MemoryStore.rfc1939();

  private Pop3HandlerServer server(boolean lang) {
    return Fixtures.greeted(new Pop3HandlerServer(Fixtures.rfcConfig().lang(lang).build(),
        Fixtures.rfcEnvironment(new ManualTime()), Fixtures.peer(ConnectionSecurity.TRUSTED), session -> store));
  }

  @Test
  void capaListsLangInBothStates() {
    Pop3HandlerServer s = server(true);
    assertThat(Fixtures.exchange(s, "CAPA\r\n")).contains("\r\nLANG\r\n");
    Fixtures.exchange(s, "USER mrose\r\nPASS mrosepass\r\n");
    assertThat(Fixtures.exchange(s, "CAPA\r\n")).contains("\r\nLANG\r\n");
    assertThat(Fixtures.exchange(server(false), "CAPA\r\n")).doesNotContain("LANG");
  }

  @Test
  void withoutAnArgumentTheLanguagesAreListed() {
    assertThat(Fixtures.exchange(server(true), "LANG\r\n"))
        .isEqualTo("+OK Language listing follows\r\nen English\r\n.\r\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "EN", "*", "en-US", "en-GB-oxendict", "en-x-private"})
  void rangesWhoseLookupReachesEnglishSucceed(String range) {
    assertThat(Fixtures.exchange(server(true), "LANG " + range + "\r\n")).isEqualTo("+OK en Language is English\r\n");
  }

  @Test
  void anotherLanguageIsRefusedAndTheSessionGoesOnInTransactionToo() {
    Pop3HandlerServer s = server(true);
    assertThat(Fixtures.exchange(s, "LANG es\r\n")).isEqualTo("-ERR en Language not supported\r\n");
    Fixtures.exchange(s, "USER mrose\r\nPASS mrosepass\r\n");
    assertThat(Fixtures.exchange(s, "LANG uga\r\n")).startsWith("-ERR");
    assertThat(Fixtures.exchange(s, "LANG en\r\nSTAT\r\n")).isEqualTo("+OK en Language is English\r\n+OK 2 320\r\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"LANG en us\r\n", "LANG e_n\r\n", "LANG toolonglang\r\n", "LANG -en\r\n"})
  void malformedRangesGetErr(String command) {
    Pop3HandlerServer s = server(true);
    assertThat(Fixtures.exchange(s, command)).isEqualTo("-ERR invalid language range\r\n");
    assertThat(s.isClosed()).isFalse();
  }

  @Test
  void notOfferedMeansUnknown() {
    assertThat(Fixtures.exchange(server(false), "LANG en\r\n")).isEqualTo("-ERR unknown command\r\n");
  }
}
