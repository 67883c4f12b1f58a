package dev.missive.imap.host;

import dev.missive.imap.server.ImapServerConfig;
import dev.missive.imap.store.InMemoryMailStore;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.transport.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link ImapListener} over an {@link InMemoryMailStore} on loopback, for the real Java clients' tests: a loopback
 * client is trusted ({@code trustLoopback(true)}: LOGIN allowed without TLS), and every failure the transport reports
 * is kept for the test to check.
 */
final class JavaClients implements AutoCloseable {

  static final String MULTIPART = """
      From: Bob <bob@example.org>\r
      To: Alice <alice@example.org>\r
      Subject: report\r
      Date: Mon, 7 Feb 1994 21:52:25 -0800\r
      Message-ID: <report-1@example.org>\r
      MIME-Version: 1.0\r
      Content-Type: multipart/mixed; boundary="b1"\r
      \r
      --b1\r
      Content-Type: text/plain; charset=us-ascii\r
      \r
      the report follows\r
      --b1\r
      Content-Type: application/octet-stream\r
      Content-Transfer-Encoding: base64\r
      \r
      AAECAwQFBgc=\r
      --b1--\r
      """;

  static final String PLAIN = "From: Carol <carol@example.org>\r\nSubject: lunch\r\n\r\nnoon?\r\n";

  final InMemoryMailStore store = new InMemoryMailStore();
  final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private final ImapListener server;

  JavaClients(Transport transport) throws IOException {
    this(transport, true);
  }

  /**
   * A server; without {@code capabilityCodes} the greeting and the login's OK carry no capability list (RFC 9051
   * §7.1 makes it optional), for Commons Net, whose reply parser refuses status lines over about 160 characters.
   */
  JavaClients(Transport transport, boolean capabilityCodes) throws IOException {
    store.addUser("alice", "secret");
    store.deliver("alice", "INBOX", MULTIPART.getBytes(StandardCharsets.US_ASCII));
    store.deliver("alice", "INBOX", PLAIN.getBytes(StandardCharsets.US_ASCII));
    ImapServerConfig config = ImapServerConfig.builder().failedLoginDelay(Duration.ZERO)
        .capabilityResponseCodes(capabilityCodes)
        .sasl(SaslServerMechanisms.builder().plain(store::checkPassword).build()).build();
    server = ImapListener.builder(store).port(0).trustLoopback(true).transport(transport).config(config)
        .onError((session, error) -> failures.add(error))
        .start();
  }

  int port() {
    return server.port();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
