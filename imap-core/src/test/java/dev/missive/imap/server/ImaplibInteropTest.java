package dev.missive.imap.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.missive.imap.store.InMemoryMailStore;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.testkit.EngineHost;
import dev.missive.testkit.ExternalTools;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.LoopbackServer;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.PeerInfo;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python's imaplib (every command it has, RFC 3501 / RFC 9051) and curl's IMAP against the handler engine over
 * the in-memory store, on a real socket: plaintext on a trusted loopback connection, and STARTTLS on a plaintext
 * one where LOGIN is refused until TLS is in place.
 */
class ImaplibInteropTest {

  static final Path PYTHON = Path.of("/usr/bin/python3");
  static final Path CURL = Path.of("/usr/bin/curl");

  static LoopbackServer serve(InMemoryMailStore store, ConnectionSecurity security, boolean startTls) {
    AtomicInteger n = new AtomicInteger();
    // AUTHENTICATE PLAIN too: curl logs in with it (SASL-IR), as it will not use LOGIN once it saw LOGINDISABLED
    ImapServerConfig config = ImapServerConfig.builder().startTls(startTls).failedLoginDelay(Duration.ZERO)
        .sasl(SaslServerMechanisms.builder().plain(store::checkPassword).build()).build();
    return LoopbackServer.start(() -> HostedEngine.of(new ImapHandlerServer(store, config,
        EngineEnvironment.system(), new PeerInfo("[127.0.0.1]", "py" + n.incrementAndGet(), security)),
        EngineHost.none()));
  }

  static InMemoryMailStore store() {
    InMemoryMailStore store = new InMemoryMailStore();
    store.addUser("alice", "secret");
    store.deliver("alice", "INBOX", "From: a@example.org\r\nSubject: one\r\n\r\nfirst\r\n"
        .getBytes(StandardCharsets.US_ASCII));
    store.deliver("alice", "INBOX", "From: b@example.org\r\nSubject: two\r\n\r\nsecond\r\n"
        .getBytes(StandardCharsets.US_ASCII));
    return store;
  }

  static String run(Path dir, String... command) throws Exception {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output;
    try (InputStream in = p.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    return output;
  }

  private static String imaplib(Path dir, int port, String mode) throws Exception {
    Path script = dir.resolve("imaplib_session.py");
    try (InputStream in = ImaplibInteropTest.class.getResourceAsStream("imaplib_session.py")) {
      Files.write(script, in.readAllBytes());
    }
    return run(dir, PYTHON.toString(), script.toString(), Integer.toString(port), mode);
  }

  @Test
  void everyImaplibCommandOnATrustedConnection(@TempDir Path dir) throws Exception {
    assumeTrue(ExternalTools.availableOrFailOnCi("python3", ExternalTools.isExecutable(PYTHON)), "no python3");
    InMemoryMailStore store = store();
    try (LoopbackServer server = serve(store, ConnectionSecurity.TRUSTED, false)) {
      String out = imaplib(dir, server.port(), "plain");
      assertThat(out).contains("done");
      server.awaitIdle(0, Duration.ofSeconds(10));
      server.assertNoFailures();
    }
    assertThat(store.mailboxNames("alice")).containsExactly("INBOX", "Old", "Trash");
    assertThat(store.messages("alice", "INBOX")).hasSize(1);
    assertThat(store.messages("alice", "Trash")).hasSize(2);
  }

  @Test
  void imaplibWithStartTls(@TempDir Path dir) throws Exception {
    assumeTrue(ExternalTools.availableOrFailOnCi("python3", ExternalTools.isExecutable(PYTHON)), "no python3");
    try (LoopbackServer server = serve(store(), ConnectionSecurity.PLAINTEXT, true)) {
      assertThat(imaplib(dir, server.port(), "starttls")).contains("login before TLS refused", "done");
      server.awaitIdle(0, Duration.ofSeconds(10));
      server.assertNoFailures();
    }
  }

  @Test
  void curlListsAndFetchesByUidByteForByte(@TempDir Path dir) throws Exception {
    assumeTrue(ExternalTools.availableOrFailOnCi("curl", ExternalTools.isExecutable(CURL)), "no curl");
    InMemoryMailStore store = store();
    byte[] second = "From: b@example.org\r\nSubject: two\r\n\r\nsecond\r\n".getBytes(StandardCharsets.US_ASCII);
    try (LoopbackServer server = serve(store, ConnectionSecurity.TRUSTED, false)) {
      String url = "imap://127.0.0.1:" + server.port() + "/";
      String list = run(dir, CURL.toString(), "-sS", "--user", "alice:secret", url);
      assertThat(list).contains("* LIST (\\HasNoChildren) \"/\" INBOX");
      run(dir, CURL.toString(), "-sS", "--user", "alice:secret", "-o", "fetched", url + "INBOX/;UID=2");
      assertThat(Files.readAllBytes(dir.resolve("fetched"))).isEqualTo(second);
      server.awaitIdle(0, Duration.ofSeconds(10));
      server.assertNoFailures();
    }
  }

  @Test
  void curlWithStartTls(@TempDir Path dir) throws Exception {
    assumeTrue(ExternalTools.availableOrFailOnCi("curl", ExternalTools.isExecutable(CURL)), "no curl");
    try (LoopbackServer server = serve(store(), ConnectionSecurity.PLAINTEXT, true)) {
      String url = "imap://127.0.0.1:" + server.port() + "/INBOX/;UID=1";
      String out = run(dir, CURL.toString(), "-sS", "--ssl-reqd", "-k", "--user", "alice:secret", url);
      assertThat(out).contains("Subject: one", "first");
      server.awaitIdle(0, Duration.ofSeconds(10));
      server.assertNoFailures();
    }
  }
}
