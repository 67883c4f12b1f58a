package dev.missive.pop3.pop2;

import static dev.missive.pop3.pop2.Pop2Fixtures.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.pop3.MaildropEntry;
import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.ProtocolEngine.Status;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The raw POP2 server under hostile or broken input, and a host whose storage misreports sizes. */
class Pop2ServerSecurityTest {

  private final ManualTime time = new ManualTime();
  private final List<Pop2ServerEvent> events = new ArrayList<>();

  private Pop2Server server(Pop2Limits limits, ConnectionSecurity security) {
    return new Pop2Server(new Pop2ServerConfig("pop2.example", limits), time.environment(3),
        Pop2Fixtures.peer(security));
  }

  private Pop2Server greeted(Pop2Limits limits) {
    Pop2Server s = server(limits, ConnectionSecurity.TRUSTED);
    assertThat(drain(s)).isEqualTo("+ POP2 pop2.example server ready\r\n");
    return s;
  }

  /** Logs in as ann with a folder of {@code sizes}, the host accepting. */
  private Pop2Server loggedIn(Pop2Limits limits, long... sizes) {
    Pop2Server s = greeted(limits);
    s.receive(bytes("HELO ann pw\r\n"));
    take(s);
    s.accept();
    take(s);
    List<MaildropEntry> listing = new ArrayList<>();
    for (long size : sizes) {
      listing.add(new MaildropEntry(size, null));
    }
    s.opened(listing);
    drain(s);
    return s;
  }

  private void take(Pop2Server s) {
    for (Pop2ServerEvent e; (e = s.nextEvent()) != null; ) {
      events.add(e);
    }
  }

  /** Takes the events, feeds {@code text} whole, takes the events again and returns the output. */
  private String exchange(Pop2Server s, String text) {
    take(s);
    String out = Pop2Fixtures.exchange(s, text);
    take(s);
    return out + drain(s);
  }

  private static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void aPlaintextConnectionGetsTheNegativeReplyAndNoGreeting() {
    Pop2Server s = server(Pop2Fixtures.NO_DELAY, ConnectionSecurity.PLAINTEXT);
    assertThat(drain(s)).startsWith("- ").doesNotContain("POP2 pop2.example");
    assertThat(s.status()).isEqualTo(Status.CLOSED);
  }

  @Test
  void implicitTlsIsServed() {
    assertThat(drain(server(Pop2Fixtures.NO_DELAY, ConnectionSecurity.IMPLICIT_TLS))).startsWith("+ POP2 ");
  }

  @Test
  void dataBeforeTheGreetingEndsTheSession() {
    Pop2Server s = server(Pop2Fixtures.NO_DELAY, ConnectionSecurity.TRUSTED);
    s.receive(bytes("HELO ann pw\r\n"));
    take(s);
    assertThat(drain(s)).endsWith("- protocol synchronization error: data before the greeting\r\n");
    assertThat(s.isClosed()).isTrue();
    assertThat(events).noneMatch(e -> e instanceof Pop2ServerEvent.LoginRequested);
  }

  @Test
  void aLineOverTheLimitIsNeverBufferedAndEndsTheSession() {
    Pop2Server s = greeted(Pop2Fixtures.NO_DELAY);
    assertThat(exchange(s, "HELO " + "a".repeat(600) + " pw\r\n")).isEqualTo("- command line too long\r\n");
    assertThat(s.isClosed()).isTrue();
  }

  @Test
  void badCommandsAreCountedAgainstTheLimit() {
    Pop2Server s = greeted(Pop2Fixtures.NO_DELAY.toBuilder().maxBadCommands(3).build());
    assertThat(exchange(s, "NOOP\r\n")).isEqualTo("- unknown command\r\n");
    assertThat(exchange(s, "READ\r\n")).isEqualTo("- command out of sequence\r\n");
    assertThat(s.isClosed()).isFalse();
    assertThat(exchange(s, "HELO ann\u0000 pw\r\n")).isEqualTo("- control character in a command line\r\n");
    assertThat(s.isClosed()).isTrue();
  }

  @Test
  void byDefaultTheFirstBadCommandClosesAsRfc937Says() {
    Pop2Server s = loggedIn(Pop2Fixtures.NO_DELAY, 100);
    assertThat(exchange(s, "RETR\r\n")).isEqualTo("- command out of sequence\r\n");
    assertThat(s.isClosed()).isTrue();
  }

  @Test
  void bareLineEndingsAndMalformedArgumentsAreRefused() {
    Pop2Limits lenient = Pop2Fixtures.NO_DELAY.toBuilder().maxBadCommands(10).build();
    Pop2Server s = greeted(lenient);
    assertThat(exchange(s, "HELO ann pw\n")).isEqualTo("- command lines end with CRLF\r\n");
    assertThat(exchange(s, "HELO ann\r\n")).isEqualTo("- HELO takes a user and a password\r\n");
    assertThat(exchange(s, "HELO ann pw\\\r\n")).isEqualTo("- HELO takes a user and a password\r\n");
    assertThat(exchange(s, "HELO a b c\r\n")).isEqualTo("- HELO takes a user and a password\r\n");
    assertThat(exchange(s, "HELO \u00ff pw\r\n")).isEqualTo("- command line is not UTF-8\r\n");
    assertThat(exchange(s, "QUIT now\r\n")).isEqualTo("- QUIT takes no argument\r\n");
    assertThat(s.isClosed()).isFalse();
    assertThat(exchange(s, "QUIT\r\n")).isEqualTo("+ OK bye\r\n");
  }

  @Test
  void aRefusedHeloIsAnsweredAfterTheDelayAndCloses() {
    Pop2Server s = greeted(Pop2Limits.DEFAULT);
    s.receive(bytes("HELO ann wrong\r\nHELO ann right\r\n"));
    take(s);
    s.reject();
    assertThat(s.status()).isEqualTo(Status.DELAYED);
    assertThat(drain(s)).isEmpty();
    s.onTimeout();
    assertThat(drain(s)).isEmpty(); // too early
    time.advance(Duration.ofSeconds(2));
    s.onTimeout();
    take(s);
    assertThat(drain(s)).isEqualTo("- invalid user name or password\r\n");
    assertThat(s.isClosed()).isTrue();
    assertThat(events).filteredOn(e -> e instanceof Pop2ServerEvent.LoginRequested).hasSize(1);
    assertThat(events).noneMatch(e -> e instanceof Pop2ServerEvent.FolderRequested);
  }

  @Test
  void readOfAnyNumberAnswersALengthAndRetrOfNothingCloses() {
    Pop2Server s = loggedIn(Pop2Fixtures.NO_DELAY, 100, 200);
    assertThat(exchange(s, "READ 99999999999999999999999999\r\n")).isEqualTo("=0 no more messages\r\n");
    assertThat(exchange(s, "READ 0\r\n")).isEqualTo("=0 no such message\r\n");
    assertThat(exchange(s, "READ 2\r\n")).isEqualTo("=200 characters in message 2\r\n");
    assertThat(exchange(s, "READ 3\r\n")).isEqualTo("=0 no more messages\r\n");
    assertThat(exchange(s, "RETR\r\n")).isEqualTo("- no message to send\r\n");
    assertThat(s.isClosed()).isTrue();
  }

  @Test
  void aDeletedMessageReadsAsZeroAndIsRemovedOnlyAtRelease() {
    Pop2Server s = loggedIn(Pop2Fixtures.NO_DELAY, 10);
    exchange(s, "READ\r\nRETR\r\n");
    take(s);
    s.content(bytes("0123456789"));
    s.contentEnd();
    assertThat(drain(s)).isEqualTo("0123456789");
    assertThat(exchange(s, "ACKD\r\n")).isEqualTo("=0 no more messages\r\n");
    assertThat(exchange(s, "READ 1\r\n")).isEqualTo("=0 message deleted\r\n");
    s.receiveEnd(); // lost before QUIT: nothing is removed
    take(s);
    assertThat(events).noneMatch(e -> e instanceof Pop2ServerEvent.UpdateRequested);
    assertThat(events).last().isEqualTo(new Pop2ServerEvent.SessionEnded(Pop2State.ITEM, false));
  }

  @Test
  void afterQuitALostConnectionStillWaitsForTheUpdate() {
    Pop2Server s = loggedIn(Pop2Fixtures.NO_DELAY, 10);
    s.receive(bytes("QUIT\r\n"));
    s.receiveEnd();
    take(s);
    assertThat(events).last().isEqualTo(new Pop2ServerEvent.UpdateRequested(List.of(), true));
    s.accept();
    take(s);
    assertThat(events).last().isEqualTo(new Pop2ServerEvent.SessionEnded(Pop2State.MBOX, true));
  }

  @Test
  void contentShorterThanAnnouncedClosesSoTheClientNeverAcknowledgesIt() {
    Pop2Server s = loggedIn(Pop2Fixtures.NO_DELAY, 100);
    exchange(s, "READ\r\nRETR\r\n");
    s.content(bytes("only fifty octets".repeat(2)));
    s.contentEnd();
    assertThat(drain(s)).hasSize(34);
    assertThat(s.isClosed()).isTrue();
  }

  @Test
  void contentLongerThanAnnouncedIsCutAtTheLengthAndCloses() {
    Pop2Server s = loggedIn(Pop2Fixtures.NO_DELAY, 12);
    exchange(s, "READ\r\nRETR\r\nACKD\r\n");
    s.content(bytes("line one\nline two\n"));
    assertThat(drain(s)).isEqualTo("line one\r\nli");
    assertThat(s.isClosed()).isTrue();
    s.contentEnd(); // after close: ignored
    take(s);
    assertThat(events).noneMatch(e -> e instanceof Pop2ServerEvent.UpdateRequested);
  }

  @Test
  void aRetrievalFailingHalfWayClosesWithoutAReplyInsideTheData() {
    Pop2Server s = loggedIn(Pop2Fixtures.NO_DELAY, 10);
    exchange(s, "READ\r\nRETR\r\n");
    s.content(bytes("01234"));
    s.reject();
    assertThat(drain(s)).isEqualTo("01234");
    assertThat(s.isClosed()).isTrue();
  }

  @Test
  void aRetrievalFailingBeforeItsFirstOctetIsAnsweredAndCloses() {
    Pop2Server s = loggedIn(Pop2Fixtures.NO_DELAY, 10);
    exchange(s, "READ\r\nRETR\r\n");
    s.reject();
    assertThat(drain(s)).isEqualTo("- message is not available now\r\n");
    assertThat(s.isClosed()).isTrue();
  }

  @Test
  void aStoredBareCrAtTheEndBecomesCrlfAndCountsTwo() {
    Pop2Server s = loggedIn(Pop2Fixtures.NO_DELAY, 4);
    exchange(s, "READ\r\nRETR\r\n");
    s.content(bytes("ab\r"));
    s.contentEnd();
    assertThat(drain(s)).isEqualTo("ab\r\n");
    assertThat(exchange(s, "ACKS\r\n")).isEqualTo("=0 no more messages\r\n");
  }

  @Test
  void contentStopsAtTheOutputLimitUntilDrained() {
    Pop2Server s = loggedIn(Pop2Fixtures.NO_DELAY.toBuilder().outputSoftLimit(1024).build(), 5000);
    exchange(s, "READ\r\nRETR\r\n");
    take(s);
    assertThat(s.wantsContent()).isTrue();
    s.content(bytes("x".repeat(2000)));
    assertThat(s.wantsContent()).isFalse();
    assertThat(drain(s)).hasSize(2000);
    assertThat(s.wantsContent()).isTrue();
  }

  @Test
  void aListingOverTheLimitIsRefused() {
    Pop2Server s = greeted(Pop2Fixtures.NO_DELAY.toBuilder().maxMessages(1).build());
    s.receive(bytes("HELO ann pw\r\n"));
    take(s);
    s.accept();
    take(s);
    s.opened(List.of(new MaildropEntry(1, null), new MaildropEntry(1, null)));
    assertThat(drain(s)).isEqualTo("- folder is too large for this server\r\n");
    assertThat(s.isClosed()).isTrue();
  }

  @Test
  void anIdleClientIsLoggedOut() {
    Pop2Server s = loggedIn(Pop2Fixtures.NO_DELAY, 10);
    time.advance(Duration.ofMinutes(10));
    s.onTimeout();
    assertThat(drain(s)).isEqualTo("- autologout: idle for too long\r\n");
    assertThat(s.isClosed()).isTrue();
  }

  @Test
  void hostMisuseThrowsAndAnswersAfterCloseAreIgnored() {
    Pop2Server s = greeted(Pop2Fixtures.NO_DELAY);
    assertThatThrownBy(s::accept).isInstanceOf(IllegalStateException.class);
    s.receive(bytes("HELO ann pw\r\n"));
    take(s);
    assertThatThrownBy(() -> s.opened(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(s::contentEnd).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.streamChanged(null)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Pop2Decision.reject("no\r\nmore")).isInstanceOf(IllegalArgumentException.class);
    s.shutdown();
    assertThat(drain(s)).isEqualTo("- server shutting down\r\n");
    s.accept(); // ignored
    assertThatThrownBy(() -> s.receive(bytes("QUIT\r\n"))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void pipelinedCommandsAreTakenOneDecisionAtATime() {
    Pop2Server s = greeted(Pop2Fixtures.NO_DELAY);
    ByteBuffer in = bytes("HELO ann pw\r\nFOLD other box\r\nQUIT\r\n");
    s.receive(in);
    assertThat(in.remaining()).isEqualTo(22);
    take(s);
    s.accept();
    take(s);
    s.opened(List.of());
    s.receive(in);
    take(s);
    assertThat(events).last().isEqualTo(new Pop2ServerEvent.UpdateRequested(List.of(), false));
    s.accept();
    take(s);
    assertThat(events).last().isEqualTo(new Pop2ServerEvent.FolderRequested("ann", Optional.of("other box")));
    s.reject();
    assertThat(drain(s)).isEqualTo("#0 messages\r\n- folder is not available now\r\n");
    assertThat(s.isClosed()).isTrue();
  }
}
