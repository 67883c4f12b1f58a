package dev.missive.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.wire.ConnectionSecurity;
import org.junit.jupiter.api.Test;

/**
 * What an {@link ImapHandlerServer} offers (RFC 9051 §6.1.1): the extensions it implements over any store always, and
 * CONDSTORE, QRESYNC (RFC 7162 §3.1, §3.2) and COMPRESS=DEFLATE (RFC 4978) only when the host's capability list names
 * them — a store without mod-sequences, or a transport that cannot compress, is not offered them.
 */
class HandlerCapabilitiesTest {

  private static String capabilities(ImapServerConfig config) {
    ImapHandlerServer s = Sessions.handler(Sessions.store(), config, ConnectionSecurity.TRUSTED);
    Sessions.drain(s);
    return Sessions.exchange(s, "c CAPABILITY\r\n");
  }

  @Test
  void condstoreAndQresyncOnlyWhenTheHostNamesThem() {
    assertThat(capabilities(Sessions.config().build())).contains(" UIDPLUS ", " BINARY")
        .doesNotContain("CONDSTORE").doesNotContain("QRESYNC").doesNotContain("COMPRESS");
    assertThat(capabilities(Sessions.config().hostCapabilities("CONDSTORE").build())).contains(" CONDSTORE")
        .doesNotContain("QRESYNC");
    assertThat(capabilities(Sessions.config().hostCapabilities("CONDSTORE", "QRESYNC",
        ImapServerConfig.COMPRESS_DEFLATE).build())).contains(" CONDSTORE", " QRESYNC", " COMPRESS=DEFLATE");
  }

  @Test
  void whatIsNotOfferedCannotBeEnabled() {
    ImapHandlerServer s = Sessions.handler(Sessions.store(), Sessions.config().build(), ConnectionSecurity.TRUSTED);
    Sessions.drain(s);
    Sessions.exchange(s, "a LOGIN alice secret\r\n");
    // RFC 5161 §3.1: ENABLE answers only what it enabled
    assertThat(Sessions.exchange(s, "e ENABLE CONDSTORE QRESYNC\r\n")).isEqualTo("* ENABLED\r\ne OK ENABLE completed\r\n");
    assertThat(s.engine().isCondstoreEnabled()).isFalse();
    assertThat(s.engine().isQresyncEnabled()).isFalse();
  }
}
