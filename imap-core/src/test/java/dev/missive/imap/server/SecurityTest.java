package dev.missive.imap.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.imap.Flag;
import dev.missive.imap.MailboxAttribute;
import dev.missive.imap.response.UntaggedResponse;
import dev.missive.imap.store.InMemoryMailStore;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.testkit.ChunkingCheck;
import dev.missive.testkit.EngineHost;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.ManualTime;
import dev.missive.testkit.Side;
import dev.missive.wire.ConnectionSecurity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The IMAP attacks of docs/security.md ("IMAP"), each against the engine. */
class SecurityTest {

  @Test
  void startTlsInjectionIsDiscarded() {
    InMemoryMailStore[] store = new InMemoryMailStore[1];
    ChunkingCheck.of(RfcSampleTest.transcript("starttls-injection.txt"), Side.SERVER, () -> {
      store[0] = Sessions.store();
      ManualTime time = new ManualTime();
      return HostedEngine.of(new ImapHandlerServer(store[0], Sessions.handlerConfig().startTls(true).build(),
          time.environment(), Sessions.peer(ConnectionSecurity.PLAINTEXT)), EngineHost.none(), time);
    }).assertIndependent(10);
  }

  @Test
  void aFourGigabyteLiteralIsRefusedBeforeItIsSentAndTheSessionGoesOn() {
    ImapHandlerServer s = Sessions.loggedIn(Sessions.store());
    assertThat(Sessions.exchange(s, "b CREATE {4294967296}\r\n"))
        .isEqualTo("b BAD [TOOBIG] Literal too large\r\n"); // no "+": the client never sends the octets
    assertThat(Sessions.exchange(s, "c NOOP\r\n")).isEqualTo("c OK NOOP completed\r\n");
    assertThat(Sessions.exchange(s, "d APPEND INBOX {4294967296}\r\n"))
        .isEqualTo("d NO [TOOBIG] Message too large\r\n");
    assertThat(Sessions.exchange(s, "e NOOP\r\n")).isEqualTo("e OK NOOP completed\r\n");
  }

  @Test
  void aMegabyteCommandWithoutLineEndIsRefusedAndSkipped() {
    ImapHandlerServer s = Sessions.loggedIn(Sessions.store());
    byte[] chunk = new byte[64 * 1024];
    java.util.Arrays.fill(chunk, (byte) 'a');
    StringBuilder answers = new StringBuilder();
    for (int i = 0; i < 16; i++) { // 1 MiB, fed as a transport would, with the output drained in between
      answers.append(Sessions.exchange(s, chunk));
    }
    answers.append(Sessions.exchange(s, "\r\nf NOOP\r\n"));
    assertThat(answers.toString()).isEqualTo("* BAD [TOOBIG] Command line too long\r\nf OK NOOP completed\r\n");
    assertThat(s.engine().state()).isEqualTo(ImapState.AUTHENTICATED);
  }

  @Test
  void loginBeforeTlsIsRefusedByDefaultAndAllowedOnATrustedConnection() {
    ImapServer plain = Sessions.raw(Sessions.config().startTls(true).build(), ConnectionSecurity.PLAINTEXT);
    assertThat(Sessions.drain(plain)).contains(" STARTTLS LOGINDISABLED ");
    assertThat(Sessions.exchange(plain, "a LOGIN alice secret\r\n"))
        .isEqualTo("a NO [PRIVACYREQUIRED] LOGIN is disabled before TLS\r\n");
    assertThat(plain.nextEvent()).isNull(); // the host never saw the password

    ImapServer trusted = Sessions.raw(Sessions.config().build(), ConnectionSecurity.TRUSTED);
    assertThat(Sessions.drain(trusted)).doesNotContain("LOGINDISABLED");
    Sessions.exchange(trusted, "a LOGIN alice secret\r\n");
    assertThat(trusted.nextEvent()).isInstanceOf(ImapServerEvent.LoginRequested.class);
  }

  @Test
  void plaintextSaslMechanismsWaitForTlsToo() {
    SaslServerMechanisms plain = SaslServerMechanisms.builder().plain((u, p) -> true).build();
    ImapServer s = Sessions.raw(Sessions.config().startTls(true).sasl(plain).build(), ConnectionSecurity.PLAINTEXT);
    assertThat(Sessions.drain(s)).doesNotContain("AUTH=PLAIN");
    assertThat(Sessions.exchange(s, "a AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==\r\n"))
        .isEqualTo("a NO [PRIVACYREQUIRED] This mechanism needs TLS\r\n");
  }

  @Test
  void namesWithLineEndsOrQuotesGoAsLiteralsOrQuoted() {
    ImapServer s = Sessions.raw(Sessions.config().build(), ConnectionSecurity.TRUSTED);
    Sessions.drain(s);
    Sessions.exchange(s, "a LOGIN alice secret\r\n");
    s.nextEvent();
    s.accept();
    Sessions.drain(s);
    s.nextEvent();
    // IMAP4rev1 names go in modified UTF-7, where CR and LF are base64 (RFC 3501 §5.1.3)
    assertThat(listBoth(s, "b")).isEqualTo("* LIST () \"/\" \"evil&AA0ACg-b OK LOGIN\"\r\n"
        + "* LIST () \"/\" \"say \\\"hi\\\"\"\r\nb OK LIST completed\r\n");
    Sessions.exchange(s, "c ENABLE IMAP4rev2\r\n");
    s.nextEvent();
    // IMAP4rev2 names are UTF-8 (RFC 9051 §5.1): a name with CR or LF can only be a literal
    assertThat(listBoth(s, "d")).isEqualTo("* LIST () \"/\" {16}\r\nevil\r\nb OK LOGIN\r\n"
        + "* LIST () \"/\" \"say \\\"hi\\\"\"\r\nd OK LIST completed\r\n");
    assertThatThrownBy(() -> new Flag("\\Seen\r\nb OK")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MailboxAttribute("\\Noselect\"")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.reject(null, "no\r\nb OK")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void noSecretInALogLine() {
    SaslServerMechanisms plain = SaslServerMechanisms.builder().plain((u, p) -> false).build();
    String secretB64 = Base64.getEncoder().encodeToString("\0alice\0hunter2".getBytes(StandardCharsets.UTF_8));
    List<String> replies = new ArrayList<>();
    String log = stderrOf(() -> {
      ImapHandlerServer s = Sessions.handler(Sessions.store(), Sessions.config().sasl(plain).build(),
          ConnectionSecurity.TRUSTED);
      Sessions.drain(s);
      replies.add(Sessions.exchange(s, "a LOGIN alice hunter2\r\n"));
      replies.add(Sessions.exchange(s, "b AUTHENTICATE PLAIN " + secretB64 + "\r\n"));
      replies.add(Sessions.exchange(s, "c LOGIN alice secret\r\nd LOGOUT\r\n"));
    });
    assertThat(replies.get(0)).startsWith("a NO [AUTHENTICATIONFAILED]");
    assertThat(replies.get(1)).startsWith("b NO [AUTHENTICATIONFAILED]");
    assertThat(replies.get(2)).contains("c OK", "d OK LOGOUT completed");
    assertThat(log).contains("[imap-test]").contains("failed login").doesNotContain("hunter2")
        .doesNotContain(secretB64).doesNotContain("secret");
  }

  private static String listBoth(ImapServer s, String tag) {
    Sessions.exchange(s, tag + " LIST \"\" *\r\n");
    s.nextEvent();
    s.respond(new UntaggedResponse.MailboxList(List.of(), Optional.of('/'), "evil\r\nb OK LOGIN", List.of(),
        Optional.empty(), false));
    s.respond(new UntaggedResponse.MailboxList(List.of(), Optional.of('/'), "say \"hi\"", List.of(),
        Optional.empty(), false));
    s.complete();
    return Sessions.drain(s);
  }

  /** What {@code action} writes to System.err, where the tests' slf4j-simple logs. */
  static String stderrOf(Runnable action) {
    PrintStream old = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(old);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }


}
