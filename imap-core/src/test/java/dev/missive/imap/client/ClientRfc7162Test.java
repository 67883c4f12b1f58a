package dev.missive.imap.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.Flag;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.StatusItem;
import dev.missive.imap.command.FetchItem;
import dev.missive.imap.command.QresyncParameters;
import dev.missive.imap.command.StoreAction;
import dev.missive.testkit.ChunkingCheck;
import dev.missive.testkit.EngineHost;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.ManualTime;
import dev.missive.testkit.Outcome;
import dev.missive.testkit.Side;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.TlsPolicy;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * RFC 7162's example sessions from the client's side (transcripts {@code transcripts/imap/client/rfc7162-*.txt}, the
 * server's lines the RFC's own), whole, byte by byte and in random splits: conditional STORE with its
 * {@code [MODIFIED]}, CHANGEDSINCE, MODSEQ, the QRESYNC select with VANISHED (EARLIER), VANISHED shrinking the count,
 * and the mailbox's HIGHESTMODSEQ as §6 says a client keeps it.
 */
class ClientRfc7162Test {

  private static final ImapClientConfig CONFIG = ImapClientConfig.builder().login(ImapLogin.password("mrc", "secret"))
      .tlsPolicy(TlsPolicy.NONE).plaintextLoginAllowed(true).build();

  /** Logs every event and the mailbox's HIGHESTMODSEQ at each completion; sends the next command after it. */
  static EngineHost<ImapClient> oneAtATime(List<Consumer<ImapClient>> commands) {
    ArrayDeque<Consumer<ImapClient>> left = new ArrayDeque<>(commands);
    return (client, log) -> {
      for (ImapClientEvent e; (e = client.nextEvent()) != null; ) {
        log.add(e);
        if (e instanceof ImapClientEvent.Completed) {
          log.add("highestModSeq=" + client.mailbox().map(m -> m.highestModSeq().toString()).orElse("none"));
        }
        if ((e instanceof ImapClientEvent.LoggedIn || e instanceof ImapClientEvent.Completed) && !left.isEmpty()) {
          left.poll().accept(client);
        }
      }
    };
  }

  private static Outcome play(String transcript, ImapClientConfig config, List<Consumer<ImapClient>> commands) {
    return ChunkingCheck.of(ClientTranscriptTest.transcript(transcript), Side.CLIENT, () -> {
      ManualTime time = new ManualTime();
      ImapClient c = new ImapClient(config, time.environment(), new PeerInfo("imap.example.org:143",
          "rfc7162", ConnectionSecurity.PLAINTEXT));
      return HostedEngine.of(c, oneAtATime(commands), time);
    }).assertIndependent(5);
  }

  @Test
  void condstoreExamples() {
    Outcome o = play("rfc7162-condstore.txt", CONFIG, List.of(
        c -> c.selectCondstore("INBOX", false),
        c -> c.fetch(false, SequenceSet.parse("1:3"), FetchItem.Simple.MODSEQ),
        c -> c.store(true, SequenceSet.parse("6,4,8"), 12121230045L, StoreAction.ADD, true, Flag.DELETED),
        c -> c.store(false, SequenceSet.parse("7,5,9"), 320162338L, StoreAction.ADD, true, Flag.DELETED),
        c -> c.store(false, SequenceSet.of(12), 0, StoreAction.ADD, true, new Flag("$MDNSent")),
        c -> c.fetchChangedSince(true, SequenceSet.parse("1:*"), 12345, false, FetchItem.Simple.FLAGS),
        c -> c.status("blurdybloop", StatusItem.UIDNEXT, StatusItem.MESSAGES, StatusItem.HIGHESTMODSEQ)));
    assertThat(o.events()).containsSubsequence(
        "Completed[tag=A3, result=Selected[mailbox=ClientMailbox[INBOX, exists=172]]]",
        "highestModSeq=OptionalLong[715194045007]",
        "Fetched[seq=3, uid=OptionalLong.empty, attributes=[ModSeq[modSeq=624140005]]]",
        "Fetched[seq=4, uid=OptionalLong[8], attributes=[Uid[uid=8], ModSeq[modSeq=12121230956]]]",
        "Completed[tag=A6, result=Done[code=Optional[Modified[set=7,9]], text=Conditional STORE failed]]",
        "Completed[tag=A7, result=Done[code=Optional[Modified[set=12]], text=Conditional STORE failed]]");
    assertThat(o.events()).anyMatch(e -> e.startsWith("Completed[tag=A9, result=Status") && e.contains("7011231777"));
    // RFC 7162 §6: every MODSEQ seen was below the mailbox's, which stays
    assertThat(o.events()).last().isEqualTo("highestModSeq=OptionalLong[715194045007]");
  }

  @Test
  void qresyncExamples() {
    Outcome o = play("rfc7162-qresync.txt", CONFIG.toBuilder().mailboxResync().build(), List.of(
        c -> c.select("INBOX", false, new QresyncParameters(67890007L, 20050715194045000L,
            Optional.of(SequenceSet.parse("41,43:211,214:541")), Optional.empty(), Optional.empty())),
        c -> c.select("INBOX", false, new QresyncParameters(67890007L, 90060115194045000L,
            Optional.of(SequenceSet.parse("41:211,214:541")), Optional.empty(), Optional.empty())),
        ImapClient::expunge,
        c -> c.store(false, SequenceSet.parse("1:2"), 96, StoreAction.ADD, true, Flag.SEEN),
        c -> c.store(false, SequenceSet.of(3), StoreAction.ADD, true, Flag.SEEN),
        ImapClient::noop));
    assertThat(o.events()).containsSubsequence(
        "LoggedIn[method=LOGIN, enabled=[QRESYNC, CONDSTORE]]",
        "Completed[tag=A4, result=Selected[mailbox=ClientMailbox[INBOX, exists=464]]]",
        "highestModSeq=OptionalLong[90060128194045007]",
        "Vanished[earlier=true, uids=41,43:116,118,120:211,214:540]",
        "Fetched[seq=49, uid=OptionalLong[117], attributes=[Uid[uid=117], Flags[flags=[\\Seen, \\Answered]], "
            + "ModSeq[modSeq=90060115194045001]]]",
        "Completed[tag=A5, result=Selected[mailbox=ClientMailbox[INBOX, exists=100]]]",
        "highestModSeq=OptionalLong[90060115205545359]",
        "Vanished[earlier=false, uids=405,407,410,425]",
        // RFC 7162 §3.2.7: the completion's HIGHESTMODSEQ, used as given
        "highestModSeq=OptionalLong[20010715194045319]",
        // §6: HIGHESTMODSEQ 99 is used although MODSEQ 103 was seen, and again after 104
        "Completed[tag=A7, result=Done[code=Optional[Modified[set=3]], text=done]]",
        "highestModSeq=OptionalLong[99]",
        "highestModSeq=OptionalLong[99]",
        "Vanished[earlier=false, uids=8]",
        "highestModSeq=OptionalLong[104]");
  }
}
