package dev.missive.imap.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.Flag;
import dev.missive.imap.ResponseCode;
import dev.missive.imap.ResponseStatus;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.Section;
import dev.missive.imap.StatusItem;
import dev.missive.imap.command.FetchItem;
import dev.missive.imap.command.ListReturnOption;
import dev.missive.imap.command.SearchReturnOption;
import dev.missive.imap.command.StoreAction;
import dev.missive.imap.protocol.NonSynchronizingLiterals;
import dev.missive.imap.response.FetchAttribute;
import dev.missive.wire.TlsPolicy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The client engine against the library's own server (ImapHandlerServer over InMemoryMailStore) in memory: the
 * opening with STARTTLS (RFC 9051 §6.2.1), the login, ENABLE (RFC 5161), and every command of RFC 9051 §6 the
 * client sends, with typed results; mailbox updates and numbering (§7.5.1); APPEND's synchronizing literal (§4.3).
 */
class ClientServerPairTest {

  private static ClientPair loggedIn() {
    ClientPair p = new ClientPair(ImapClientConfig.builder().login(ImapLogin.password("alice", "secret")).build(),
        ClientPair.serverConfig().build());
    p.drive();
    return p;
  }

  @Test
  void opensWithStartTlsLogsInAndEnables() {
    ClientPair p = loggedIn();
    assertThat(p.pair.tlsHandshakes()).isEqualTo(1);
    assertThat(p.client().isTlsActive()).isTrue();
    assertThat(p.events(ImapClientEvent.LoggedIn.class)).singleElement()
        .satisfies(l -> assertThat(l.method()).isEqualTo("LOGIN"));
    assertThat(p.events(ImapClientEvent.CapabilitiesKnown.class)).extracting(ImapClientEvent.CapabilitiesKnown::tls)
        .startsWith(false).contains(true);
    assertThat(p.client().state()).isEqualTo(ImapClientState.AUTHENTICATED);
    assertThat(p.pair.conversation()).contains("STARTTLS").contains("-- tls --");
  }

  @Test
  void listSelectFetchSearchStoreCopyMoveExpungeClose() {
    ClientPair p = loggedIn();
    ImapClient c = p.client();
    String create = c.create("Archive");
    String list = c.list("", "*");
    String status = c.status("INBOX", StatusItem.MESSAGES, StatusItem.UIDNEXT);
    String select = c.select("INBOX");
    String fetch = c.fetch(false, SequenceSet.of(1), FetchItem.Simple.UID, FetchItem.Simple.FLAGS,
        FetchItem.Simple.ENVELOPE, FetchItem.Simple.RFC822_SIZE,
        new FetchItem.BodySection(Section.WHOLE, Optional.empty(), true));
    String search = c.search(true, SearchCriteria.and(SearchCriteria.unseen(), SearchCriteria.subject("hello")));
    String store = c.store(false, SequenceSet.of(1), StoreAction.ADD, false, Flag.FLAGGED);
    String copy = c.copy(true, SequenceSet.of(1), "Archive");
    String move = c.move(false, SequenceSet.of(1), "Archive");
    p.drive();
    assertThat(p.result(create)).isInstanceOf(CommandResult.Done.class);
    assertThat(((CommandResult.Listed) p.result(list)).mailboxes()).extracting(m -> m.mailbox())
        .contains("INBOX", "Archive");
    assertThat(((CommandResult.Status) p.result(status)).status().values()).containsEntry(StatusItem.MESSAGES, 1L);
    CommandResult.Selected sel = (CommandResult.Selected) p.result(select);
    assertThat(sel.mailbox().name()).isEqualTo("INBOX");
    assertThat(sel.mailbox().uidValidity()).isPresent();
    assertThat(p.sections).containsExactly(new String(ClientPair.HELLO, StandardCharsets.US_ASCII));
    ImapClientEvent.Fetched f = p.events(ImapClientEvent.Fetched.class).get(0);
    assertThat(f.uid()).hasValue(1);
    assertThat(f.attributes()).anyMatch(a -> a instanceof FetchAttribute.EnvelopeData e
        && e.envelope().subject().orElseThrow().equals("hello"));
    assertThat(p.result(fetch)).isInstanceOf(CommandResult.Done.class);
    CommandResult.Searched s = (CommandResult.Searched) p.result(search);
    assertThat(s.matches()).hasValue(SequenceSet.of(1));
    assertThat(p.result(store)).isInstanceOf(CommandResult.Done.class);
    assertThat(((CommandResult.Copied) p.result(copy)).copyUid()).isPresent();
    assertThat(((CommandResult.Copied) p.result(move)).copyUid()).isPresent();
    assertThat(p.events(ImapClientEvent.Expunged.class)).singleElement()
        .satisfies(e -> assertThat(e.uid()).hasValue(1));
    assertThat(c.mailbox().orElseThrow().exists()).isZero();
    String close = c.close();
    String logout = c.logout();
    p.drive();
    assertThat(p.result(close)).isInstanceOf(CommandResult.Done.class);
    assertThat(p.result(logout)).isInstanceOf(CommandResult.Done.class);
    assertThat(p.events).last().isEqualTo(new ImapClientEvent.Closed(true, "LOGOUT answered"));
  }

  @Test
  void aFailedCommandCarriesItsResponseCode() {
    ClientPair p = loggedIn();
    String select = p.client().select("Nowhere");
    p.appendContent = "12345".getBytes(StandardCharsets.US_ASCII);
    String append = p.client().append("Nowhere", List.of(), Optional.empty(), 5);
    p.drive();
    CommandResult.Failed f = (CommandResult.Failed) p.result(select);
    assertThat(f.status()).isEqualTo(ResponseStatus.NO);
    CommandResult.Failed a = (CommandResult.Failed) p.result(append);
    assertThat(a.code()).contains(ResponseCode.TRYCREATE);
    assertThat(p.client().state()).isEqualTo(ImapClientState.AUTHENTICATED);
  }

  @Test
  void appendWaitsForTheContinuationAndStreamsTheMessage() {
    ClientPair p = new ClientPair(ImapClientConfig.builder().login(ImapLogin.password("alice", "secret")).build(),
        ClientPair.serverConfig().nonSynchronizingLiterals(NonSynchronizingLiterals.REFUSED).build());
    p.drive();
    // over 4096 octets: IMAP4rev2's LITERAL- does not cover it, so the literal synchronizes (RFC 9051 §4.3)
    byte[] msg = ("Subject: appended\r\n\r\n" + "body line\r\n".repeat(500)).getBytes(StandardCharsets.US_ASCII);
    p.appendContent = msg;
    String append = p.client().append("INBOX", List.of(Flag.SEEN), Optional.empty(), msg.length);
    p.drive();
    assertThat(((CommandResult.Appended) p.result(append)).appendUid()).isPresent();
    assertThat(p.store.messages("alice", "INBOX")).hasSize(2);
    assertThat(p.pair.conversation()).contains("{" + msg.length + "}").contains("S: + ");
  }

  @Test
  void idleReportsNewMailAndEndsWithDone() {
    ClientPair p = loggedIn();
    p.client().select("INBOX");
    String idle = p.client().idle();
    p.drive();
    assertThat(p.events(ImapClientEvent.IdleStarted.class)).hasSize(1);
    p.store.deliver("alice", "INBOX", ClientPair.HELLO);
    p.pair.advanceToNextDeadline();                     // the server's poll brings the delivery out
    assertThat(p.events(ImapClientEvent.Exists.class)).extracting(ImapClientEvent.Exists::count).contains(2L);
    p.client().idleDone();
    p.drive();
    assertThat(p.result(idle)).isInstanceOf(CommandResult.Done.class);
    assertThat(p.client().mailbox().orElseThrow().exists()).isEqualTo(2);
  }

  @Test
  void extendedListWithStatusNamespaceIdAndEsearch() {
    ClientPair p = loggedIn();
    ImapClient c = p.client();
    String list = c.list(Set.of(), "", List.of("*"), Set.of(ListReturnOption.STATUS), List.of(StatusItem.MESSAGES));
    String ns = c.namespace();
    String id = c.id(List.of());
    c.select("INBOX");
    String es = c.search(false, Set.of(SearchReturnOption.COUNT, SearchReturnOption.MIN), SearchCriteria.all());
    p.drive();
    CommandResult.Listed l = (CommandResult.Listed) p.result(list);
    assertThat(l.statuses()).isNotEmpty();
    assertThat(((CommandResult.Namespaces) p.result(ns)).namespace()).isPresent();
    assertThat(p.result(id)).isInstanceOf(CommandResult.ServerId.class);
    CommandResult.Searched s = (CommandResult.Searched) p.result(es);
    assertThat(s.count()).hasValue(1);
    assertThat(s.min()).hasValue(1);
  }

  @Test
  void tlsRequiredAgainstAServerWithoutStartTlsLogsOutWithoutLogin() {
    ClientPair p = new ClientPair(ImapClientConfig.builder().login(ImapLogin.password("alice", "secret")).build(),
        ClientPair.serverConfig().startTls(false).build());
    p.drive();
    assertThat(p.pair.conversation()).doesNotContain("LOGIN alice");
    assertThat(p.events(ImapClientEvent.Closed.class)).singleElement().satisfies(
        e -> assertThat(e.reason()).isEqualTo("TLS is required and the server does not offer STARTTLS"));
  }

  @Test
  void aPasswordIsNotSentInPlaintextUnlessAllowed() {
    ClientPair p = new ClientPair(ImapClientConfig.builder().login(ImapLogin.password("alice", "secret"))
        .tlsPolicy(TlsPolicy.NONE).build(), ClientPair.serverConfig().plaintextLoginBeforeTls(true).build());
    p.drive();
    assertThat(p.pair.conversation()).doesNotContain("secret");
    assertThat(p.events(ImapClientEvent.LoginFailed.class)).hasSize(1);
    ClientPair q = new ClientPair(ImapClientConfig.builder().login(ImapLogin.password("alice", "secret"))
        .tlsPolicy(TlsPolicy.NONE).plaintextLoginAllowed(true).build(),
        ClientPair.serverConfig().plaintextLoginBeforeTls(true).build());
    q.drive();
    assertThat(q.events(ImapClientEvent.LoggedIn.class)).hasSize(1);
  }
}
