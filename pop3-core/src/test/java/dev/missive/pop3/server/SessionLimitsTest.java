package dev.missive.pop3.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.pop3.Pop3Response;
import dev.missive.pop3.ResponseCode;
import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Limits and timers (RFC 1939 §3 autologout, RFC 2449 §4 line length; docs/architecture.md, "Limits"), malformed
 * lines, decisions answered later, UTF8 (RFC 6856) and the CAPA listing (RFC 2449 §6).
 */
class SessionLimitsTest {

  private final ManualTime time = new ManualTime();

  private Pop3HandlerServer server(Pop3ServerConfig config) {
    return new Pop3HandlerServer(config, Fixtures.rfcEnvironment(time),
        Fixtures.peer(ConnectionSecurity.TRUSTED), session -> MemoryStore.rfc1939());
  }

  private static ByteBuffer ascii(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void inactivityTimerClosesWithoutUpdate() {
    MemoryStore store = MemoryStore.rfc1939();
    Pop3HandlerServer s = Fixtures.greeted(new Pop3HandlerServer(Fixtures.rfcConfig().build(),
        Fixtures.rfcEnvironment(time),
        Fixtures.peer(ConnectionSecurity.TRUSTED), session -> store));
    Fixtures.exchange(s, "USER mrose\r\nPASS mrosepass\r\nDELE 1\r\n");
    assertThat(s.nextDeadline()).hasValue(time.getAsLong() + Duration.ofMinutes(10).toNanos());
    time.advance(Duration.ofMinutes(9));
    s.onTimeout();
    assertThat(s.isClosed()).isFalse();
    assertThat(Fixtures.exchange(s, "NOOP\r\n")).isEqualTo("+OK\r\n");  // a command restarts the timer
    time.advance(Duration.ofMinutes(10));
    s.onTimeout();
    assertThat(Fixtures.drain(s)).isEqualTo("-ERR autologout: idle for too long\r\n");
    assertThat(s.isClosed()).isTrue();
    assertThat(s.nextDeadline()).isEmpty();
    assertThat(store.maildrops.get("mrose")).hasSize(2);                 // no UPDATE
    assertThat(store.locked).isEmpty();
  }

  /**
   * The handshake after STLS is the host's work, timed by the host (docs/architecture.md, "Deadlines and time"; the
   * transports' handshake deadline, docs/security.md); the engine's inactivity timer starts again once TLS is up.
   */
  @Test
  void theHandshakeIsTimedByTheHostAndTheInactivityTimerRestartsAfterIt() {
    Pop3HandlerServer s = Fixtures.greeted(server(Fixtures.rfcConfig().build()));
    assertThat(Fixtures.exchange(s, "STLS\r\n")).isEqualTo("+OK Begin TLS negotiation\r\n");
    assertThat(s.nextDeadline()).isEmpty();
    time.advance(Duration.ofMinutes(10));
    s.onTimeout();
    assertThat(s.isClosed()).isFalse();
    assertThat(s.hasOutput()).as("no plaintext reply while TLS is pending").isFalse();
    s.streamChanged(dev.missive.wire.TlsInfo.unknown());
    assertThat(s.nextDeadline()).hasValue(time.getAsLong() + Duration.ofMinutes(10).toNanos());
    time.advance(Duration.ofMinutes(10));
    s.onTimeout();
    assertThat(s.isClosed()).isTrue();
  }

  @Test
  void limitsRefuseAnInactivityTimerUnderTenMinutes() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Pop3Limits(255, 12_288, 10, 65_536, 3,
            Duration.ZERO, Duration.ofMinutes(9), 1000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10 minutes");
  }

  @Test
  void anOverlongLineIsRefusedAndFramingStaysInSync() {
    Pop3HandlerServer s = Fixtures.greeted(server(Fixtures.rfcConfig().build()));
    assertThat(Fixtures.exchange(s, "USER " + "x".repeat(300) + "\r\nQUIT\r\n"))
        .isEqualTo("-ERR line too long\r\n+OK dewey POP3 server signing off\r\n");
  }

  @Test
  void aBareLineEndingIsRefusedUnderTheDefaultPolicy() {
    Pop3HandlerServer s = Fixtures.greeted(server(Fixtures.rfcConfig().build()));
    assertThat(Fixtures.exchange(s, "CAPA\nQUIT\r\n"))
        .isEqualTo("-ERR command lines end with CRLF\r\n+OK dewey POP3 server signing off\r\n");
    Pop3HandlerServer lenient = Fixtures.greeted(server(Fixtures.rfcConfig()
        .commandLineEndings(dev.missive.wire.BareLineEndingPolicy.NORMALIZE).build()));
    assertThat(Fixtures.exchange(lenient, "QUIT\n")).isEqualTo("+OK dewey POP3 server signing off\r\n");
  }

  @Test
  void tooManyBadCommandsCloseTheSession() {
    Pop3HandlerServer s = Fixtures.greeted(server(Fixtures.rfcConfig()
        .limits(Pop3Limits.builder().maxBadCommands(3).maxFailedLogins(3).build()).build()));
    assertThat(Fixtures.exchange(s, "XYZZY\r\nSTAT\r\nFOO\r\nNOOP\r\n"))
        .isEqualTo("-ERR unknown command\r\n-ERR STAT is not valid in the AUTHORIZATION state\r\n"
            + "-ERR too many bad commands; closing\r\n");
    assertThat(s.isClosed()).isTrue();
  }

  @Test
  void decisionsMayBeAnsweredLaterWhileInputWaits() {
    Pop3Server s = Fixtures.greeted(new Pop3Server(Fixtures.rfcConfig().build(), Fixtures.rfcEnvironment(time),
        Fixtures.peer(ConnectionSecurity.TRUSTED)));
    ByteBuffer in = ascii("USER mrose\r\nPASS mrosepass\r\nSTAT\r\n");
    s.receive(in);
    assertThat(s.wantsInput()).isFalse();
    assertThat(in.remaining()).isEqualTo("STAT\r\n".length());
    Pop3ServerEvent.LoginRequested login = (Pop3ServerEvent.LoginRequested) s.nextEvent();
    assertThat(login.user()).isEqualTo("mrose");
    assertThat(login.password().matches("mrosepass")).isTrue();
    assertThat(s.nextEvent()).isNull();
    s.accept();                                                        // later, from the host's context
    assertThat(s.nextEvent()).isEqualTo(new Pop3ServerEvent.MaildropOpenRequested("mrose", "mrose"));
    s.reject(Pop3Response.err(ResponseCode.IN_USE, "try later"));
    assertThat(s.wantsInput()).isTrue();
    s.receive(in);
    assertThat(Fixtures.drain(s)).isEqualTo("+OK send PASS\r\n-ERR [IN-USE] try later\r\n"
        + "-ERR STAT is not valid in the AUTHORIZATION state\r\n");
  }

  @Test
  void utf8ModeAllowsUtf8UserNames() {
    MemoryStore store = new MemoryStore().user("jürgen", "pässword", "x\r\n");
    Pop3HandlerServer s = Fixtures.greeted(new Pop3HandlerServer(Fixtures.rfcConfig().build(),
        Fixtures.rfcEnvironment(time),
        Fixtures.peer(ConnectionSecurity.TRUSTED), session -> store));
    assertThat(Fixtures.exchange(s, "USER jürgen\r\n")).isEqualTo("-ERR invalid characters in the arguments\r\n");
    assertThat(Fixtures.exchange(s, "UTF8\r\n")).isEqualTo("+OK UTF8 enabled\r\n");
    s.receive(ascii("USER jürgen\r\nPASS pässword\r\n"));
    assertThat(new String(Fixtures.drain(s).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8))
        .isEqualTo("+OK send PASS\r\n+OK jürgen's maildrop has 1 message (3 octets)\r\n");
  }

  @Test
  void capaListsWhatIsConfiguredInTheRfcsOrder() {
    Pop3HandlerServer s = Fixtures.greeted(server(Fixtures.rfcConfig().implementation("Missive").expire("NEVER")
        .loginDelay(Duration.ofSeconds(900)).build()));
    assertThat(Fixtures.exchange(s, "CAPA\r\n")).isEqualTo("+OK Capability list follows\r\nTOP\r\nUSER\r\n"
        + "RESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\nLOGIN-DELAY 900\r\nEXPIRE NEVER\r\nUIDL\r\nSTLS\r\n"
        + "UTF8 USER\r\nIMPLEMENTATION Missive\r\n.\r\n");
    Fixtures.exchange(s, "USER mrose\r\nPASS mrosepass\r\n");
    assertThat(Fixtures.exchange(s, "CAPA\r\n")).isEqualTo("+OK Capability list follows\r\nTOP\r\n"
        + "RESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\nLOGIN-DELAY 900\r\nEXPIRE NEVER\r\nUIDL\r\n"
        + "IMPLEMENTATION Missive\r\n.\r\n");
  }

  @Test
  void withoutApopTheGreetingHasNoTimestampAndApopIsRefused() {
    Pop3HandlerServer s = server(Fixtures.rfcConfig().apopTimestamps(null).build());
    assertThat(Fixtures.drain(s)).isEqualTo("+OK POP3 server ready\r\n");
    assertThat(Fixtures.exchange(s, "APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n"))
        .isEqualTo("-ERR APOP is not available\r\n");
  }

  @Test
  void aMaildropOverTheLimitIsRefusedAndItsLockReleased() {
    MemoryStore store = MemoryStore.rfc1939();
    Pop3Limits one = new Pop3Limits(255, 12_288, 10, 65_536, 3, Duration.ZERO, Duration.ofMinutes(10), 1);
    Pop3HandlerServer s = Fixtures.greeted(new Pop3HandlerServer(Fixtures.rfcConfig().limits(one).build(),
        Fixtures.rfcEnvironment(time), Fixtures.peer(ConnectionSecurity.TRUSTED), session -> store));
    assertThat(Fixtures.exchange(s, "USER mrose\r\nPASS mrosepass\r\n"))
        .endsWith("-ERR [SYS/PERM] maildrop is too large for this server\r\n");
    assertThat(s.isClosed()).isTrue();
    assertThat(store.locked).isEmpty();
  }

  @Test
  void hostAnswersAfterTheConnectionWasLostAreIgnored() {
    Pop3Server s = new Pop3Server(Fixtures.rfcConfig().build(), Fixtures.rfcEnvironment(time),
        Fixtures.peer(ConnectionSecurity.TRUSTED));
    s.receive(ascii("USER mrose\r\nPASS mrosepass\r\n"));
    s.receiveEnd();
    s.accept();
    s.maildropOpened(List.of());
    assertThat(s.isClosed()).isTrue();
  }

  @Test
  void limitsBuildFromAPresetAndAreValidatedTogether() {
    assertThat(Pop3Limits.builder().build()).isEqualTo(Pop3Limits.DEFAULT);
    assertThat(Pop3Limits.STRICT.toBuilder().build()).isEqualTo(Pop3Limits.STRICT);
    Pop3Limits l = Pop3Limits.PERMISSIVE.toBuilder().maxFailedLogins(1).maxMessages(0).build();
    assertThat(l.maxFailedLogins()).isEqualTo(1);
    assertThat(l.maxMessages()).isZero();
    assertThat(l.maxCommandLineLength()).isEqualTo(Pop3Limits.PERMISSIVE.maxCommandLineLength());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Pop3Limits.builder().maxAuthResponseLength(100).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAuthResponseLength");
  }
}
