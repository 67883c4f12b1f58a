package dev.missive.pop3.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.pop3.server.Pop3HandlerServer;
import dev.missive.pop3.server.Pop3Limits;
import dev.missive.pop3.server.Pop3ServerConfig;
import dev.missive.sasl.SaslClientMechanisms;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.sasl.ScramCredentials;
import dev.missive.testkit.EngineHost;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.InMemoryPair;
import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.TlsPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client engine against the server engine in memory (the testkit's pair, RFC 1939 §3–§7 end to end): every
 * command, each login method (USER/PASS, APOP, AUTH PLAIN and SCRAM-SHA-256, RFC 5034), STLS (RFC 2595) and
 * PIPELINING (RFC 2449 §6.6), DELE then QUIT committing in the UPDATE state (RFC 1939 §6), and a locked
 * maildrop's {@code [IN-USE]}.
 */
class ClientServerPairTest {

  private static final String ONE = "Subject: one\r\n\r\n.starts with a dot\r\n..two dots\r\nbody\r\n";
  private static final String TWO = "Subject: two\r\n\r\nline 1\r\nline 2\r\n.\r\nafter a lone dot\r\n";
  /** TOP 1 1 of ONE: the header, the blank line and one body line, un-stuffed (RFC 1939 §7). */
  private static final String TOP_OF_ONE = "Subject: one\r\n\r\n.starts with a dot\r\n";
  private static final byte[] SALT = "salt-for-tests".getBytes(StandardCharsets.US_ASCII);

  private final ManualTime time = new ManualTime();
  private final Mailbox mailbox = new Mailbox("mrose", "tanstaaf", ONE, TWO);

  private Pop3ServerConfig.Builder serverConfig() {
    return Pop3ServerConfig.builder().hostname("dewey").apop(true)
        .limits(Pop3Limits.builder().failedLoginDelay(Duration.ZERO).build())
        .sasl(SaslServerMechanisms.builder()
            .plain((user, password) -> user.equals("mrose") && new String(password).equals("tanstaaf"))
            .scramSha256(user -> user.equals("mrose")
                ? Optional.of(ScramCredentials.derive("tanstaaf", SALT, 4096)) : Optional.empty(),
                dev.missive.sasl.ScramDecoys.of(new byte[32], java.util.function.UnaryOperator.identity(), 4096,
                    SALT.length))
            .build());
  }

  private InMemoryPair<Pop3Client, Pop3HandlerServer> pair(Pop3ClientConfig config, Pop3ServerConfig server,
      ConnectionSecurity security, Consumer<Pop3Client> commands) {
    Pop3Client client = new Pop3Client(config, time.environment(1));
    commands.accept(client);
    InMemoryPair<Pop3Client, Pop3HandlerServer> pair = new InMemoryPair<>(
        HostedEngine.of(client, ClientFixtures.recordingHost()),
        HostedEngine.of(new Pop3HandlerServer(server, time.environment(2),
            ClientFixtures.peer(security), session -> mailbox),
            EngineHost.none()),
        time);
    pair.drive();
    return pair;
  }

  private InMemoryPair<Pop3Client, Pop3HandlerServer> trusted(Pop3Login login, Consumer<Pop3Client> commands) {
    return pair(Pop3ClientConfig.builder().login(login).tlsPolicy(TlsPolicy.NONE).build(),
        serverConfig().stlsAvailable(false).build(), ConnectionSecurity.TRUSTED, commands);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void everyCommandWithUserPass(boolean pipelining) {
    InMemoryPair<Pop3Client, Pop3HandlerServer> p = pair(
        Pop3ClientConfig.builder().login(Pop3Login.userPass("mrose", "tanstaaf")).tlsPolicy(TlsPolicy.NONE)
            .pipelining(pipelining).build(),
        serverConfig().stlsAvailable(false).build(), ConnectionSecurity.TRUSTED, c -> {
          c.stat();
          c.list();
          c.list(2);
          c.uidl();
          c.uidl(1);
          c.top(1, 1);
          c.retrieve(2);
          c.delete(1);
          c.retrieve(1);
          c.noop();
          c.reset();
          c.delete(2);
          c.quit();
        });
    int one = ONE.length();
    int two = TWO.length();
    assertThat(p.clientLog().entries()).containsSubsequence(
        "LoggedIn[method=USER, response=+OK mrose's maildrop has 2 messages (" + (one + two) + " octets)]",
        "StatResult[count=2, size=" + (one + two) + "]",
        "ListResult[listings=[ScanListing[messageNumber=1, size=" + one + "], ScanListing[messageNumber=2, size="
            + two + "]]]",
        "ListResult[listings=[ScanListing[messageNumber=2, size=" + two + "]]]",
        "UidlResult[listings=[UniqueIdListing[messageNumber=1, uniqueId=id-1], UniqueIdListing[messageNumber=2, "
            + "uniqueId=id-2]]]",
        "UidlResult[listings=[UniqueIdListing[messageNumber=1, uniqueId=id-1]]]",
        "MessageEnd[messageNumber=1, octets=" + TOP_OF_ONE.length() + ", bareLineEndings=false, longLines=false]"
            + " content=" + TOP_OF_ONE,
        "MessageEnd[messageNumber=2, octets=" + two + ", bareLineEndings=false, longLines=false] content=" + TWO,
        "CommandCompleted[command=DELE 1, response=+OK message 1 deleted]",
        "CommandCompleted[command=NOOP, response=+OK]",
        "CommandCompleted[command=DELE 2, response=+OK message 2 deleted]",
        "Closed[orderly=true, reason=QUIT answered: +OK dewey POP3 server signing off (1 message left)]");
    assertThat(p.clientLog().entries()).anyMatch(e -> e.startsWith("CommandFailed[command=RETR 1,"));
    assertThat(p.clientLog().entries()).anyMatch(e -> e.startsWith("CommandCompleted[command=RSET,"));
    assertThat(mailbox.log).containsExactly("update [2]");
    assertThat(p.client().isClosed()).isTrue();
    assertThat(p.server().isClosed()).isTrue();
    if (pipelining) {                                 // all thirteen commands went out in one write
      assertThat(p.conversation()).contains("C: STAT\nC: LIST\nC: LIST 2\n");
    }
  }

  @Test
  void apop() {
    InMemoryPair<Pop3Client, Pop3HandlerServer> p = trusted(Pop3Login.apop("mrose", "tanstaaf"), c -> {
      c.delete(1);
      c.quit();
    });
    assertThat(p.clientLog().entries()).anyMatch(e -> e.startsWith("LoggedIn[method=APOP,"));
    assertThat(p.conversation()).containsPattern("C: APOP mrose [0-9a-f]{32}");
    assertThat(mailbox.log).containsExactly("update [1]");
  }

  @Test
  void authPlain() {
    InMemoryPair<Pop3Client, Pop3HandlerServer> p = trusted(
        Pop3Login.sasl("PLAIN", () -> SaslClientMechanisms.plain("", "mrose", "tanstaaf")), Pop3Client::quit);
    assertThat(p.clientLog().entries()).anyMatch(e -> e.startsWith("LoggedIn[method=AUTH PLAIN,"));
  }

  @Test
  void authScramSha256VerifiesTheServer() {
    InMemoryPair<Pop3Client, Pop3HandlerServer> p = trusted(
        Pop3Login.sasl("SCRAM-SHA-256", () -> SaslClientMechanisms.scramSha256("mrose", "tanstaaf")), c -> {
          c.stat();
          c.quit();
        });
    assertThat(p.clientLog().entries()).anyMatch(e -> e.startsWith("LoggedIn[method=AUTH SCRAM-SHA-256,"));
    assertThat(p.clientLog().entries()).contains("StatResult[count=2, size=" + (ONE.length() + TWO.length()) + "]");
  }

  @Test
  void wrongScramPasswordFailsWithTheServersCode() {
    InMemoryPair<Pop3Client, Pop3HandlerServer> p = trusted(
        Pop3Login.sasl("SCRAM-SHA-256", () -> SaslClientMechanisms.scramSha256("mrose", "wrong")), c -> { });
    assertThat(p.clientLog().entries()).anyMatch(e -> e.startsWith("LoginFailed[method=AUTH SCRAM-SHA-256, "
        + "code=Optional[[AUTH]]"));
    assertThat(p.client().isClosed()).isTrue();
  }

  @Test
  void stlsThenLoginWhereThePlaintextPolicyRefusesLoginsBeforeTls() {
    InMemoryPair<Pop3Client, Pop3HandlerServer> p = pair(
        Pop3ClientConfig.builder().login(Pop3Login.userPass("mrose", "tanstaaf")).build(),      // TlsPolicy.REQUIRED
        serverConfig().stlsAvailable(true).build(), ConnectionSecurity.PLAINTEXT, c -> {
          c.top(2, 0);
          c.quit();
        });
    assertThat(p.tlsHandshakes()).isEqualTo(1);
    List<String> log = p.clientLog().entries();
    assertThat(log).containsSubsequence("TlsRequested[]", "LoggedIn[method=USER, response=+OK mrose's maildrop "
        + "has 2 messages (" + (ONE.length() + TWO.length()) + " octets)]");
    assertThat(log).anyMatch(e -> e.startsWith("CapabilitiesKnown[") && e.contains("STLS") && e.endsWith("tls=false]"));
    assertThat(log).anyMatch(e -> e.startsWith("CapabilitiesKnown[") && !e.contains("STLS") && e.endsWith("tls=true]"));
    assertThat(log).contains("MessageEnd[messageNumber=2, octets=16, bareLineEndings=false, longLines=false] "
        + "content=Subject: two\r\n\r\n");
    assertThat(p.conversation().indexOf("-- tls --")).isLessThan(p.conversation().indexOf("C: USER mrose"));
  }

  @Test
  void lockedMaildropGivesInUse() {
    InMemoryPair<Pop3Client, Pop3HandlerServer> first = trusted(Pop3Login.userPass("mrose", "tanstaaf"), c -> { });
    assertThat(first.client().state()).isEqualTo(Pop3ClientState.TRANSACTION);
    InMemoryPair<Pop3Client, Pop3HandlerServer> second = trusted(Pop3Login.userPass("mrose", "tanstaaf"), c -> { });
    assertThat(second.clientLog().entries()).anyMatch(e -> e.startsWith("LoginFailed[method=USER, "
        + "code=Optional[[IN-USE]]"));
    first.client().quit();
    first.drive();
    assertThat(first.clientLog().entries()).last().asString().startsWith("Closed[orderly=true");
  }

  @Test
  void nonAsciiPasswordEntersUtf8ModeFirst() {
    Mailbox utf8 = new Mailbox("mrose", "t\u00e4nstaaf", ONE);
    Pop3Client client = new Pop3Client(Pop3ClientConfig.builder().login(Pop3Login.userPass("mrose", "t\u00e4nstaaf"))
        .tlsPolicy(TlsPolicy.NONE).build(), time.environment(1));
    client.quit();
    InMemoryPair<Pop3Client, Pop3HandlerServer> p = new InMemoryPair<>(
        HostedEngine.of(client, ClientFixtures.recordingHost()),
        HostedEngine.of(new Pop3HandlerServer(serverConfig().stlsAvailable(false).build(),
            time.environment(2), ClientFixtures.peer(ConnectionSecurity.TRUSTED), session -> utf8),
            EngineHost.none()),
        time);
    p.drive();
    assertThat(p.conversation()).containsSubsequence("C: UTF8", "S: +OK", "C: USER mrose", "C: PASS ");
    assertThat(p.clientLog().entries()).anyMatch(e -> e.startsWith("LoggedIn[method=USER,"));
  }
}
