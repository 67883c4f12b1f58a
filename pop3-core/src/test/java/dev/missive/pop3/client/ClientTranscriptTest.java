package dev.missive.pop3.client;

import static dev.missive.pop3.client.ClientFixtures.hosted;
import static dev.missive.pop3.client.ClientFixtures.rfc1939;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.sasl.SaslClientMechanisms;
import dev.missive.testkit.ChunkingCheck;
import dev.missive.testkit.Feeding;
import dev.missive.testkit.Outcome;
import dev.missive.testkit.Side;
import dev.missive.wire.TlsPolicy;
import java.util.List;
import java.util.function.Consumer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The client engine against server sides written out as transcripts (RFC 1939 §10 and the issue's session,
 * RFC 1939 §7 APOP, RFC 2449 CAPA and PIPELINING, RFC 2595 STLS, RFC 5034 AUTH, docs/security.md, "A client that
 * requires TLS" and "Password guessing"), each played whole, byte by byte and in random splits with equal outcomes
 * (docs/architecture.md, "Chunking independence").
 */
class ClientTranscriptTest {

  private static final String MESSAGE_1 = "From: mrose@dbc.mtview.ca.us\r\nSubject: one\r\n\r\nHello.\r\n"
      + ". a line that starts with a dot\r\nend\r\nxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n";

  /** One transcript with the client configuration and commands that play it. */
  private record Case(String transcript, Pop3ClientConfig config, Consumer<Pop3Client> commands) {
    ChunkingCheck<Pop3Client> check() {
      return ChunkingCheck.of(ClientFixtures.transcript(transcript), Side.CLIENT, () -> hosted(config, commands));
    }
  }

  private static final Consumer<Pop3Client> RFC1939_COMMANDS = c -> {
    c.stat();
    c.list();
    c.retrieve(1);
    c.delete(1);
    c.retrieve(2);
    c.delete(2);
    c.quit();
  };

  private static final List<Case> CASES = List.of(
      new Case("pop3/server/issue6-user-pass.txt",
          rfc1939(Pop3Login.userPass("mrose", "mrosepass")).build(), RFC1939_COMMANDS),
      new Case("pop3/server/rfc1939-section10-apop.txt",
          rfc1939(Pop3Login.apop("mrose", "tanstaaf")).build(), RFC1939_COMMANDS),
      new Case("pop3/client/capa-stls-auth-pipelining.txt",
          Pop3ClientConfig.builder().login(Pop3Login.sasl("PLAIN",
              () -> SaslClientMechanisms.plain("test", "test", "test"))).build(),
          c -> {
            c.uidl();
            c.top(1, 0);
            c.delete(1);
            c.quit();
          }),
      new Case("pop3/client/tls-required-no-stls.txt",
          Pop3ClientConfig.builder().login(Pop3Login.userPass("mrose", "secret")).build(), Pop3Client::stat),
      new Case("pop3/client/tls-required-stls-refused.txt",
          Pop3ClientConfig.builder().login(Pop3Login.userPass("mrose", "secret")).build(), Pop3Client::stat),
      new Case("pop3/client/opportunistic-no-capa.txt",
          Pop3ClientConfig.builder().login(Pop3Login.userPass("mrose", "mrose pass with spaces"))
              .tlsPolicy(TlsPolicy.OPPORTUNISTIC).build(),
          c -> {
            c.list(2);
            c.uidl(1);
            c.delete(1);
            c.retrieve(1);
            c.reset();
            c.noop();
            c.quit();
          }),
      new Case("pop3/client/apop-malformed-timestamp.txt", rfc1939(Pop3Login.apop("mrose", "tanstaaf")).build(),
          Pop3Client::stat),
      new Case("pop3/client/bounded-listing.txt",
          rfc1939(Pop3Login.userPass("mrose", "secret"))
              .limits(Pop3ClientLimits.builder().maxListingLines(2).build()).build(),
          c -> {
            c.list();
            c.stat();
            c.quit();
          }),
      new Case("pop3/client/login-failed.txt", rfc1939(Pop3Login.userPass("mrose", "wrong")).build(),
          Pop3Client::stat),
      new Case("pop3/client/sasl-challenges.txt",
          rfc1939(Pop3Login.sasl("CRAM-MD5", () -> SaslClientMechanisms.cramMd5("tim", "tanstaaftanstaaf")))
              .build(), Pop3Client::quit),
      new Case("pop3/client/sasl-bad-challenge.txt",
          rfc1939(Pop3Login.sasl("CRAM-MD5", () -> SaslClientMechanisms.cramMd5("tim", "tanstaaftanstaaf")))
              .build(), Pop3Client::quit));

  private static Outcome play(int index) {
    return CASES.get(index).check().assertIndependent(10);
  }

  @Test
  void issue6SessionAsWritten() {
    Outcome o = play(0);
    assertThat(o.events()).containsSubsequence(
        "LoggedIn[method=USER, response=+OK mrose's maildrop has 2 messages (320 octets)]",
        "StatResult[count=2, size=320]",
        "ListResult[listings=[ScanListing[messageNumber=1, size=120], ScanListing[messageNumber=2, size=200]]]",
        "MessageEnd[messageNumber=1, octets=120, bareLineEndings=false, longLines=false] content=" + MESSAGE_1,
        "CommandCompleted[command=DELE 1, response=+OK message 1 deleted]",
        "CommandCompleted[command=DELE 2, response=+OK message 2 deleted]",
        "Closed[orderly=true, reason=QUIT answered: +OK dewey POP3 server signing off (maildrop empty)]");
    assertThat(o.events()).anyMatch(e -> e.startsWith("MessageEnd[messageNumber=2, octets=200,"));
  }

  @Test
  void rfc1939ApopExampleSendsTheRfcDigest() {
    Outcome o = play(1);                               // the transcript holds c4c9334bac560ecc979e58001b3e22fb
    assertThat(o.events().get(0)).isEqualTo("Greeted[greeting=+OK POP3 server ready "
        + "<1896.697170952@dbc.mtview.ca.us>, apopTimestamp=Optional[<1896.697170952@dbc.mtview.ca.us>], "
        + "malformedTimestamp=false]");
    assertThat(o.events()).contains("LoggedIn[method=APOP, response=+OK mrose's maildrop has 2 messages "
        + "(320 octets)]");
  }

  @Test
  void capaStlsAuthAndPipelining() {
    Outcome o = play(2);
    assertThat(o.events()).containsSubsequence(
        "CapabilitiesKnown[capabilities=[TOP, USER, SASL PLAIN, RESP-CODES, STLS, UIDL], tls=false]",
        "TlsRequested[]",
        "CapabilitiesKnown[capabilities=[TOP, USER, SASL PLAIN SCRAM-SHA-256, RESP-CODES, PIPELINING, UIDL], "
            + "tls=true]",
        "LoggedIn[method=AUTH PLAIN, response=+OK test's maildrop has 2 messages (320 octets)]",
        "UidlResult[listings=[UniqueIdListing[messageNumber=1, uniqueId=whqtswO00WBw418f9t5JxYwZ], "
            + "UniqueIdListing[messageNumber=2, uniqueId=QhdPYR:00WBw1Ph7x7]]]",
        "MessageEnd[messageNumber=1, octets=82, bareLineEndings=false, longLines=false] content="
            + "From: mrose@dbc.mtview.ca.us\r\n.Subject: a header line made to start with a dot\r\n\r\n",
        "CommandCompleted[command=DELE 1, response=+OK message 1 deleted]",
        "Closed[orderly=true, reason=QUIT answered: +OK dewey POP3 server signing off (1 message left)]");
  }

  @Test
  void tlsRequiredWithoutStlsQuitsBeforeAnyLogin() {
    assertThat(play(3).events()).last().isEqualTo(
        "Closed[orderly=true, reason=TLS is required and the server does not offer STLS]");
    assertThat(play(4).events()).last().asString().startsWith(
        "Closed[orderly=true, reason=TLS is required and the server refused STLS: -ERR [SYS/TEMP]");
  }

  @Test
  void rfc1939OnlyServerWithSingleLineListingsAndErrors() {
    Outcome o = play(5);
    assertThat(o.events()).containsSubsequence(
        "CapabilitiesKnown[capabilities=[], tls=false]",
        "LoggedIn[method=USER, response=+OK mrose's maildrop has 2 messages (320 octets)]",
        "ListResult[listings=[ScanListing[messageNumber=2, size=200]]]",
        "UidlResult[listings=[UniqueIdListing[messageNumber=1, uniqueId=whqtswO00WBw418f9t5JxYwZ]]]",
        "CommandCompleted[command=DELE 1, response=+OK message 1 deleted]",
        "CommandFailed[command=RETR 1, text=message 1 already deleted, code=Optional.empty]",
        "CommandCompleted[command=RSET, response=+OK maildrop has 2 messages (320 octets)]",
        "CommandCompleted[command=NOOP, response=+OK]",
        "CommandCompleted[command=QUIT, response=+OK dewey POP3 server signing off]");
  }

  @Test
  void malformedApopTimestampIsRefused() {
    Outcome o = play(6);
    assertThat(o.events()).containsExactly(
        "Greeted[greeting=+OK POP3 server ready <1896.697170952>, apopTimestamp=Optional.empty, "
            + "malformedTimestamp=true]",
        "CapabilitiesKnown[capabilities=[], tls=false]",
        "LoginFailed[method=APOP, code=Optional.empty, text=the greeting holds no valid APOP timestamp "
            + "(RFC 1939 §7)]",
        "CommandCompleted[command=QUIT, response=+OK bye]",
        "Closed[orderly=true, reason=login failed: the greeting holds no valid APOP timestamp (RFC 1939 §7)]");
  }

  @Test
  void listingOverTheLimitFailsAndTheSessionStaysInSync() {
    assertThat(play(7).events()).containsSubsequence(
        "CommandFailed[command=LIST, text=more than 2 lines, code=Optional.empty]",
        "StatResult[count=3, size=60]");
  }

  @Test
  void loginFailureCarriesTheResponseCode() {
    assertThat(play(8).events()).contains(
        "LoginFailed[method=USER, code=Optional[[AUTH]], text=invalid user name or password]");
  }

  @Test
  void saslChallengesAndCancel() {
    assertThat(play(9).events()).contains(
        "LoggedIn[method=AUTH CRAM-MD5, response=+OK tim's maildrop has 0 messages (0 octets)]");
    assertThat(play(10).events()).anyMatch(e -> e.startsWith("LoginFailed[method=AUTH CRAM-MD5, code=Optional.empty, "
        + "text=the server's challenge is not base64 (server: authentication cancelled)"));
  }

  @Test
  void everyTranscriptSplitAtEveryPosition() {
    for (Case c : CASES) {
      c.check().assertEverySplitPosition();
    }
  }

  @Property(tries = 200)
  void anyTranscriptAnySplit(@ForAll @IntRange(min = 0, max = 10) int index, @ForAll long seed) {
    CASES.get(index).check().assertSameAsWhole(Feeding.random(seed));
  }
}
