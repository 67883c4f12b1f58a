package dev.missive.pop3.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.sasl.Authentication;
import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.TlsInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The read-only session a handler is made from: peer, TLS, who logged in (and how), state. */
class SessionViewTest {

  private final List<Pop3Session> made = new ArrayList<>();

  private Pop3HandlerServer server(ConnectionSecurity security) {
    return Fixtures.greeted(new Pop3HandlerServer(Fixtures.rfcConfig().build(),
        Fixtures.rfcEnvironment(new ManualTime()), Fixtures.peer(security), session -> {
          made.add(session);
          return MemoryStore.rfc1939();
        }));
  }

  @Test
  void theHandlerIsMadeFromTheSessionWhichShowsTheLoginAndTheState() {
    Pop3HandlerServer s = server(ConnectionSecurity.TRUSTED);
    assertThat(made).hasSize(1);
    Pop3Session session = made.get(0);
    assertThat(session).isSameAs(s.session());
    assertThat(session.peer().sessionId()).isEqualTo("pop3-test");
    assertThat(session.state()).isEqualTo(Pop3State.AUTHORIZATION);
    assertThat(session.authentication()).isEmpty();
    assertThat(session.tlsActive()).isFalse();
    Fixtures.exchange(s, "USER mrose\r\nPASS mrosepass\r\n");
    assertThat(session.state()).isEqualTo(Pop3State.TRANSACTION);
    assertThat(session.authentication()).contains(new Authentication("USER", "mrose", "mrose"));
  }

  @Test
  void apopLoginsAndTlsAfterStlsAreShown() {
    Pop3HandlerServer s = server(ConnectionSecurity.PLAINTEXT);
    assertThat(Fixtures.exchange(s, "STLS\r\n")).isEqualTo("+OK Begin TLS negotiation\r\n");
    TlsInfo tls = new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256");
    s.streamChanged(tls);
    assertThat(s.session().tls()).contains(tls);
    assertThat(s.session().tlsActive()).isTrue();
    // RFC 1939 §7's APOP example digest is over the greeting's timestamp, which the RFC environment reproduces
    assertThat(Fixtures.exchange(s, "APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n")).startsWith("+OK mrose's");
    assertThat(s.session().authentication()).contains(new Authentication("APOP", "mrose", "mrose"));
    assertThat(s.session().toString()).contains("pop3-test", "TRANSACTION", "TLS", "APOP");
  }

  @Test
  void aHandlerFunctionThatGivesNoHandlerIsRefused() {
    assertThatThrownBy(() -> new Pop3HandlerServer(Fixtures.rfcConfig().build(),
        Fixtures.rfcEnvironment(new ManualTime()), Fixtures.peer(ConnectionSecurity.TRUSTED), session -> null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("returned null");
  }

  @Test
  void theConfigurationNeedsAHostNameAndRoundTripsThroughItsBuilder() {
    assertThatThrownBy(() -> Pop3ServerConfig.builder().build()).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("hostname");
    Pop3ServerConfig config = Fixtures.rfcConfig().lang(true).apopTimestamps(null).build();
    assertThat(config.toBuilder().build()).isEqualTo(config);
    assertThat(config.apopTimestamps()).isNull();
    assertThat(Pop3ServerConfig.builder().hostname("h").build().apopTimestamps()).isNull();
    assertThat(Pop3ServerConfig.builder().hostname("h").apop(true).build().apopTimestamps()).isNotNull();
    assertThat(Pop3ServerConfig.builder().hostname("h").apop(true).apop(false).build().apopTimestamps()).isNull();
  }

  /**
   * RFC 1939 §7: the greeting's timestamp announces APOP, and clients such as curl then log in with APOP alone. With
   * the default configuration a handler that has no APOP secrets ({@link Pop3Handler#apopSecret}'s default) is
   * not announced as answering APOP: no timestamp, APOP refused as not offered, USER/PASS works.
   */
  @Test
  void theDefaultConfigurationDoesNotAnnounceApop() {
    Pop3Handler noApop = new Pop3Handler() {
      @Override
      public boolean login(String user, dev.missive.pop3.Password password) {
        return MemoryStore.rfc1939().login(user, password);
      }

      @Override
      public dev.missive.pop3.Maildrop open(String user) throws dev.missive.pop3.MaildropLockedException {
        return MemoryStore.rfc1939().open(user);
      }
    };
    Pop3HandlerServer s = new Pop3HandlerServer(Pop3ServerConfig.builder().hostname("dewey").build(),
        Fixtures.rfcEnvironment(new ManualTime()), Fixtures.peer(ConnectionSecurity.TRUSTED), session -> noApop);
    assertThat(Fixtures.drain(s)).isEqualTo("+OK POP3 server ready\r\n");
    assertThat(Fixtures.exchange(s, "APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n"))
        .isEqualTo("-ERR APOP is not available\r\n");
    assertThat(Fixtures.exchange(s, "USER mrose\r\nPASS mrosepass\r\n")).contains("+OK mrose's maildrop");
  }

  /** {@link Pop3ServerConfig.Builder#apop(boolean)} offers APOP with the standard timestamp over the host name. */
  @Test
  void apopOnAnnouncesTheStandardTimestamp() {
    Pop3HandlerServer s = new Pop3HandlerServer(Pop3ServerConfig.builder().hostname("dewey").apop(true).build(),
        Fixtures.rfcEnvironment(new ManualTime()), Fixtures.peer(ConnectionSecurity.TRUSTED),
        session -> MemoryStore.rfc1939());
    assertThat(Fixtures.drain(s)).matches("\\+OK POP3 server ready <\\d+\\.\\d+@dewey>\r\n");
  }
}
