package dev.missive.imap.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.Flag;
import dev.missive.imap.MailboxAttribute;
import dev.missive.imap.ResponseStatus;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.command.FetchItem;
import dev.missive.imap.command.ListReturnOption;
import dev.missive.imap.command.ListSelectOption;
import dev.missive.imap.command.StoreAction;
import dev.missive.imap.response.FetchAttribute;
import dev.missive.sasl.SaslClientMechanisms;
import dev.missive.sasl.SaslServerMechanisms;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The client's commands that {@link ClientServerPairTest} leaves out, each against the library's own server in
 * memory (ImapHandlerServer over InMemoryMailStore), with their effect on the store: CREATE, RENAME, SUBSCRIBE,
 * UNSUBSCRIBE and DELETE (RFC 9051 §6.3.4-§6.3.8), CREATE with a special use and LIST's SPECIAL-USE options
 * (RFC 6154 §3, §5.2), LSUB (RFC 3501 §6.3.9) beside LIST (SUBSCRIBED) (RFC 5258 §3.1),
 * EXAMINE and UNSELECT (RFC 9051 §6.3.3, §6.4.2), FETCH of BODYSTRUCTURE, INTERNALDATE, BINARY[] and BINARY.SIZE
 * (RFC 9051 §6.4.5, RFC 3516 §4.2), EXPUNGE and UID EXPUNGE (RFC 9051 §6.4.3, §6.4.9), CAPABILITY, NOOP and ENABLE
 * (§6.1.1, §6.1.2, RFC 5161), AUTHENTICATE through sasl with SASL-IR (RFC 9051 §6.2.2, RFC 4959), APPEND with
 * LITERAL+ (RFC 7888) and SEARCH for non-ASCII text (RFC 9051 §6.4.4).
 */
class ClientServerCommandsTest {

  /** A multipart message whose second part is base64: BINARY[2] is its decoded content (RFC 3516 §4.2). */
  private static final String DECODED = "binary part, decoded by the server\r\n";
  private static final byte[] MULTIPART = ("From: Bob <bob@example.org>\r\nTo: alice@example.org\r\n"
      + "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\nMIME-Version: 1.0\r\n"
      + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nfirst\r\n"
      + "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
      + Base64.getMimeEncoder().encodeToString(DECODED.getBytes(StandardCharsets.US_ASCII)) + "\r\n--b--\r\n")
      .getBytes(StandardCharsets.US_ASCII);

  private static ClientPair loggedIn() {
    ClientPair p = new ClientPair(ImapClientConfig.builder().login(ImapLogin.password("alice", "secret")).build(),
        ClientPair.serverConfig().build());
    p.drive();
    return p;
  }

  private static List<String> names(CommandResult r) {
    return ((CommandResult.Listed) r).mailboxes().stream().map(m -> m.mailbox()).toList();
  }

  @Test
  void createRenameSubscribeLsubUnsubscribeDelete() {
    ClientPair p = loggedIn();
    ImapClient c = p.client();
    String create = c.create("Work");
    String rename = c.rename("Work", "Projects");
    String subscribe = c.subscribe("Projects", true);
    String lsub = c.lsub("", "*");
    String subscribed = c.list(Set.of(ListSelectOption.SUBSCRIBED), "", List.of("*"), Set.of(), List.of());
    String unsubscribe = c.subscribe("Projects", false);
    String lsubAfter = c.lsub("", "*");
    p.drive();
    assertThat(List.of(create, rename, subscribe, unsubscribe)).allSatisfy(
        t -> assertThat(p.result(t)).isInstanceOf(CommandResult.Done.class));
    assertThat(p.store.mailboxNames("alice")).contains("Projects").doesNotContain("Work");
    assertThat(names(p.result(lsub))).contains("Projects");
    assertThat(names(p.result(subscribed))).contains("Projects");
    assertThat(names(p.result(lsubAfter))).doesNotContain("Projects");
    String delete = c.delete("Projects");
    String deleteAgain = c.delete("Projects");
    String renameMissing = c.rename("Nowhere", "Somewhere");
    String list = c.list("", "*");
    p.drive();
    assertThat(p.result(delete)).isInstanceOf(CommandResult.Done.class);
    assertThat(((CommandResult.Failed) p.result(deleteAgain)).status()).isEqualTo(ResponseStatus.NO);
    assertThat(((CommandResult.Failed) p.result(renameMissing)).status()).isEqualTo(ResponseStatus.NO);
    assertThat(names(p.result(list))).contains("INBOX").doesNotContain("Projects", "Work");
    assertThat(p.store.mailboxNames("alice")).doesNotContain("Projects");
  }

  @Test
  void createsASpecialUseMailboxAndListsItsUse() {
    ClientPair p = loggedIn();
    ImapClient c = p.client();
    String create = c.create("Spam", MailboxAttribute.JUNK);
    String list = c.list(Set.of(ListSelectOption.SPECIAL_USE), "", List.of("*"),
        Set.of(ListReturnOption.SPECIAL_USE), List.of());
    p.drive();
    assertThat(p.pair.conversation()).contains("CREATE Spam (USE (").contains("Junk))");
    assertThat(p.result(create)).isInstanceOf(CommandResult.Done.class);
    assertThat(((CommandResult.Listed) p.result(list)).mailboxes()).anySatisfy(m -> {
      assertThat(m.mailbox()).isEqualTo("Spam");
      assertThat(m.attributes()).contains(MailboxAttribute.JUNK);
    });
  }

  @Test
  void examineFetchesStructureDateAndBinaryThenUnselects() {
    ClientPair p = loggedIn();
    p.store.deliver("alice", "INBOX", MULTIPART);
    ImapClient c = p.client();
    String examine = c.examine("INBOX");
    String fetch = c.fetch(false, SequenceSet.of(2), FetchItem.Simple.BODYSTRUCTURE, FetchItem.Simple.INTERNALDATE,
        new FetchItem.BinarySize(List.of(2)), new FetchItem.Binary(List.of(2), Optional.empty(), false));
    p.drive();
    CommandResult.Selected sel = (CommandResult.Selected) p.result(examine);
    assertThat(sel.mailbox().readOnly()).isTrue();
    assertThat(sel.mailbox().exists()).isEqualTo(2);
    assertThat(p.result(fetch)).isInstanceOf(CommandResult.Done.class);
    List<FetchAttribute> attributes = p.events(ImapClientEvent.Fetched.class).stream()
        .filter(f -> f.seq() == 2).flatMap(f -> f.attributes().stream()).toList();
    List<FetchAttribute> before = p.events(ImapClientEvent.SectionStart.class).get(0).earlier();
    List<FetchAttribute> all = new java.util.ArrayList<>(attributes);
    all.addAll(before);
    assertThat(all).anySatisfy(a -> assertThat(a).isInstanceOfSatisfying(FetchAttribute.Structure.class,
        s -> assertThat(s.structure().toString()).containsIgnoringCase("mixed")));
    assertThat(all).anySatisfy(a -> assertThat(a).isInstanceOf(FetchAttribute.InternalDate.class));
    assertThat(all).anySatisfy(a -> assertThat(a).isEqualTo(
        new FetchAttribute.BinarySize(List.of(2), DECODED.length())));
    assertThat(p.sections).containsExactly(DECODED);
    // EXAMINE is read-only (RFC 9051 §6.3.3): the non-peek BINARY[2] set no \Seen
    assertThat(p.store.messages("alice", "INBOX").get(1).flags()).doesNotContain(Flag.SEEN);
    String unselect = c.unselect();
    p.drive();
    assertThat(p.result(unselect)).isInstanceOf(CommandResult.Done.class);
    assertThat(c.state()).isEqualTo(ImapClientState.AUTHENTICATED);
    assertThat(c.mailbox()).isEmpty();
  }

  @Test
  void uidExpungeRemovesOnlyTheNamedMessagesAndExpungeTheRest() {
    ClientPair p = loggedIn();
    p.store.deliver("alice", "INBOX", ClientPair.HELLO);
    p.store.deliver("alice", "INBOX", ClientPair.HELLO);
    ImapClient c = p.client();
    c.select("INBOX");
    String store = c.store(true, SequenceSet.of(1, 2, 3), StoreAction.ADD, true, Flag.DELETED);
    String uidExpunge = c.uidExpunge(SequenceSet.of(2));
    p.drive();
    assertThat(p.result(store)).isInstanceOf(CommandResult.Done.class);
    assertThat(p.result(uidExpunge)).isInstanceOf(CommandResult.Done.class);
    assertThat(p.events(ImapClientEvent.Expunged.class)).singleElement()
        .satisfies(e -> assertThat(e.seq()).isEqualTo(2));
    assertThat(c.mailbox().orElseThrow().exists()).isEqualTo(2);
    assertThat(p.store.messages("alice", "INBOX")).hasSize(2);
    String expunge = c.expunge();
    p.drive();
    assertThat(p.result(expunge)).isInstanceOf(CommandResult.Done.class);
    // the numbers shift on each EXPUNGE (RFC 9051 §7.5.1): messages 1 and 2 (was 3) go as 1, 1
    assertThat(p.events(ImapClientEvent.Expunged.class)).extracting(ImapClientEvent.Expunged::seq)
        .containsExactly(2L, 1L, 1L);
    assertThat(c.mailbox().orElseThrow().exists()).isZero();
    assertThat(p.store.messages("alice", "INBOX")).isEmpty();
  }

  @Test
  void capabilityNoopAndEnable() {
    ClientPair p = loggedIn();
    ImapClient c = p.client();
    String capability = c.capability();
    String noop = c.noop();
    String enable = c.enable("CONDSTORE-NOT-OFFERED");
    p.drive();
    assertThat(((CommandResult.Capabilities) p.result(capability)).capabilities()).contains("IMAP4rev2");
    assertThat(p.result(noop)).isInstanceOf(CommandResult.Done.class);
    assertThat(((CommandResult.Enabled) p.result(enable)).capabilities()).isEmpty();
    assertThat(p.events(ImapClientEvent.LoggedIn.class).get(0).enabled()).isNotEmpty();
  }

  @Test
  void authenticatesThroughSaslWithAnInitialResponse() {
    ClientPair p = new ClientPair(ImapClientConfig.builder().login(ImapLogin.sasl("PLAIN",
        () -> SaslClientMechanisms.plain("", "alice", "secret"))).build(),
        ClientPair.serverConfig().sasl(SaslServerMechanisms.builder().plain((u, pw) -> "alice".equals(u)
            && "secret".equals(new String(pw))).build()).build());
    p.drive();
    assertThat(p.events(ImapClientEvent.LoggedIn.class)).singleElement()
        .satisfies(l -> assertThat(l.method()).isEqualTo("AUTHENTICATE PLAIN"));
    String plain = Base64.getEncoder().encodeToString("\0alice\0secret".getBytes(StandardCharsets.US_ASCII));
    assertThat(p.pair.conversation()).contains("AUTHENTICATE PLAIN " + plain);
  }

  @Test
  void appendWithLiteralPlusSendsTheMessageWithoutWaiting() {
    ClientPair p = loggedIn();
    p.appendContent = "Subject: quick\r\n\r\nno wait\r\n".getBytes(StandardCharsets.US_ASCII);
    String append = p.client().append("INBOX", List.of(), Optional.empty(), p.appendContent.length);
    p.drive();
    assertThat(((CommandResult.Appended) p.result(append)).appendUid()).isPresent();
    assertThat(p.pair.conversation()).contains("{" + p.appendContent.length + "+}").doesNotContain("S: + ");
    assertThat(p.store.messages("alice", "INBOX")).hasSize(2);
  }

  @Test
  void searchesForNonAsciiText() {
    ClientPair p = loggedIn();
    p.store.deliver("alice", "INBOX", MULTIPART);
    ImapClient c = p.client();
    c.select("INBOX");
    String search = c.search(false, SearchCriteria.subject("grüße"));
    String none = c.search(false, SearchCriteria.subject("Grüßen"));
    p.drive();
    // an IMAP4rev2 session: the server answers ESEARCH, ALL by default (RFC 9051 §6.4.4)
    assertThat(p.pair.conversation()).contains("S: * ESEARCH");
    CommandResult.Searched found = (CommandResult.Searched) p.result(search);
    assertThat(found.matches()).hasValue(SequenceSet.of(2));
    assertThat(List.of(found.min(), found.max(), found.count())).containsExactly(OptionalLong.of(2),
        OptionalLong.of(2), OptionalLong.of(1));
    CommandResult.Searched nothing = (CommandResult.Searched) p.result(none);
    assertThat(nothing.matches()).isEmpty();
    assertThat(nothing.count()).hasValue(0);
  }

  @Test
  void searchesForNonAsciiTextWithCharsetUtf8WhenUtf8IsNotEnabled() {
    ClientPair p = new ClientPair(ImapClientConfig.builder().login(ImapLogin.password("alice", "secret"))
        .enable(List.of()).build(),
        ClientPair.serverConfig().build());
    p.drive();
    p.store.deliver("alice", "INBOX", MULTIPART);
    ImapClient c = p.client();
    c.select("INBOX");
    String search = c.search(false, SearchCriteria.subject("grüße"));
    p.drive();
    // an IMAP4rev1 session: the text needs CHARSET UTF-8 (RFC 3501 §6.4.4), and the answer is SEARCH
    assertThat(p.pair.conversation()).contains("SEARCH CHARSET UTF-8 SUBJECT").contains("S: * SEARCH 2");
    assertThat(((CommandResult.Searched) p.result(search)).matches()).hasValue(SequenceSet.of(2));
  }
}
