package dev.missive.pop3.pop2;

import static dev.missive.pop3.pop2.Pop2Fixtures.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.pop3.Password;
import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The POP2 client fed hostile or broken server replies: each ends the session with QUIT and a
 * {@link Pop2ClientEvent.Closed} (RFC 937, "Client Decision Table", action 1), never an exception; and host misuse
 * throws.
 */
class Pop2ClientSecurityTest {

  private final ManualTime time = new ManualTime();
  private final List<Pop2ClientEvent> events = new ArrayList<>();

  private Pop2Client client() {
    return new Pop2Client(new Pop2ClientConfig("ann", Password.of("pw"), 100, Duration.ofSeconds(30)),
        time.environment(4), Pop2Fixtures.peer(ConnectionSecurity.TRUSTED));
  }

  /** Feeds {@code text}, taking events until the engine takes no more or closes; returns the client's output. */
  private String feed(Pop2Client c, String text) {
    ByteBuffer in = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    do {
      c.receive(in);
      for (Pop2ClientEvent e; (e = c.nextEvent()) != null; ) {
        events.add(e);
      }
    } while (in.hasRemaining() && !c.isClosed());
    return drain(c);
  }

  private Pop2Client inFolder() {
    Pop2Client c = client();
    assertThat(feed(c, "+ POP2 example.org hello\r\n")).isEqualTo("HELO ann pw\r\n");
    feed(c, "#2 messages\r\n");
    return c;
  }

  private Pop2ClientEvent.Closed closed(Pop2Client c) {
    assertThat(c.isClosed()).isTrue();
    assertThat(events).last().isInstanceOf(Pop2ClientEvent.Closed.class);
    return (Pop2ClientEvent.Closed) events.get(events.size() - 1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"+OK POP3 ready\r\n", "+ POP2\r\n", "- go away\r\n", "#3\r\n", "+ POP2 x\n",
      "\u0000\r\n",
      "+ POP2 yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy"
          + "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\r\n"})
  void aWrongGreetingEndsTheSessionWithQuit(String greeting) {
    Pop2Client c = client();
    assertThat(feed(c, greeting)).isEqualTo("QUIT\r\n");
    assertThat(closed(c).orderly()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"=2\r\n", "#\r\n", "#-1\r\n", "#abc\r\n", "#99999999999\r\n", "+ OK\r\n", "\r\n",
      "- bad login\r\n"})
  void aWrongAnswerToHeloEndsTheSession(String reply) {
    Pop2Client c = client();
    feed(c, "+ POP2 example.org\r\n");
    assertThat(feed(c, reply)).isEqualTo("QUIT\r\n");
    assertThat(closed(c).orderly()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"=99999999999999999999 too long a number\r\n", "=1x\r\n", "#1\r\n", "=-5\r\n"})
  void aMalformedLengthEndsTheSession(String reply) {
    Pop2Client c = inFolder();
    c.read();
    assertThat(drain(c)).isEqualTo("READ\r\n");
    assertThat(feed(c, reply)).isEqualTo("QUIT\r\n");
    closed(c);
  }

  @Test
  void bytesNobodyAskedForEndTheSession() {
    Pop2Client c = inFolder();
    assertThat(feed(c, "=5\r\n")).isEqualTo("QUIT\r\n");
    assertThat(closed(c).reason()).isEqualTo("the server sent data nobody asked for");
  }

  @Test
  void bytesAfterTheMessageBeforeItsAcknowledgmentEndTheSession() {
    Pop2Client c = inFolder();
    c.read();
    feed(c, "=5 characters\r\n");
    c.retrieve();
    drain(c);
    assertThat(feed(c, "abcde=0 no more\r\n")).isEqualTo("QUIT\r\n");
    assertThat(events).contains(new Pop2ClientEvent.MessageEnd(1, 5));
    assertThat(closed(c).reason()).isEqualTo("the server sent data nobody asked for");
  }

  @Test
  void theConnectionLostInAMessageIsReported() {
    Pop2Client c = inFolder();
    c.read();
    feed(c, "=500\r\n");
    c.retrieve();
    feed(c, "only a part");
    c.receiveEnd();
    for (Pop2ClientEvent e; (e = c.nextEvent()) != null; ) {
      events.add(e);
    }
    assertThat(events).noneMatch(e -> e instanceof Pop2ClientEvent.MessageEnd);
    assertThat(closed(c).reason()).isEqualTo("the server closed the connection in the middle of a message");
  }

  @Test
  void aSilentServerTimesOut() {
    Pop2Client c = inFolder();
    c.read();
    drain(c);
    time.advance(Duration.ofSeconds(29));
    c.onTimeout();
    assertThat(c.isClosed()).isFalse();
    time.advance(Duration.ofSeconds(1));
    c.onTimeout();
    for (Pop2ClientEvent e; (e = c.nextEvent()) != null; ) {
      events.add(e);
    }
    assertThat(drain(c)).isEqualTo("QUIT\r\n");
    assertThat(closed(c).reason()).startsWith("no reply from the server");
  }

  @Test
  void aBareLineEndingInAReplyEndsTheSession() {
    Pop2Client c = client();
    assertThat(feed(c, "+ POP2 example.org\n")).isEqualTo("QUIT\r\n");
    assertThat(closed(c).reason()).isEqualTo("reply line not ended by CRLF");
  }

  @Test
  void hostMisuseThrows() {
    Pop2Client c = client();
    assertThatThrownBy(c::read).isInstanceOf(IllegalStateException.class); // before the greeting
    feed(c, "+ POP2 example.org\r\n");
    assertThatThrownBy(() -> c.fold("x")).isInstanceOf(IllegalStateException.class); // HELO outstanding
    feed(c, "#1\r\n");
    assertThatThrownBy(c::retrieve).isInstanceOf(IllegalStateException.class); // no length yet
    assertThatThrownBy(c::keep).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> c.read(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.fold("a\r\nDELE 1")).isInstanceOf(IllegalArgumentException.class);
    c.read();
    feed(c, "=0 none\r\n");
    assertThatThrownBy(c::retrieve).isInstanceOf(IllegalStateException.class); // zero characters
    c.read(1);
    feed(c, "=3\r\n");
    c.retrieve();
    assertThatThrownBy(c::delete).isInstanceOf(IllegalStateException.class); // data still coming
    assertThatThrownBy(() -> Pop2ClientConfig.of("a\u0000", Password.of("p")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
