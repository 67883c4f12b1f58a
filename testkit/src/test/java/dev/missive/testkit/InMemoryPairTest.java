package dev.missive.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryPairTest {

  private static InMemoryPair<ToyClient, ToyServer> pair(List<String> script) {
    ManualTime time = new ManualTime();
    return new InMemoryPair<>(HostedEngine.of(new ToyClient(script), ToyHosts.client()),
        HostedEngine.of(new ToyServer(time.environment()), ToyHosts.server(true)), time);
  }

  @Test
  void drivesASessionWithStarttlsToTheEnd() {
    InMemoryPair<ToyClient, ToyServer> p = pair(List.of("ECHO hi", "DECIDE x", "STARTTLS", "ECHO secret", "QUIT"));
    p.drive();
    assertThat(p.clientLog().entries()).containsExactly("+OK toy ready", "+OK hi", "+OK accepted x",
        "+OK begin TLS", "+OK secret", "+OK bye");
    assertThat(p.serverLog().entries()).containsExactly("decide x", "tls unknown");
    assertThat(p.tlsHandshakes()).isEqualTo(1);
    assertThat(p.droppedAtTls()).isZero();
    assertThat(p.client().isClosed()).isTrue();
    assertThat(p.server().isClosed()).isTrue();
    assertThat(p.server().tlsActive()).isTrue();
    assertThat(p.conversation()).isEqualTo("""
        S: +OK toy ready
        C: ECHO hi
        S: +OK hi
        C: DECIDE x
        S: +OK accepted x
        C: STARTTLS
        S: +OK begin TLS
        -- tls --
        C: ECHO secret
        S: +OK secret
        C: QUIT
        S: +OK bye
        """);
  }

  @Test
  void idleTimeoutFiresOnlyWhenTimeAdvances() {
    InMemoryPair<ToyClient, ToyServer> p = pair(List.of());
    p.drive();
    assertThat(p.server().isClosed()).isFalse();
    p.advance(Duration.ofSeconds(59));
    assertThat(p.server().isClosed()).isFalse();
    p.advance(Duration.ofSeconds(1));
    assertThat(p.server().isClosed()).isTrue();
    assertThat(p.clientLog().entries()).containsExactly("+OK toy ready", "-ERR idle timeout");
    assertThat(p.client().isClosed()).as("the client is told the server closed").isTrue();
    assertThat(p.conversation()).endsWith("S: -ERR idle timeout\n-- S closes --\n");
    assertThat(p.advanceToNextDeadline()).isFalse();
  }

  @Test
  void advanceToNextDeadlineJumpsToIt() {
    InMemoryPair<ToyClient, ToyServer> p = pair(List.of());
    p.drive();
    assertThat(p.advanceToNextDeadline()).isTrue();
    assertThat(p.time().elapsed()).isEqualTo(Duration.ofMinutes(1));
    assertThat(p.server().isClosed()).isTrue();
  }

  @Test
  void aBareCarriageReturnIsShownEscaped() {
    ManualTime time = new ManualTime();
    InMemoryPair<ToyClient, ToyServer> p = new InMemoryPair<>(
        HostedEngine.of(new ToyClient(List.of("ECHO a\rb")), ToyHosts.client()),
        HostedEngine.of(new ToyServer(time.environment()), ToyHosts.server(true)), time);
    p.drive();
    assertThat(p.conversation()).contains("C: ECHO a\\rb\n").contains("S: -ERR bare line ending\n");
  }

  @Test
  void bytesWithoutCrlfAreShownAsRawLines() {
    dev.missive.testkit.internal.Conversation c = new dev.missive.testkit.internal.Conversation();
    c.record('C', java.nio.ByteBuffer.wrap("DATA\r\npart".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    assertThat(c.render()).isEqualTo("C: DATA\nC! part\n");
    c.record('S', java.nio.ByteBuffer.wrap("+OK\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    assertThat(c.render()).isEqualTo("C: DATA\nC! part\nS: +OK\n");
  }
}
