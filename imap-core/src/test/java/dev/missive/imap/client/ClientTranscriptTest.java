package dev.missive.imap.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.SequenceSet;
import dev.missive.imap.Section;
import dev.missive.imap.command.FetchItem;
import dev.missive.imap.command.StoreAction;
import dev.missive.sasl.SaslClientMechanisms;
import dev.missive.testkit.ChunkingCheck;
import dev.missive.testkit.EngineHost;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.ManualTime;
import dev.missive.testkit.Outcome;
import dev.missive.testkit.Side;
import dev.missive.testkit.Transcript;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.TlsPolicy;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The client engine against server sides written out as transcripts (the sample sessions of RFC 3501 §8 and
 * RFC 9051 §8, the latter with RFC 7677's SCRAM-SHA-256 exchange; RFC 9051
 * §6.2.1 STARTTLS, §6.2.2 AUTHENTICATE with SASL-IR, LOGIN refused with an RFC 5530
 * code, docs/security.md "A client that requires TLS"), each played whole, byte by byte and in random splits with
 * equal outcomes (docs/architecture.md, "Chunking independence").
 */
class ClientTranscriptTest {

  private record Case(String transcript, ImapClientConfig config, boolean implicitTls, Consumer<ImapClient> commands) {
    ChunkingCheck<ImapClient> check() {
      return ChunkingCheck.of(ClientTranscriptTest.transcript(transcript), Side.CLIENT, () -> {
        ManualTime time = new ManualTime();
        ImapClient c = new ImapClient(config, time.environment(), new PeerInfo("imap.example.org:143",
            "imap-client-test", implicitTls ? ConnectionSecurity.IMPLICIT_TLS : ConnectionSecurity.PLAINTEXT));
        return HostedEngine.of(c, recordingHost(commands), time);
      });
    }
  }

  static Transcript transcript(String name) {
    return Transcript.resource(ClientTranscriptTest.class::getResourceAsStream, "imap/client/" + name);
  }

  /**
   * Logs every event; section chunks are gathered and logged once at the section's end, whatever the splits. Once
   * logged in, it sends {@code commands}.
   */
  static EngineHost<ImapClient> recordingHost(Consumer<ImapClient> commands) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    return (client, log) -> {
      for (ImapClientEvent e; (e = client.nextEvent()) != null; ) {
        if (e instanceof ImapClientEvent.SectionChunk c) {
          ByteBuffer b = c.bytes();
          byte[] bytes = new byte[b.remaining()];
          b.get(bytes);
          content.writeBytes(bytes);
        } else if (e instanceof ImapClientEvent.SectionEnd) {
          log.add("SectionEnd content=" + content.toString(StandardCharsets.UTF_8));
          content.reset();
        } else {
          log.add(e);
          if (e instanceof ImapClientEvent.LoggedIn) {
            commands.accept(client);
          }
        }
      }
    };
  }

  private static final ImapClientConfig PLAINTEXT_LOGIN = ImapClientConfig.builder()
      .login(ImapLogin.password("mrc", "secret")).tlsPolicy(TlsPolicy.NONE).plaintextLoginAllowed(true).build();

  private static final List<Case> CASES = List.of(
      new Case("rfc3501-section8.txt", PLAINTEXT_LOGIN, false, c -> {
        c.select("inbox");
        c.fetch(false, SequenceSet.of(12), FetchItem.Macro.FULL.items().toArray(new FetchItem[0]));
        c.fetch(false, SequenceSet.of(12), new FetchItem.BodySection(Section.HEADER, Optional.empty(), false));
        c.store(false, SequenceSet.of(12), StoreAction.ADD, false, dev.missive.imap.Flag.DELETED);
        c.logout();
      }),
      new Case("tls-required-no-starttls.txt", ImapClientConfig.builder().login(ImapLogin.password("mrc", "secret"))
          .build(), false,
          ImapClient::noop),
      new Case("starttls-sasl-ir.txt", ImapClientConfig.builder().login(ImapLogin.sasl("PLAIN",
          () -> SaslClientMechanisms.plain("", "tim", "tanstaaftanstaaf"))).build(), false, c -> {
            c.select("Archive");
            c.logout();
          }),
      new Case("login-failed.txt", ImapClientConfig.builder().login(ImapLogin.password("mrc", "wrong")).build(),
          true, ImapClient::noop),
      new Case("rfc9051-section8.txt", ImapClientConfig.builder().login(ImapLogin.sasl("SCRAM-SHA-256",
          () -> SaslClientMechanisms.scramSha256("user", "pencil", () -> "rOprNGfwEbeRWgbNEkqO"))).build(), false,
          c -> {
            c.select("inbox");
            c.fetch(false, SequenceSet.of(12), FetchItem.Macro.FULL.items().toArray(new FetchItem[0]));
            c.fetch(false, SequenceSet.of(12), new FetchItem.BodySection(Section.HEADER, Optional.empty(), false));
            c.store(false, SequenceSet.of(12), StoreAction.ADD, false, dev.missive.imap.Flag.DELETED);
            c.logout();
          }));

  private static Outcome play(int index) {
    return CASES.get(index).check().assertIndependent(10);
  }

  @Test
  void rfc3501SampleSessionFromTheClientSide() {
    Outcome o = play(0);
    assertThat(o.events()).containsSubsequence(
        "LoggedIn[method=LOGIN, enabled=[]]",
        "Exists[count=18]",
        "Completed[tag=A4, result=Selected[mailbox=ClientMailbox[inbox, exists=18]]]",
        "Completed[tag=A6, result=Done[code=Optional.empty, text=FETCH completed]]",
        "Completed[tag=A7, result=Done[code=Optional.empty, text=+FLAGS completed]]",
        "Closed[orderly=true, reason=LOGOUT answered]");
    assertThat(o.events()).anyMatch(e -> e.startsWith("Fetched[seq=12, uid=OptionalLong.empty, attributes=[Flags"));
    assertThat(o.events()).anyMatch(e -> e.startsWith("SectionEnd content=Date: Wed, 17 Jul 1996 02:23:25 -0700 "
        + "(PDT)\r\n") && e.endsWith("CHARSET=US-ASCII\r\n\r\n"));
  }

  @Test
  void tlsRequiredWithoutStartTlsLogsOutBeforeAnyLogin() {
    assertThat(play(1).events()).last().isEqualTo(
        "Closed[orderly=true, reason=TLS is required and the server does not offer STARTTLS]");
  }

  @Test
  void startTlsThenSaslIrThenEnableAndATypedFailure() {
    Outcome o = play(2);
    assertThat(o.events()).containsSubsequence(
        "TlsRequested[]",
        "LoggedIn[method=AUTHENTICATE PLAIN, enabled=[IMAP4REV2]]",
        "Completed[tag=A5, result=Failed[status=NO, code=Optional[Atom[name=NONEXISTENT]], "
            + "text=Mailbox doesn't exist: Archive]]",
        "Closed[orderly=true, reason=LOGOUT answered]");
  }

  @Test
  void aRefusedLoginCarriesItsCodeAndLogsOut() {
    assertThat(play(3).events()).contains(
        "LoginFailed[method=LOGIN, failure=Failed[status=NO, code=Optional[Atom[name=AUTHENTICATIONFAILED]], "
            + "text=Authentication failed.]]");
  }

  @Test
  void rfc9051SampleSessionWithStartTlsAndScram() {
    Outcome o = play(4);
    assertThat(o.events()).containsSubsequence(
        "TlsRequested[]",
        "LoggedIn[method=AUTHENTICATE SCRAM-SHA-256, enabled=[IMAP4REV2]]",
        "Completed[tag=A5, result=Selected[mailbox=ClientMailbox[inbox, exists=18]]]",
        "Completed[tag=A8, result=Done[code=Optional.empty, text=+FLAGS completed]]",
        "Closed[orderly=true, reason=LOGOUT answered]");
  }

  @Test
  void everyTranscriptSplitAtEveryPosition() {
    for (Case c : CASES) {
      c.check().assertEverySplitPosition();
    }
  }
}
