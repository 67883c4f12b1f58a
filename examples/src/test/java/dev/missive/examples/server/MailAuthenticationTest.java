package dev.missive.examples.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.missive.dns.DnsServer;
import dev.missive.dns.JndiDnsResolver;
import dev.missive.examples.relay.NextHop;
import dev.missive.mailauth.dkim.DkimKeyLookup;
import dev.missive.mailauth.dkim.DkimResult;
import dev.missive.mailauth.dkim.DkimSigner;
import dev.missive.mailauth.dkim.DkimSigningKey;
import dev.missive.mailauth.dkim.DkimVerifier;
import dev.missive.mailauth.results.AuthenticationResults;
import dev.missive.mailauth.results.MethodResult;
import dev.missive.message.header.HeaderField;
import dev.missive.testkit.ExternalTools;
import dev.missive.testkit.LoopbackDnsServer;
import dev.missive.testkit.TestTls;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.net.smtp.AuthenticatingSMTPClient;
import org.apache.commons.net.smtp.SMTPClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example server's mail authentication end to end over loopback, with dnsmasq serving the keys and the SPF and
 * DMARC records: the MX port stamps inbound mail with its own Authentication-Results (forged ones removed,
 * RFC 8601 §5), and mail relayed to the smarthost is DKIM-signed, which Missive and dkimpy verify (RFC 6376).
 */
class MailAuthenticationTest {

  static KeyPair senderKey;
  static KeyPair serverKey;

  @TempDir
  Path dir;

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    senderKey = rsa.generateKeyPair();
    serverKey = rsa.generateKeyPair();
  }

  /** A DKIM key record in TXT character-strings of at most 255 octets. */
  static String[] keyRecord(KeyPair pair) {
    String text = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < text.length(); i += 255) {
      strings.add(text.substring(i, Math.min(text.length(), i + 255)));
    }
    return strings.toArray(String[]::new);
  }

  private static LoopbackDnsServer dns() throws Exception {
    return LoopbackDnsServer.builder()
        .txt("sel._domainkey.sender.example", keyRecord(senderKey))
        .txt("sender.example", "v=spf1 ip4:127.0.0.1 -all")
        .txt("_dmarc.sender.example", "v=DMARC1; p=reject")
        .txt("forger.example", "v=spf1 -all")
        .txt("_dmarc.forger.example", "v=DMARC1; p=quarantine")
        .txt("relay._domainkey.example.org", keyRecord(serverKey))
        .start();
  }

  private static void send(int port, String from, String to, String data) throws Exception {
    SMTPClient client = new SMTPClient();
    client.connect("127.0.0.1", port);
    client.helo("mail.sender.example");
    assertThat(client.sendSimpleMessage(from, to, data)).as(client.getReplyString()).isTrue();
    client.disconnect();
  }

  private static AuthenticationResults stamp(byte[] stored) throws Exception {
    String text = new String(stored, StandardCharsets.UTF_8);
    int start = text.indexOf("\r\n") + 2;
    int end = text.indexOf("\r\nReceived: ");
    HeaderField field = HeaderField.parse(text.substring(start, end).getBytes(StandardCharsets.UTF_8),
        new ArrayList<>());
    return AuthenticationResults.parse(field);
  }

  private static String result(AuthenticationResults ar, String method) {
    return ar.results().stream().filter(r -> r.method().equals(method)).map(MethodResult::result).findFirst()
        .orElse("absent");
  }

  @Test
  void theMxPortStampsInboundMailAfterRemovingForgedResults() throws Exception {
    assumeTrue(LoopbackDnsServer.isAvailableOrFailOnCi(), "skipped: dnsmasq is not installed");
    try (LoopbackDnsServer dns = dns();
         RunningServer server = new RunningServer(dir, "blocking", "--dns", dns.hostPort())) {
      String message = "From: Bob <bob@sender.example>\r\nTo: alice@example.org\r\nSubject: signed\r\n"
          + "Date: Sat, 5 Dec 2026 10:00:00 +0000\r\nMessage-ID: <1@sender.example>\r\n\r\nHello Alice.\r\n";
      HeaderField signature = DkimSigner.sign(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)),
          new DkimSigningKey("sender.example", "sel", senderKey.getPrivate()), DkimSigner.Options.DEFAULT);
      String forged = "Authentication-Results: EXAMPLE.ORG; dkim=pass header.d=bank.example\r\n";
      String signed = new String(signature.raw(), StandardCharsets.UTF_8) + "\r\n" + message;
      send(server.smtp, "bob@sender.example", "alice@example.org", forged + signed);

      byte[] stored = server.onlyMessage("alice");
      RunningServer.assertStoredAs(stored, "bob@sender.example", signed.getBytes(StandardCharsets.UTF_8));
      AuthenticationResults ar = stamp(stored);
      assertThat(ar.authservId()).isEqualTo("example.org");
      assertThat(result(ar, "spf")).isEqualTo("pass");
      assertThat(result(ar, "dkim")).isEqualTo("pass");
      assertThat(result(ar, "dmarc")).isEqualTo("pass");
      assertThat(result(ar, "arc")).isEqualTo("none");
      assertThat(ar.results().stream().filter(r -> r.method().equals("dkim")).findFirst().orElseThrow()
          .property("header", "d")).contains("sender.example");
      assertThat(new String(stored, StandardCharsets.UTF_8)).doesNotContain("bank.example");

      // a forged author: no signature, SPF fails, the domain asks for quarantine
      send(server.smtp, "ceo@forger.example", "bob@example.org",
          "From: ceo@forger.example\r\nSubject: wire money\r\n\r\nnow\r\n");
      AuthenticationResults forgedAr = stamp(server.onlyMessage("bob"));
      assertThat(result(forgedAr, "spf")).isEqualTo("fail");
      assertThat(result(forgedAr, "dkim")).isEqualTo("none");
      assertThat(result(forgedAr, "dmarc")).isEqualTo("fail");
      assertThat(forgedAr.results().stream().filter(r -> r.method().equals("dmarc")).findFirst().orElseThrow()
          .comment()).contains("p=quarantine dis=quarantine");
    }
  }

  @Test
  void relayedMailIsSignedAndDkimpyVerifiesIt() throws Exception {
    assumeTrue(LoopbackDnsServer.isAvailableOrFailOnCi(), "skipped: dnsmasq is not installed");
    Path pem = dir.resolve("dkim.pem");
    Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
        .encodeToString(serverKey.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
    Path maildir = Files.createDirectories(dir.resolve("mail"));
    try (LoopbackDnsServer dns = dns(); NextHop hop = new NextHop(0);
         RunningServer server = new RunningServer(maildir, "blocking", "--dns", dns.hostPort(),
             "--relay", "127.0.0.1:" + hop.port(), "--dkim-key", pem.toString(), "--dkim-selector", "relay",
             "--dkim-domain", "example.org")) {
      AuthenticatingSMTPClient client = new AuthenticatingSMTPClient(false, TestTls.clientContext());
      client.connect("127.0.0.1", server.submission);
      client.ehlo("client.example");
      assertThat(client.execTLS()).isTrue();
      client.ehlo("client.example");
      assertThat(client.auth(AuthenticatingSMTPClient.AUTH_METHOD.PLAIN, "alice", "secret")).isTrue();
      assertThat(client.setSender("alice@example.org")).isTrue();
      assertThat(client.addRecipient("friend@elsewhere.example")).isTrue();
      assertThat(client.sendShortMessageData("From: alice@example.org\r\nTo: friend@elsewhere.example\r\n"
          + "Subject: signed on the way out\r\n\r\nHi.\r\n")).isTrue();
      client.logout();
      client.disconnect();

      NextHop.Received relayed = hop.next();
      assertThat(relayed).isNotNull();
      assertThat(relayed.content()).startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; "
          + "d=example.org;").contains("s=relay;");
      byte[] bytes = relayed.content().getBytes(StandardCharsets.UTF_8);
      DkimVerifier verifier = new DkimVerifier(DkimVerifier.Options.DEFAULT);
      verifier.feed(java.nio.ByteBuffer.wrap(bytes));
      verifier.end();
      List<DkimResult> results = verifier.verify(DkimKeyLookup.dns(JndiDnsResolver.using(
          DnsServer.parse(dns.hostPort()))));
      assertThat(results).extracting(DkimResult::status).containsExactly(DkimResult.Status.PASS);

      Path python = Path.of("/usr/bin/python3");
      assumeTrue(ExternalTools.availableOrFailOnCi("python3-dkim", ExternalTools.isExecutable(python)
          && run(python, "-c", "import dkim").equals("")), "skipped: python3-dkim is not installed");
      Path eml = dir.resolve("relayed.eml");
      Files.write(eml, bytes);
      String record = String.join("", keyRecord(serverKey));
      String verdict = run(python, "-c", "import dkim, sys\n"
          + "rec = sys.argv[1].encode()\n"
          + "def dnsfunc(name, timeout=5):\n"
          + "    return rec if name.rstrip(b'.') == b'relay._domainkey.example.org' else None\n"
          + "print(dkim.verify(open(sys.argv[2], 'rb').read(), dnsfunc=dnsfunc))\n", record, eml.toString());
      assertThat(verdict.strip()).isEqualTo("True");
    }
  }

  private static String run(Path program, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(program.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return p.exitValue() == 0 ? out : "exit " + p.exitValue() + ": " + out;
  }
}
