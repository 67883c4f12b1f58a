package dev.missive.smtp.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.sasl.SaslClientMechanisms;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.testkit.TestTls;
import dev.missive.transport.TlsSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's smarthost lines of "Sending mail" run as printed against the library's submission listener: this test
 * holds the same lines and checks the README still has them (the MX lines run in {@link MxSenderDnsTest}).
 */
@Timeout(60)
class ReadmeSendingTest {

  static final String SMARTHOST = """
      SmtpSender sender = SmtpSender.smarthost("smtp.example.org")                     // port 587, STARTTLS required
          .authentication(() -> SaslClientMechanisms.plain("", "tim", password))       // or scramSha256, xoauth2, ...
          .build();
      SendResult result = sender.send(Envelope.of("tim@example.org", "alice@example.net"),
          MessageContent.of(Path.of("message.eml")));                 // scanned: BODY=8BITMIME, SMTPUTF8, SIZE declared
      for (RecipientResult r : result.failures()) {
        System.err.println(r);                                        // TEMPORARY_FAILURE or PERMANENT_FAILURE, the reply
      }
      """;

  @Test
  void theReadmeSmarthostLinesSend(@TempDir Path dir) throws Exception {
    assertThat(Files.readString(Path.of("../README.md"))).contains(SMARTHOST);
    Mailroom mailroom = new Mailroom();
    String password = "tanstaaf";
    SaslServerMechanisms sasl = SaslServerMechanisms.builder()
        .plain((user, given) -> user.equals("tim") && Arrays.equals(given, password.toCharArray())).build();
    Path message = dir.resolve("message.eml");
    Files.writeString(message, "Subject: caf\u00e9\r\n\r\nhello\r\n", StandardCharsets.UTF_8);
    try (SmtpListener submission = SmtpListener.builder("localhost", mailroom.accepting("submission"))
        .config(SmtpServerConfig.defaults("localhost").toBuilder().authMechanisms(sasl).build())
        .submission(true).port(0).tls(TlsSettings.of(TestTls.serverContext())).start()) {
      // the README's lines; the host, port, trust and the file's directory differ only to reach the test listener
      SmtpSender sender = SmtpSender.smarthost("localhost").port(submission.port()).trust(TestTls.clientContext())
          .authentication(() -> SaslClientMechanisms.plain("", "tim", password))       // or scramSha256, xoauth2, ...
          .build();
      SendResult result = sender.send(Envelope.of("tim@example.org", "alice@example.net"),
          MessageContent.of(message));                                // scanned: BODY=8BITMIME, SMTPUTF8, SIZE declared
      for (RecipientResult r : result.failures()) {
        System.err.println(r);                                        // TEMPORARY_FAILURE or PERMANENT_FAILURE, the reply
      }
      assertThat(result.allDelivered()).as(result.toString()).isTrue();
    }
    assertThat(mailroom.delivered).singleElement()
        .satisfies(d -> assertThat(d.parameters()).contains("SMTPUTF8").contains("BODY=8BITMIME"));
  }
}
