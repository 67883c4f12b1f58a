package dev.missive.pop3.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.pop3.client.Pop3Login;
import dev.missive.pop3.client.ScanListing;
import dev.missive.pop3.client.UniqueIdListing;
import dev.missive.testkit.TestTls;
import dev.missive.transport.TlsHandshakes;
import dev.missive.transport.TlsSettings;
import dev.missive.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The application's POP3 mailbox against the library's listener over loopback: implicit TLS and STLS with the
 * certificate and host name verified (RFC 8314 §3.3, RFC 2595 §4), STAT/LIST/UIDL/RETR/TOP/DELE/QUIT (RFC 1939 §5–§7)
 * with deletions applied at QUIT only, a refused login, an {@code -ERR} that leaves the session usable, an untrusted
 * certificate, and a message cut short by the server that never passes as complete.
 */
@Timeout(60)
class Pop3MailboxTest {

  static final String FIRST = "Subject: one\r\n\r\n.starts with a dot\r\nline two\r\nline three\r\n";
  static final String SECOND = "Subject: two\r\n\r\nsecond\r\n";

  private static Pop3Listener listener(List<Integer> deleted, Transport transport) throws IOException {
    return Pop3Listener.builder("localhost", session -> new MemoryMailbox(deleted, FIRST, SECOND))
        .port(0).implicitTlsPort(0).tls(TlsSettings.of(TestTls.serverContext())).transport(transport).start();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void implicitTlsFetchesEverythingAndDeletesAtQuit(Transport transport, @TempDir Path dir) throws Exception {
    List<Integer> deleted = new CopyOnWriteArrayList<>();
    try (Pop3Listener pop3 = listener(deleted, transport)) {
      try (Pop3Mailbox inbox = Pop3Mailbox.builder("localhost", Pop3Login.userPass("alice", "secret"))
          .port(pop3.implicitTlsPort()).trust(TestTls.clientContext()).open()) {
        assertThat(inbox.stat().count()).isEqualTo(2);
        assertThat(inbox.list()).extracting(ScanListing::messageNumber).containsExactly(1, 2);
        assertThat(inbox.uidl()).extracting(u -> u.uniqueId().toString()).containsExactly("uid-1", "uid-2");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(inbox.retrieve(1, out)).isEqualTo(FIRST.length());
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo(FIRST); // un-stuffed (RFC 1939 §3)
        Path file = dir.resolve("2.eml");
        inbox.retrieve(2, file);
        assertThat(Files.readString(file)).isEqualTo(SECOND);
        assertThatThrownBy(() -> inbox.retrieve(2, file)).isInstanceOf(FileAlreadyExistsException.class);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        inbox.top(1, 1, head);
        assertThat(head.toString(StandardCharsets.US_ASCII)).isEqualTo("Subject: one\r\n\r\n.starts with a dot\r\n");
        inbox.delete(2);
        assertThat(deleted).as("nothing removed before QUIT (RFC 1939 §6)").isEmpty();
        assertThat(inbox.list()).extracting(ScanListing::messageNumber).containsExactly(1);
      }
      assertThat(deleted).containsExactly(2);
      assertThat(Files.list(dir)).containsExactly(dir.resolve("2.eml")); // no temporary file left
    }
  }

  @Test
  void stlsUpgradesBeforeTheLoginAndErrKeepsTheSessionUsable() throws Exception {
    List<Integer> deleted = new CopyOnWriteArrayList<>();
    try (Pop3Listener pop3 = listener(deleted, Transport.BLOCKING)) {
      try (Pop3Mailbox inbox = Pop3Mailbox.builder("localhost", Pop3Login.userPass("alice", "secret"))
          .stls().port(pop3.port()).trust(TestTls.clientContext()).open()) {
        assertThatThrownBy(() -> inbox.retrieve(7, new ByteArrayOutputStream()))
            .isInstanceOf(Pop3CommandException.class).hasMessageStartingWith("RETR 7 failed: ");
        inbox.noop();
        List<UniqueIdListing> ids = inbox.uidl();
        assertThat(ids).hasSize(2);
        inbox.delete(1);
        inbox.reset(); // RSET undoes DELE (RFC 1939 §5)
      }
      assertThat(deleted).isEmpty();
    }
  }

  @Test
  void abortEndsWithoutQuitSoNothingIsDeleted() throws Exception {
    List<Integer> deleted = new CopyOnWriteArrayList<>();
    try (Pop3Listener pop3 = listener(deleted, Transport.BLOCKING)) {
      Pop3Mailbox inbox = Pop3Mailbox.builder("localhost", Pop3Login.userPass("alice", "secret"))
          .port(pop3.implicitTlsPort()).trust(TestTls.clientContext()).open();
      inbox.delete(1);
      inbox.abort();
      assertThat(inbox.isClosed()).isTrue();
      assertThatThrownBy(inbox::list).isInstanceOf(IOException.class).hasMessageContaining("over");
      inbox.close(); // nothing more to do
      assertThat(deleted).isEmpty();
    }
  }

  @Test
  void aRefusedLoginIsTyped() throws Exception {
    try (Pop3Listener pop3 = listener(new CopyOnWriteArrayList<>(), Transport.BLOCKING)) {
      assertThatThrownBy(() -> Pop3Mailbox.builder("localhost", Pop3Login.userPass("alice", "wrong"))
          .port(pop3.implicitTlsPort()).trust(TestTls.clientContext()).open())
          .isInstanceOf(Pop3LoginException.class).hasMessageContaining("refused");
    }
  }

  @Test
  void anUntrustedCertificateFailsTheHandshakeWithItsReason() throws Exception {
    try (Pop3Listener pop3 = listener(new CopyOnWriteArrayList<>(), Transport.BLOCKING)) {
      // the JDK's roots do not trust the test certificate: verification is on by default
      assertThatThrownBy(() -> Pop3Mailbox.builder("localhost", Pop3Login.userPass("alice", "secret"))
          .port(pop3.implicitTlsPort()).open())
          .isInstanceOf(TlsHandshakes.HandshakeFailedException.class)
          .hasMessageContaining("certification path");
      // the loudly named opt-out accepts it
      try (Pop3Mailbox inbox = Pop3Mailbox.builder("localhost", Pop3Login.userPass("alice", "secret"))
          .port(pop3.implicitTlsPort()).insecureAcceptAnyCertificate().open()) {
        assertThat(inbox.list()).hasSize(2);
      }
    }
  }

  @Test
  void aMessageCutShortFailsItsCallAndLeavesNoFile(@TempDir Path dir) throws Exception {
    try (ServerSocket server = new ServerSocket(0)) {
      Thread fake = new Thread(() -> {
        try (Socket s = server.accept()) {
          InputStream in = s.getInputStream();
          OutputStream out = s.getOutputStream();
          say(out, "+OK ready\r\n");
          expect(in, "CAPA");
          say(out, "+OK\r\nUSER\r\n.\r\n");
          expect(in, "USER alice");
          say(out, "+OK\r\n");
          expect(in, "PASS secret");
          say(out, "+OK in\r\n");
          expect(in, "RETR 1");
          say(out, "+OK 100 octets\r\nSubject: cut\r\n\r\nhalf of it"); // then the connection goes away
        } catch (IOException e) {
          // the test's assertions tell
        }
      });
      fake.start();
      Pop3Mailbox inbox = Pop3Mailbox.builder("127.0.0.1", Pop3Login.userPass("alice", "secret"))
          .insecurePlaintext().port(server.getLocalPort()).open();
      Path file = dir.resolve("cut.eml");
      assertThatThrownBy(() -> inbox.retrieve(1, file))
          .isInstanceOf(IOException.class).hasMessageContaining("incomplete");
      assertThat(Files.list(dir)).isEmpty();
      assertThatThrownBy(inbox::list).isInstanceOf(IOException.class); // the session is over, nothing hangs
      inbox.close();
      assertThat(inbox.isClosed()).isTrue();
      fake.join();
    }
  }

  private static void say(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static void expect(InputStream in, String line) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
      b.append((char) c);
    }
    assertThat(b.toString()).isEqualTo(line + "\r");
  }
}
