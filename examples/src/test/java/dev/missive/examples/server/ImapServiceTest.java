package dev.missive.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.examples.maildir.Maildir;
import dev.missive.imap.server.ImapHandlerServer;
import dev.missive.transport.Connection;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.WakeableEngine;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example server's IMAP sessions: POP3's rule for plaintext logins (refused before STARTTLS, RFC 9051 §6.2.3
 * {@code LOGINDISABLED}, except from loopback) and the SMTP side's deliveries reaching a selected INBOX, {@code \Recent}
 * to the first session that holds it (RFC 3501 §2.3.2).
 */
class ImapServiceTest {

  @TempDir
  Path dir;

  static ImapService service(Maildir maildir) {
    Users users = new Users(Map.of("alice", "secret"));
    return new ImapService(maildir, users, users.mechanisms("example.org", new byte[32]), 1 << 20,
        EngineEnvironment.system());
  }

  /** The session the service's ImapListener makes for a client at {@code address} (loopback trusted). */
  static ProtocolEngine engine(ImapService service, String address) {
    Connection c = new Connection("imap-test", new InetSocketAddress(address, 40000), false);
    return new ImapHandlerServer(service.store(), service.config(), EngineEnvironment.system(), c.peer(true));
  }

  static String exchange(ProtocolEngine e, String text) {
    ByteBuffer in = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    while (in.hasRemaining() && e.wantsInput()) {
      e.receive(in);
    }
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    ByteBuffer out = ByteBuffer.allocate(8192);
    while (e.hasOutput()) {
      out.clear();
      e.drainOutput(out);
      all.write(out.array(), 0, out.position());
    }
    return all.toString(StandardCharsets.UTF_8);
  }

  @Test
  void plaintextLoginOnlyFromLoopbackBeforeStartTls() {
    ImapService service = service(new Maildir(dir, "example.org"));
    ProtocolEngine remote = engine(service, "192.0.2.7");
    assertThat(exchange(remote, "")).contains("STARTTLS", "LOGINDISABLED");
    assertThat(exchange(remote, "a LOGIN alice secret\r\n")).startsWith("a NO [PRIVACYREQUIRED]");
    ProtocolEngine local = engine(service, "127.0.0.1");
    assertThat(exchange(local, "")).contains("STARTTLS").doesNotContain("LOGINDISABLED");
    assertThat(exchange(local, "a LOGIN alice secret\r\n")).contains("a OK");
  }

  @Test
  void aDeliveryReachesTheSelectedInboxAtTheNextCommand() throws Exception {
    Maildir maildir = new Maildir(dir, "example.org");
    ImapService service = service(maildir);
    ProtocolEngine s = engine(service, "127.0.0.1");
    exchange(s, "");
    exchange(s, "a LOGIN alice secret\r\n");
    assertThat(exchange(s, "b SELECT INBOX\r\n")).contains("* 0 EXISTS", "b OK [READ-WRITE]");
    Maildir.Delivery d = maildir.begin("alice");
    d.write("Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII));
    d.commit();
    // recent to this session, the first told of it (RFC 3501 §2.3.2, §7.3.2)
    assertThat(exchange(s, "c NOOP\r\n")).isEqualTo("* 1 EXISTS\r\n* 1 RECENT\r\nc OK NOOP completed\r\n");
    assertThat(exchange(s, "d LIST \"\" *\r\n")).contains("\\Sent", "\\Drafts", "\\Trash", "\\Junk");
  }

  @Test
  void aDeliveryDuringIdleIsRecentToTheFirstSessionThatHoldsTheInbox() throws Exception {
    Maildir maildir = new Maildir(dir, "example.org");
    ImapService service = service(maildir);
    WakeableEngine first = (WakeableEngine) engine(service, "127.0.0.1");
    WakeableEngine second = (WakeableEngine) engine(service, "127.0.0.1");
    AtomicInteger wakeUps = new AtomicInteger();
    for (WakeableEngine e : List.of(first, second)) {
      e.wakeUpWith(wakeUps::incrementAndGet);
      exchange(e, "");
      exchange(e, "a LOGIN alice secret\r\n");
      assertThat(exchange(e, "b SELECT INBOX\r\n")).contains("* 0 EXISTS", "* 0 RECENT", "b OK [READ-WRITE]");
      assertThat(exchange(e, "c IDLE\r\n")).startsWith("+ ");
    }
    Maildir.Delivery d = maildir.begin("alice");
    d.write("Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII));
    d.commit();
    assertThat(wakeUps.get()).isPositive();
    first.onWake();
    second.onWake();
    // RFC 3501 §2.3.2 and §7.3.2: recent to the first session told of it, which selected first
    assertThat(exchange(first, "")).isEqualTo("* 1 EXISTS\r\n* 1 RECENT\r\n");
    assertThat(exchange(second, "")).isEqualTo("* 1 EXISTS\r\n* 0 RECENT\r\n");
    assertThat(exchange(first, "DONE\r\nd FETCH 1 FLAGS\r\n")).contains("* 1 FETCH (FLAGS (\\Recent))");
    assertThat(exchange(second, "DONE\r\nd FETCH 1 FLAGS\r\n")).contains("* 1 FETCH (FLAGS ())");
  }
}
