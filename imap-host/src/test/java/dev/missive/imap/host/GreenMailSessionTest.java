package dev.missive.imap.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.missive.imap.Flag;
import dev.missive.imap.client.SearchCriteria;
import dev.missive.message.builder.MessageBuilder;
import dev.missive.message.builder.Part;
import dev.missive.transport.TlsSettings;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client against GreenMail's IMAP server over loopback, plain and IMAPS (RFC 8314 §3.2): another
 * implementation's greeting, capabilities, LOGIN, SELECT, SEARCH, FETCH, STORE, APPEND and LOGOUT.
 */
@Timeout(60)
class GreenMailSessionTest {

  private GreenMail greenMail;

  @BeforeEach
  void start() {
    greenMail = new GreenMail(new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(),
        ServerSetupTest.IMAPS.dynamicPort()});
    greenMail.start();
    greenMail.setUser("alice@example.org", "alice", "secret");
  }

  @AfterEach
  void stop() {
    greenMail.stop();
  }

  /** GreenMail's certificate is self-signed for no particular name: this test trusts it, nothing else does. */
  private static TlsSettings trustingGreenMail() throws Exception {
    TrustManager trustAll = new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {trustAll}, new SecureRandom());
    SSLParameters params = ctx.getDefaultSSLParameters();
    return new TlsSettings(ctx, params);
  }

  private void readsAndWrites(ImapSession s) throws Exception {
    s.append("INBOX", new MessageBuilder().from("bob@example.org").to("alice@example.org").subject("hi")
        .body(Part.text("hello from the client\r\n")));
    assertThat(s.select("INBOX").exists()).isEqualTo(1);
    long[] uids = s.search(SearchCriteria.subject("hi"));
    assertThat(uids).hasSize(1);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    assertThat(s.fetchMessage(uids[0], body)).isTrue();
    assertThat(body.toString(StandardCharsets.UTF_8)).contains("hello from the client");
    s.addFlags(uids[0], Flag.FLAGGED);
    assertThat(s.fetchSummaries(dev.missive.imap.SequenceSet.of(uids[0]))).singleElement()
        .satisfies(m -> assertThat(m.flags()).contains(Flag.FLAGGED));
  }

  /**
   * GreenMail has neither CONDSTORE nor QRESYNC: {@link ImapSession#resync} falls back to every message's flags, and
   * still finds the expunged UID and the changed flag (RFC 7162 §6's fallback).
   */
  @Test
  void resyncWithoutCondstore() throws Exception {
    long uidValidity;
    long[] uids;
    try (ImapSession s = ImapSession.builder("127.0.0.1").port(greenMail.getImap().getPort()).withoutTls(true)
        .mailboxResync(true).password("alice", "secret").connect()) {
      for (int i = 0; i < 3; i++) {
        s.append("INBOX", ("Subject: " + i + "\r\n\r\nhello\r\n").getBytes(StandardCharsets.US_ASCII));
      }
      uidValidity = s.select("INBOX").uidValidity().orElseThrow();
      uids = s.search(SearchCriteria.all());
      assertThat(uids).hasSize(3);
    }
    try (ImapSession other = ImapSession.builder("127.0.0.1").port(greenMail.getImap().getPort())
        .withoutTls(true).password("alice", "secret").connect()) {
      other.select("INBOX");
      other.addFlags(uids[0], Flag.FLAGGED);
      other.addFlags(uids[1], Flag.DELETED);
      other.client().expunge();
    }
    try (ImapSession s = ImapSession.builder("127.0.0.1").port(greenMail.getImap().getPort()).withoutTls(true)
        .mailboxResync(true).password("alice", "secret").connect()) {
      MailboxChanges c = s.resync("INBOX", uidValidity, 0,
          Optional.of(dev.missive.imap.SequenceSet.of(uids)));
      assertThat(c.path()).isEqualTo(MailboxChanges.Path.FULL);
      assertThat(c.cacheValid()).isTrue();
      assertThat(c.highestModSeq()).isEmpty();
      assertThat(c.vanished()).contains(dev.missive.imap.SequenceSet.of(uids[1]));
      assertThat(c.changed()).extracting(MailboxChanges.ChangedFlags::uid).containsExactly(uids[0], uids[2]);
      assertThat(c.changed().get(0).flags()).contains(Flag.FLAGGED);
      assertThat(c.changed().get(1).flags()).doesNotContain(Flag.FLAGGED);
    }
  }

  @Test
  void plain() throws Exception {
    try (ImapSession s = ImapSession.builder("127.0.0.1").port(greenMail.getImap().getPort()).withoutTls(true)
        .password("alice", "secret").connect()) {
      readsAndWrites(s);
    }
  }

  @Test
  void implicitTls() throws Exception {
    try (ImapSession s = ImapSession.builder("127.0.0.1").port(greenMail.getImaps().getPort()).implicitTls(true)
        .tls(trustingGreenMail()).password("alice", "secret").connect()) {
      assertThat(s.client().isTlsActive()).isTrue();
      readsAndWrites(s);
    }
  }
}
