package dev.missive.imap.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.imap.Flag;
import dev.missive.imap.ResponseCode;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.client.SearchCriteria;
import dev.missive.imap.store.InMemoryMailStore;
import dev.missive.message.builder.MessageBuilder;
import dev.missive.testkit.TestTls;
import dev.missive.transport.TlsSettings;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ten-line session against the library's own IMAP listener over loopback: STARTTLS and implicit TLS with the
 * certificate checked (RFC 9051 §6.2.1, RFC 8314 §3.2), list, select, search, summaries, a message to a stream and to
 * a file, flags, move (RFC 6851), append of a built message, IDLE woken by a delivery (RFC 9051 §6.3.13), and a
 * refused login with its code (RFC 5530).
 */
@Timeout(60)
class ImapSessionTest {

  private static final byte[] MESSAGE = "From: Bob <bob@example.org>\r\nSubject: hi\r\n\r\nhello over IMAP\r\n"
      .getBytes(StandardCharsets.US_ASCII);

  private static InMemoryMailStore store() {
    InMemoryMailStore store = new InMemoryMailStore();
    store.addUser("alice", "secret");
    store.deliver("alice", "INBOX", MESSAGE);
    return store;
  }

  private static TlsSettings clientTls() {
    return TlsSettings.client(TestTls.clientContext());
  }

  @Test
  void everyMethodOverStartTls(@TempDir Path dir) throws Exception {
    InMemoryMailStore store = store();
    try (ImapListener imap = ImapListener.builder(store).port(0).tls(TlsSettings.of(TestTls.serverContext()))
        .start();
         ImapSession s = ImapSession.builder(TestTls.HOST).port(imap.port()).tls(clientTls())
             .password("alice", "secret").connect()) {
      assertThat(s.client().isTlsActive()).isTrue();
      assertThat(s.folders()).extracting(f -> f.mailbox()).contains("INBOX");
      assertThat(s.select("INBOX").exists()).isEqualTo(1);
      long[] unseen = s.search(SearchCriteria.unseen());
      assertThat(unseen).containsExactly(1);
      assertThat(s.fetchSummaries(SequenceSet.of(1))).singleElement()
          .satisfies(m -> assertThat(m.envelope().subject()).contains("hi"));
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      assertThat(s.fetchMessage(1, body)).isTrue();
      assertThat(body.toByteArray()).isEqualTo(MESSAGE);
      assertThat(s.fetchMessage(1, dir.resolve("1.eml"))).isTrue();
      assertThat(Files.readAllBytes(dir.resolve("1.eml"))).isEqualTo(MESSAGE);
      assertThat(s.fetchMessage(99, dir.resolve("99.eml"))).isFalse();
      assertThat(dir.resolve("99.eml")).doesNotExist();
      s.addFlags(1, Flag.SEEN);
      assertThat(s.search(SearchCriteria.unseen())).isEmpty();
      s.removeFlags(1, Flag.SEEN);
      assertThat(s.append("INBOX", new MessageBuilder().from("carol@example.org").to("alice@example.org")
          .subject("built").body(dev.missive.message.builder.Part.text("appended\r\n")))).hasValue(2);
      s.client().create("Archive");
      assertThat(s.move(1, "Archive")).isPresent();
      assertThat(store.messages("alice", "Archive")).hasSize(1);
      assertThat(s.client().mailbox().orElseThrow().exists()).isEqualTo(1);
    }
  }

  @Test
  void implicitTlsAndARefusedLogin() throws Exception {
    try (ImapListener imap = ImapListener.builder(store()).port(0).implicitTlsPort(0)
        .tls(TlsSettings.of(TestTls.serverContext())).start()) {
      try (ImapSession s = ImapSession.builder(TestTls.HOST).port(imap.implicitTlsPort()).implicitTls(true)
          .tls(clientTls()).password("alice", "secret").connect()) {
        assertThat(s.select("INBOX").exists()).isEqualTo(1);
      }
      assertThatThrownBy(() -> ImapSession.builder(TestTls.HOST).port(imap.implicitTlsPort()).implicitTls(true)
          .tls(clientTls()).password("alice", "wrong").connect())
          .isInstanceOfSatisfying(ImapCommandException.class,
              e -> assertThat(e.failure().code()).contains(ResponseCode.AUTHENTICATIONFAILED));
    }
  }

  @Test
  void idleWakesOnDelivery() throws Exception {
    InMemoryMailStore store = store();
    try (ImapListener imap = ImapListener.builder(store).port(0).tls(TlsSettings.of(TestTls.serverContext()))
        .start();
         ImapSession s = ImapSession.builder(TestTls.HOST).port(imap.port()).tls(clientTls())
             .password("alice", "secret").connect()) {
      s.select("INBOX");
      CompletableFuture.runAsync(() -> store.deliver("alice", "INBOX", MESSAGE),
          CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
      assertThat(s.waitForNewMail(Duration.ofSeconds(30))).isTrue();
      assertThat(s.client().mailbox().orElseThrow().exists()).isEqualTo(2);
      assertThat(s.waitForNewMail(Duration.ofMillis(300))).isFalse();
    }
  }
}
