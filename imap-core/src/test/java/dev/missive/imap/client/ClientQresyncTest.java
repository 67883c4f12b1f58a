package dev.missive.imap.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.Flag;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.command.QresyncParameters;
import dev.missive.imap.command.StoreAction;
import dev.missive.imap.response.FetchAttribute;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The client's side of CONDSTORE and QRESYNC (RFC 7162) against the library's server in memory: the mailbox's
 * HIGHESTMODSEQ kept, a cached mailbox resynchronised with one SELECT (VANISHED (EARLIER) and changed flags as
 * events), VANISHED shrinking the count once QRESYNC is enabled.
 */
class ClientQresyncTest {

  @Test
  void aCachedMailboxIsResynchronisedWithOneSelect() {
    ClientPair p = new ClientPair(ImapClientConfig.builder().login(ImapLogin.password("alice", "secret")).build(),
        ClientPair.serverConfig().build());
    p.store.deliver("alice", "INBOX", ClientPair.HELLO);
    p.store.deliver("alice", "INBOX", ClientPair.HELLO); // UIDs 1-3
    p.drive();
    ImapClient c = p.client();
    String enable = c.enable("QRESYNC");
    String select = c.select("INBOX");
    p.drive();
    assertThat(((CommandResult.Enabled) p.result(enable)).capabilities()).containsExactly("QRESYNC");
    ClientMailbox cached = ((CommandResult.Selected) p.result(select)).mailbox();
    long uidValidity = cached.uidValidity().orElseThrow();
    long modSeq = cached.highestModSeq().orElseThrow();
    assertThat(modSeq).isPositive();

    // meanwhile another session flags UID 1 and expunges UID 2; the client's cache knows UIDs 1-3
    c.store(true, SequenceSet.of(1), StoreAction.ADD, true, Flag.FLAGGED);
    c.store(true, SequenceSet.of(2), StoreAction.ADD, true, Flag.DELETED);
    String expunge = c.expunge();
    p.drive();
    assertThat(p.result(expunge)).isInstanceOf(CommandResult.Done.class);
    // RFC 7162 §3.2.10: VANISHED instead of EXPUNGE, the count shrinks
    assertThat(p.events(ImapClientEvent.Vanished.class)).singleElement().satisfies(v -> {
      assertThat(v.earlier()).isFalse();
      assertThat(v.uids().format()).isEqualTo("2");
    });
    assertThat(c.mailbox().orElseThrow().exists()).isEqualTo(2);

    p.events.clear();
    String again = c.select("INBOX", false, new QresyncParameters(uidValidity, modSeq,
        Optional.of(SequenceSet.parse("1:3")), Optional.empty(), Optional.empty()));
    p.drive();
    assertThat(p.result(again)).isInstanceOf(CommandResult.Selected.class);
    assertThat(p.pair.conversation()).contains("QRESYNC (" + uidValidity + " " + modSeq + " 1:3)");
    assertThat(p.events(ImapClientEvent.Vanished.class)).singleElement().satisfies(v -> {
      assertThat(v.earlier()).isTrue();
      assertThat(v.uids().format()).isEqualTo("2");
    });
    assertThat(p.events(ImapClientEvent.Fetched.class)).singleElement().satisfies(f -> {
      assertThat(f.uid()).hasValue(1);
      assertThat(f.attributes()).contains(new FetchAttribute.Flags(java.util.List.of(Flag.FLAGGED)));
      assertThat(f.attributes()).anyMatch(a -> a instanceof FetchAttribute.ModSeq m && m.modSeq() > modSeq);
    });
    assertThat(c.mailbox().orElseThrow().exists()).isEqualTo(2);
    assertThat(c.mailbox().orElseThrow().highestModSeq().orElseThrow()).isGreaterThan(modSeq);
  }

  @Test
  void theConfigurationEnablesBothWhenOffered() {
    ClientPair p = new ClientPair(ImapClientConfig.builder().login(ImapLogin.password("alice", "secret"))
        .enable(java.util.List.of("IMAP4rev2", "CONDSTORE", "QRESYNC")).build(), ClientPair.serverConfig().build());
    p.drive();
    assertThat(p.events(ImapClientEvent.LoggedIn.class)).singleElement()
        .satisfies(l -> assertThat(l.enabled()).contains("CONDSTORE", "QRESYNC"));
    String select = p.client().select("INBOX");
    p.drive();
    assertThat(((CommandResult.Selected) p.result(select)).mailbox().highestModSeq()).isPresent();
  }
}
