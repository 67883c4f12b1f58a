package dev.missive.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.store.InMemoryMailStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * An APPEND message and its final CRLF arriving in one read are answered in that read (RFC 9051 §6.3.12): a
 * transport offers the octets it holds again only while the engine takes some, so the handler facade must not stop
 * at the end of the message with the CRLF left (found with Python's imaplib over the example server, which waited
 * for its APPEND answer until the next command).
 */
class AppendInOneReadTest {

  private static String once(ImapHandlerServer s, String text) {
    ByteBuffer in = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    s.receive(in); // one call, as a transport makes it when nothing was taken the round before
    assertThat(in.remaining()).isZero();
    return Sessions.drain(s);
  }

  @Test
  void theMessageAndItsCrlfInOneReceive() {
    InMemoryMailStore store = Sessions.store();
    ImapHandlerServer s = Sessions.loggedIn(store);
    assertThat(once(s, "a APPEND INBOX (\\Seen) {5}\r\n")).isEqualTo("+ Ready for literal data\r\n");
    assertThat(once(s, "one\r\n\r\n")).isEqualTo("a OK [APPENDUID 1 2] APPEND completed\r\n");
    assertThat(store.messages("alice", "INBOX")).hasSize(2);
  }

  @Test
  void multiappendInOneReceiveAfterEachContinuation() {
    InMemoryMailStore store = Sessions.store();
    ImapHandlerServer s = Sessions.loggedIn(store);
    assertThat(once(s, "m APPEND INBOX {5}\r\n")).isEqualTo("+ Ready for literal data\r\n");
    assertThat(once(s, "one\r\n {5}\r\n")).isEqualTo("+ Ready for literal data\r\n");
    assertThat(once(s, "two\r\n\r\n")).isEqualTo("m OK [APPENDUID 1 2:3] APPEND completed\r\n");
  }
}
