package dev.missive.pop3.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The synchronisation check (docs/architecture.md) for POP3: bytes that arrive before the greeting was drained are a
 * synchronisation error
 * (the client did not wait for the server, RFC 1939 §4: the session starts with the server's greeting), defined by
 * the {@code receive}/{@code drainOutput} interleaving and driven explicitly here.
 */
class SynchronizationCheckTest {

  private static Pop3Server server(boolean check) {
    return new Pop3Server(Fixtures.rfcConfig().synchronizationCheck(check).build(),
        Fixtures.rfcEnvironment(new ManualTime()), Fixtures.peer(ConnectionSecurity.TRUSTED));
  }

  private static void feed(Pop3Server s, String text) {
    s.receive(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void aClientThatTalksBeforeTheGreetingWasDrainedIsDisconnected() {
    Pop3Server s = server(true);
    feed(s, "USER mrose\r\nPASS mrosepass\r\n");
    assertThat(s.isClosed()).isTrue();
    assertThat(s.nextEvent()).isEqualTo(
        new Pop3ServerEvent.ProtocolViolation("client sent data before the greeting"));
    assertThat(s.nextEvent()).isEqualTo(new Pop3ServerEvent.SessionEnded(Pop3State.AUTHORIZATION, false));
    assertThat(Fixtures.drain(s)).isEqualTo("+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n"
        + "-ERR protocol synchronization error: data before the greeting\r\n");
  }

  @Test
  void aGreetingDrainedOnlyInPartStillCountsAsNotDrained() {
    Pop3Server s = server(true);
    ByteBuffer part = ByteBuffer.allocate(10);
    s.drainOutput(part);
    feed(s, "CAPA\r\n");
    assertThat(s.isClosed()).isTrue();
  }

  @Test
  void aClientThatWaitsForTheGreetingIsServed() {
    Pop3Server s = Fixtures.greeted(server(true));
    assertThat(Fixtures.exchange(s, "USER mrose\r\n")).isEqualTo("+OK send PASS\r\n");
    assertThat(s.isClosed()).isFalse();
  }

  @Test
  void anEmptyReceiveBeforeTheGreetingIsNoError() {
    Pop3Server s = server(true);
    s.receive(ByteBuffer.allocate(0));
    assertThat(s.isClosed()).isFalse();
  }

  @Test
  void theCheckCanBeTurnedOff() {
    Pop3Server s = server(false);
    feed(s, "USER mrose\r\n");
    assertThat(s.isClosed()).isFalse();
    assertThat(Fixtures.drain(s)).endsWith("+OK send PASS\r\n");
  }
}
