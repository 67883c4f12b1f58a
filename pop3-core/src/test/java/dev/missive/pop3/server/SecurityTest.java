package dev.missive.pop3.server;

import dev.missive.pop3.Password;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.pop3.ResponseCode;
import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.TlsInfo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The POP3 and STLS entries of docs/security.md, server side, one or more tests each: "Commands injected before the
 * handshake" (7), "Logins before TLS" (10), "Clients that never read" (18a), "Secrets" (18b), "Locked maildrops"
 * (22), "Stored messages that look like protocol" (23), "Unique ids from storage" (24), "Password guessing" (25),
 * "Bad message numbers" (26).
 */
class SecurityTest {

  private final ManualTime time = new ManualTime();

  private Pop3HandlerServer server(MemoryStore store, ConnectionSecurity security) {
    return new Pop3HandlerServer(Fixtures.rfcConfig().build(), Fixtures.rfcEnvironment(time),
        Fixtures.peer(security), session -> store);
  }

  private static ByteBuffer ascii(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
  }

  // ---- item 7: STLS\r\nUSER x\r\n in one segment, or in separate receive calls before the handshake

  @Test
  void item7BytesAfterStlsInTheSameSegmentAreDiscarded() {
    Pop3HandlerServer s = Fixtures.greeted(server(MemoryStore.rfc1939(), ConnectionSecurity.PLAINTEXT));
    ByteBuffer in = ascii("STLS\r\nUSER mrose\r\nPASS mrosepass\r\n");
    s.receive(in);
    assertThat(Fixtures.drain(s)).isEqualTo("+OK Begin TLS negotiation\r\n");
    assertThat(s.pendingStreamChange().isPresent()).isTrue();
    s.receive(ascii("USER mrose\r\n")); // a later receive before the handshake: also discarded
    assertThat(s.hasOutput()).isFalse();
    s.streamChanged(TlsInfo.unknown());
    // nothing ran: PASS now has no USER before it, and the session is in a fresh AUTHORIZATION state
    assertThat(Fixtures.exchange(s, "PASS mrosepass\r\n")).isEqualTo("-ERR USER first\r\n");
    assertThat(Fixtures.exchange(s, "USER mrose\r\nPASS mrosepass\r\n")).contains("+OK mrose's maildrop");
  }

  @Test
  void item7AsATranscriptWhateverTheSplits() {
    dev.missive.testkit.ChunkingCheck.of(Fixtures.transcript("pop3/server/rfc2595-stls-injection.txt"),
        dev.missive.testkit.Side.SERVER,
        () -> Fixtures.hosted(MemoryStore.rfc1939(), Fixtures.rfcConfig().build(), ConnectionSecurity.PLAINTEXT))
        .assertIndependent(10);
  }

  @Test
  void item7APartialLineBeforeStlsIsForgotten() {
    Pop3HandlerServer s = Fixtures.greeted(server(MemoryStore.rfc1939(), ConnectionSecurity.PLAINTEXT));
    s.receive(ascii("STLS\r\nUSE"));
    Fixtures.drain(s);
    s.streamChanged(TlsInfo.unknown());
    assertThat(Fixtures.exchange(s, "R mrose\r\n")).startsWith("-ERR");
  }

  @Test
  void item9StlsIsNotOfferedOrAcceptedUnderTls() {
    Pop3HandlerServer s = Fixtures.greeted(server(MemoryStore.rfc1939(), ConnectionSecurity.IMPLICIT_TLS));
    assertThat(Fixtures.exchange(s, "CAPA\r\n")).doesNotContain("STLS").contains("\r\nUSER\r\n");
    assertThat(Fixtures.exchange(s, "STLS\r\n")).isEqualTo("-ERR TLS is already active\r\n");
  }

  // ---- item 10: plaintext logins before STLS

  @Test
  void item10UserBeforeStlsIsRefusedWithAuthCodeAndHiddenFromCapa() {
    Pop3HandlerServer s = Fixtures.greeted(server(MemoryStore.rfc1939(), ConnectionSecurity.PLAINTEXT));
    String capa = Fixtures.exchange(s, "CAPA\r\n");
    assertThat(capa).contains("\r\nSTLS\r\n").doesNotContain("\r\nUSER\r\n");
    assertThat(Fixtures.exchange(s, "USER mrose\r\n")).startsWith("-ERR [AUTH] ");
    assertThat(Fixtures.exchange(s, "PASS mrosepass\r\n")).startsWith("-ERR [AUTH] ");
    assertThat(Fixtures.exchange(s, "APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n")).startsWith("-ERR [AUTH] ");
    assertThat(s.session().state()).isEqualTo(Pop3State.AUTHORIZATION);
    // after STLS the same login works and USER is listed
    Fixtures.exchange(s, "STLS\r\n");
    s.streamChanged(TlsInfo.unknown());
    assertThat(Fixtures.exchange(s, "CAPA\r\n")).contains("\r\nUSER\r\n").doesNotContain("STLS");
    assertThat(Fixtures.exchange(s, "USER mrose\r\nPASS mrosepass\r\n")).contains("+OK mrose's maildrop");
  }

  @Test
  void item10TrustedConnectionAllowsPlaintextLogin() {
    Pop3HandlerServer s = Fixtures.greeted(server(MemoryStore.rfc1939(), ConnectionSecurity.TRUSTED));
    assertThat(Fixtures.exchange(s, "CAPA\r\n")).contains("\r\nUSER\r\n").contains("\r\nSTLS\r\n");
    assertThat(Fixtures.exchange(s, "USER mrose\r\nPASS mrosepass\r\n")).contains("+OK mrose's maildrop");
  }

  // ---- item 18a: pipelined commands without reading replies

  @Test
  void item18aPipelinedNoopsStopBeingConsumedAndNothingIsLost() {
    Pop3HandlerServer s = Fixtures.greeted(server(MemoryStore.rfc1939(), ConnectionSecurity.TRUSTED));
    Fixtures.exchange(s, "USER mrose\r\nPASS mrosepass\r\n");
    int count = 100_000;
    ByteBuffer in = ascii("NOOP\r\n".repeat(count));
    s.receive(in);
    assertThat(in.hasRemaining()).isTrue();            // stopped consuming: output over its limit
    assertThat(s.wantsInput()).isFalse();
    long drained = 0;
    int maxRound = 0;
    while (in.hasRemaining() || s.hasOutput()) {
      int round = Fixtures.drain(s).length();   // everything queued since the last drain
      drained += round;
      maxRound = Math.max(maxRound, round);
      if (s.wantsInput() && in.hasRemaining()) {
        s.receive(in);
      }
    }
    assertThat(drained).isEqualTo(count * "+OK\r\n".length());  // one reply per command, none lost
    assertThat(maxRound).isLessThanOrEqualTo(Pop3Limits.DEFAULT.outputSoftLimit() + 64); // memory bounded
  }

  // ---- item 18b: secrets never in toString, compared in constant time

  @Test
  void item18bSecretsNeverAppearInToString() {
    Pop3Server s = new Pop3Server(Fixtures.rfcConfig().build(), Fixtures.rfcEnvironment(time),
        Fixtures.peer(ConnectionSecurity.TRUSTED));
    s.receive(ascii("USER mrose\r\nPASS hunter2-secret\r\n"));
    List<String> shown = new ArrayList<>();
    for (Pop3ServerEvent e; (e = s.nextEvent()) != null; ) {
      shown.add(e.toString());
    }
    assertThat(shown).isNotEmpty().allSatisfy(t -> assertThat(t).doesNotContain("hunter2"));
    assertThat(Password.of("hunter2-secret").toString()).doesNotContain("hunter2");
    assertThat(Password.of("hunter2-secret").matches("hunter2-secret")).isTrue();
    assertThat(Password.of("hunter2-secret").matches("hunter2-secreT")).isFalse();
  }

  // ---- item 22: a second session on a locked maildrop

  @Test
  void item22SecondSessionGetsInUseAndTheFirstIsUnharmed() {
    MemoryStore store = MemoryStore.rfc1939();
    Pop3HandlerServer first = server(store, ConnectionSecurity.TRUSTED);
    Pop3HandlerServer second = server(store, ConnectionSecurity.TRUSTED);
    Fixtures.drain(first);
    Fixtures.drain(second);
    assertThat(Fixtures.exchange(first, "USER mrose\r\nPASS mrosepass\r\n")).contains("+OK mrose's maildrop");
    assertThat(Fixtures.exchange(second, "USER mrose\r\nPASS mrosepass\r\n"))
        .endsWith("-ERR [IN-USE] maildrop is locked by another session\r\n");
    assertThat(second.session().state()).isEqualTo(Pop3State.AUTHORIZATION);
    Fixtures.exchange(second, "QUIT\r\n");
    assertThat(store.locked).containsExactly("mrose");             // the second session's end released nothing
    assertThat(Fixtures.exchange(first, "STAT\r\n")).isEqualTo("+OK 2 320\r\n");
    Fixtures.exchange(first, "QUIT\r\n");
    assertThat(store.locked).isEmpty();
  }

  // ---- item 23: bare LF and dot lines in storage

  @Test
  void item23StoredBareLineEndingsAndDotsGoOutCanonicalAndStuffed() {
    MemoryStore store = new MemoryStore().user("u", "p", "Subject: x\n\nline\n.\n.hidden\nQUIT\r.\rend");
    Pop3HandlerServer s = Fixtures.greeted(server(store, ConnectionSecurity.TRUSTED));
    Fixtures.exchange(s, "USER u\r\nPASS p\r\n");
    String size = Long.toString(MemoryStore.canonicalSize(store.maildrops.get("u").get(0).bytes()));
    assertThat(Fixtures.exchange(s, "RETR 1\r\n")).isEqualTo("+OK " + size + " octets\r\n"
        + "Subject: x\r\n\r\nline\r\n..\r\n..hidden\r\nQUIT\r\n..\r\nend\r\n.\r\n");
    assertThat(Fixtures.exchange(s, "TOP 1 2\r\n")).isEqualTo("+OK top of message follows\r\n"
        + "Subject: x\r\n\r\nline\r\n..\r\n.\r\n");
  }

  // ---- item 24: invalid unique ids from storage

  @ParameterizedTest
  @ValueSource(strings = {"has space", "cr\rlf", "lf\nx", "", "\u00e9t\u00e9",
      "0123456789012345678901234567890123456789012345678901234567890123456789X", "tab\there", "del\u007f"})
  void item24InvalidUniqueIdsAreNeverWritten(String badId) {
    MemoryStore store = MemoryStore.rfc1939().uniqueIds("mrose", "good-id", badId);
    Pop3HandlerServer s = Fixtures.greeted(server(store, ConnectionSecurity.TRUSTED));
    Fixtures.exchange(s, "USER mrose\r\nPASS mrosepass\r\n");
    assertThat(Fixtures.exchange(s, "UIDL\r\n")).isEqualTo("-ERR [SYS/PERM] unique ids are not available\r\n");
    assertThat(Fixtures.exchange(s, "UIDL 2\r\n")).startsWith("-ERR [SYS/PERM]");
    assertThat(Fixtures.exchange(s, "UIDL 1\r\n")).isEqualTo("+OK 1 good-id\r\n");
    // once the bad message is deleted, the listing has only valid ids
    assertThat(Fixtures.exchange(s, "DELE 2\r\nUIDL\r\n")).endsWith("+OK\r\n1 good-id\r\n.\r\n");
  }

  @Test
  void item24UniqueIdRecordRefusesWhatCannotBeWritten() {
    assertThat(dev.missive.pop3.UniqueId.isValid("QhdPYR:00WBw1Ph7x7")).isTrue();
    assertThat(dev.missive.pop3.UniqueId.isValid("x".repeat(70))).isTrue();
    assertThat(dev.missive.pop3.UniqueId.isValid("x".repeat(71))).isFalse();
    assertThat(dev.missive.pop3.UniqueId.isValid("a b")).isFalse();
    assertThat(dev.missive.pop3.UniqueId.isValid("\u010a")).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new dev.missive.pop3.UniqueId("a\r\nb"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- item 25: repeated wrong passwords; APOP timestamp

  @Test
  void item25FailedLoginsAreDelayedThroughTheDeadlineAndTheSessionClosesAfterN() {
    Pop3ServerConfig config = Fixtures.rfcConfig()
        .limits(Pop3Limits.builder().failedLoginDelay(Duration.ofSeconds(3)).maxFailedLogins(3).build()).build();
    Pop3Server s = Fixtures.greeted(new Pop3Server(config, Fixtures.rfcEnvironment(time),
        Fixtures.peer(ConnectionSecurity.TRUSTED)));
    for (int attempt = 1; attempt <= 3; attempt++) {
      s.receive(ascii("USER mrose\r\nPASS wrong" + attempt + "\r\n"));
      assertThat(s.nextEvent()).isInstanceOf(Pop3ServerEvent.LoginRequested.class);
      s.reject();
      assertThat(s.nextEvent()).isEqualTo(new Pop3ServerEvent.LoginFailed("mrose", attempt, Duration.ofSeconds(3)));
      assertThat(Fixtures.drain(s)).isEqualTo("+OK send PASS\r\n");  // the -ERR is held back
      assertThat(s.wantsInput()).isFalse();
      assertThat(s.nextDeadline()).hasValue(time.getAsLong() + Duration.ofSeconds(3).toNanos());
      time.advance(Duration.ofSeconds(2));
      s.onTimeout();                                                 // early: nothing happens
      assertThat(s.hasOutput()).isFalse();
      time.advance(Duration.ofSeconds(1));
      s.onTimeout();
      String reply = Fixtures.drain(s);
      if (attempt < 3) {
        assertThat(reply).isEqualTo("-ERR [AUTH] invalid user name or password\r\n");
        assertThat(s.wantsInput()).isTrue();
      } else {
        assertThat(reply).isEqualTo("-ERR [AUTH] too many failed logins\r\n");
        assertThat(s.isClosed()).isTrue();
      }
    }
  }

  @Test
  void item25ApopBannerTimestampIsAProperMsgId() {
    Pop3Server s = new Pop3Server(Pop3ServerConfig.builder().hostname("mail.example.org").apop(true).build(),
        time.environment(), Fixtures.peer(ConnectionSecurity.PLAINTEXT));
    String greeting = Fixtures.drain(s);
    assertThat(greeting).matches("\\+OK POP3 server ready <[0-9]+\\.[0-9]+@mail\\.example\\.org>\r\n");
    assertThat(Pop3ServerConfig.isValidApopTimestamp(s.apopTimestamp())).isTrue();
    assertThat(Pop3ServerConfig.isValidApopTimestamp("<no-at-sign>")).isFalse();
    assertThat(Pop3ServerConfig.isValidApopTimestamp("<a@b> <c@d>")).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Pop3Server(
            Pop3ServerConfig.builder().hostname("x").apopTimestamps(env -> "<bad\r\n@x>").build(),
            time.environment(), Fixtures.peer(ConnectionSecurity.PLAINTEXT)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void item25ApopWithAWrongDigestFailsLikeAWrongPassword() {
    Pop3HandlerServer s = Fixtures.greeted(server(MemoryStore.rfc1939(), ConnectionSecurity.TRUSTED));
    assertThat(Fixtures.exchange(s, "APOP mrose c4c9334bac560ecc979e58001b3e22fc\r\n"))
        .isEqualTo("-ERR [AUTH] invalid user name or password\r\n");
    assertThat(Fixtures.exchange(s, "APOP nobody c4c9334bac560ecc979e58001b3e22fb\r\n"))
        .isEqualTo("-ERR [AUTH] invalid user name or password\r\n");
    assertThat(Fixtures.exchange(s, "APOP mrose C4C9334BAC560ECC979E58001B3E22FB\r\n"))
        .startsWith("+OK mrose's maildrop");
  }

  // ---- item 26: message numbers

  @ParameterizedTest
  @ValueSource(strings = {"RETR 0", "RETR -1", "RETR 3", "RETR 99999999999999999999", "RETR 2147483648",
      "RETR abc", "RETR 1x", "RETR +1", "RETR", "RETR 1 2", "RETR  1", "DELE 0", "DELE -5", "DELE 4294967297",
      "LIST 0", "LIST x", "UIDL -1", "UIDL 99999999999", "TOP 0 1", "TOP 1 -1", "TOP 1", "TOP 1 x", "TOP x 1",
      "TOP 3 0", "DELE 1\r\nRETR 1", "DELE 1\r\nDELE 1", "DELE 1\r\nLIST 1", "DELE 1\r\nTOP 1 0",
      "DELE 1\r\nUIDL 1"})
  void item26BadMessageNumbersGetErrNeverAnException(String commands) {
    Pop3HandlerServer s = Fixtures.greeted(server(MemoryStore.rfc1939(), ConnectionSecurity.TRUSTED));
    Fixtures.exchange(s, "USER mrose\r\nPASS mrosepass\r\n");
    String out = Fixtures.exchange(s, commands + "\r\n");
    String[] lines = out.split("\r\n");
    assertThat(lines[lines.length - 1]).startsWith("-ERR ");
    assertThat(s.session().state()).isEqualTo(Pop3State.TRANSACTION);
    assertThat(Fixtures.exchange(s, "NOOP\r\n")).isEqualTo("+OK\r\n");
  }

  @Test
  void responseCodesAreTheRfcOnes() {
    assertThat(ResponseCode.IN_USE.toString()).isEqualTo("[IN-USE]");
    assertThat(ResponseCode.SYS_TEMP.toString()).isEqualTo("[SYS/TEMP]");
    assertThat(ResponseCode.isValid("SYS/")).isFalse();
    assertThat(ResponseCode.isValid("A]B")).isFalse();
  }
}
