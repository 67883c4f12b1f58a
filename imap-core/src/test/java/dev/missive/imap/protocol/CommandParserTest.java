package dev.missive.imap.protocol;

import static dev.missive.imap.protocol.Decoding.decode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.Flag;
import dev.missive.imap.IdParameter;
import dev.missive.imap.MailboxAttribute;
import dev.missive.imap.Partial;
import dev.missive.imap.Section;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.StatusItem;
import dev.missive.imap.command.AnyStateCommand;
import dev.missive.imap.command.AuthenticatedCommand;
import dev.missive.imap.command.Command;
import dev.missive.imap.command.FetchItem;
import dev.missive.imap.command.ListReturnOption;
import dev.missive.imap.command.ListSelectOption;
import dev.missive.imap.command.NotAuthenticatedCommand;
import dev.missive.imap.command.SearchKey;
import dev.missive.imap.command.SearchKey.DateComparison;
import dev.missive.imap.command.SearchKey.DateField;
import dev.missive.imap.command.SearchKey.Target;
import dev.missive.imap.command.SearchReturnOption;
import dev.missive.imap.command.SelectedCommand;
import dev.missive.imap.command.StoreAction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every command, search key and fetch item of RFC 9051 §9 (and RFC 3501 §9) parsed into its record. */
class CommandParserTest {

  static Command parse(String line) {
    List<String> out = decode(line + "\r\n");
    CommandDecoder d = new CommandDecoder(ImapLimits.DEFAULT, NonSynchronizingLiterals.LITERAL_PLUS);
    CommandInput r = d.next(ByteBuffer.wrap((line + "\r\n").getBytes(StandardCharsets.UTF_8)));
    assertThat(r).as(line + " -> " + out).isInstanceOf(CommandInput.Received.class);
    return ((CommandInput.Received) r).command();
  }

  static String refused(String line) {
    CommandDecoder d = new CommandDecoder(ImapLimits.DEFAULT, NonSynchronizingLiterals.LITERAL_PLUS);
    CommandInput r = d.next(ByteBuffer.wrap((line + "\r\n").getBytes(StandardCharsets.UTF_8)));
    assertThat(r).as(line).isInstanceOf(CommandInput.Refused.class);
    return ((CommandInput.Refused) r).text();
  }

  private static SearchKey key(String keys) {
    return ((SelectedCommand.Search) parse("a SEARCH " + keys)).criteria();
  }

  @Test
  void everySearchKey() {
    assertThat(key("ALL")).isEqualTo(new SearchKey.All());
    assertThat(key("ANSWERED")).isEqualTo(new SearchKey.FlagKey(Flag.ANSWERED, true));
    assertThat(key("UNANSWERED")).isEqualTo(new SearchKey.FlagKey(Flag.ANSWERED, false));
    assertThat(key("DELETED")).isEqualTo(new SearchKey.FlagKey(Flag.DELETED, true));
    assertThat(key("UNDELETED")).isEqualTo(new SearchKey.FlagKey(Flag.DELETED, false));
    assertThat(key("DRAFT")).isEqualTo(new SearchKey.FlagKey(Flag.DRAFT, true));
    assertThat(key("UNDRAFT")).isEqualTo(new SearchKey.FlagKey(Flag.DRAFT, false));
    assertThat(key("FLAGGED")).isEqualTo(new SearchKey.FlagKey(Flag.FLAGGED, true));
    assertThat(key("UNFLAGGED")).isEqualTo(new SearchKey.FlagKey(Flag.FLAGGED, false));
    assertThat(key("SEEN")).isEqualTo(new SearchKey.FlagKey(Flag.SEEN, true));
    assertThat(key("UNSEEN")).isEqualTo(new SearchKey.FlagKey(Flag.SEEN, false));
    assertThat(key("RECENT")).isEqualTo(new SearchKey.FlagKey(Flag.RECENT, true));
    assertThat(key("OLD")).isEqualTo(new SearchKey.FlagKey(Flag.RECENT, false));
    assertThat(key("NEW")).isEqualTo(new SearchKey.And(List.of(new SearchKey.FlagKey(Flag.RECENT, true),
        new SearchKey.FlagKey(Flag.SEEN, false))));
    assertThat(key("KEYWORD $Junk")).isEqualTo(new SearchKey.FlagKey(new Flag("$Junk"), true));
    assertThat(key("UNKEYWORD $Junk")).isEqualTo(new SearchKey.FlagKey(new Flag("$Junk"), false));
    assertThat(key("BCC x")).isEqualTo(new SearchKey.Contains(Target.BCC, "x"));
    assertThat(key("CC \"a b\"")).isEqualTo(new SearchKey.Contains(Target.CC, "a b"));
    assertThat(key("FROM {3+}\r\nx y")).isEqualTo(new SearchKey.Contains(Target.FROM, "x y"));
    assertThat(key("TO x")).isEqualTo(new SearchKey.Contains(Target.TO, "x"));
    assertThat(key("SUBJECT x")).isEqualTo(new SearchKey.Contains(Target.SUBJECT, "x"));
    assertThat(key("BODY x")).isEqualTo(new SearchKey.Contains(Target.BODY, "x"));
    assertThat(key("TEXT x")).isEqualTo(new SearchKey.Contains(Target.TEXT, "x"));
    assertThat(key("HEADER Message-ID \"<a@b>\"")).isEqualTo(new SearchKey.Header("Message-ID", "<a@b>"));
    assertThat(key("HEADER X-Empty \"\"")).isEqualTo(new SearchKey.Header("X-Empty", ""));
    LocalDate d = LocalDate.of(1994, 2, 1);
    assertThat(key("BEFORE 1-Feb-1994")).isEqualTo(new SearchKey.DateKey(DateField.INTERNAL, DateComparison.BEFORE, d));
    assertThat(key("ON \"1-Feb-1994\"")).isEqualTo(new SearchKey.DateKey(DateField.INTERNAL, DateComparison.ON, d));
    assertThat(key("SINCE 1-Feb-1994")).isEqualTo(new SearchKey.DateKey(DateField.INTERNAL, DateComparison.SINCE, d));
    assertThat(key("SENTBEFORE 1-Feb-1994")).isEqualTo(new SearchKey.DateKey(DateField.SENT, DateComparison.BEFORE, d));
    assertThat(key("SENTON 1-Feb-1994")).isEqualTo(new SearchKey.DateKey(DateField.SENT, DateComparison.ON, d));
    assertThat(key("SENTSINCE 1-Feb-1994")).isEqualTo(new SearchKey.DateKey(DateField.SENT, DateComparison.SINCE, d));
    assertThat(key("LARGER 9223372036854775807")).isEqualTo(new SearchKey.Size(true, Long.MAX_VALUE));
    assertThat(key("SMALLER 0")).isEqualTo(new SearchKey.Size(false, 0));
    assertThat(key("UID 1:*")).isEqualTo(new SearchKey.Uids(SequenceSet.all()));
    assertThat(key("UID $")).isEqualTo(new SearchKey.Uids(SequenceSet.saved()));
    assertThat(key("2,4:7")).isEqualTo(new SearchKey.SequenceNumbers(SequenceSet.parse("2,4:7")));
    assertThat(key("$")).isEqualTo(new SearchKey.SequenceNumbers(SequenceSet.saved()));
    assertThat(key("NOT SEEN")).isEqualTo(new SearchKey.Not(new SearchKey.FlagKey(Flag.SEEN, true)));
    assertThat(key("OR SEEN (FLAGGED DRAFT)")).isEqualTo(new SearchKey.Or(new SearchKey.FlagKey(Flag.SEEN, true),
        new SearchKey.And(List.of(new SearchKey.FlagKey(Flag.FLAGGED, true), new SearchKey.FlagKey(Flag.DRAFT, true)))));
    assertThat(key("(SEEN)")).isEqualTo(new SearchKey.FlagKey(Flag.SEEN, true));
    assertThat(key("seen unflagged")).isEqualTo(new SearchKey.And(List.of(new SearchKey.FlagKey(Flag.SEEN, true),
        new SearchKey.FlagKey(Flag.FLAGGED, false))));
  }

  @Test
  void searchReturnOptionsAndCharset() {
    SelectedCommand.Search s = (SelectedCommand.Search) parse("a UID SEARCH RETURN (MIN MAX ALL COUNT SAVE) "
        + "CHARSET \"UTF-8\" ALL");
    assertThat(s.uid()).isTrue();
    assertThat(s.returnOptions()).contains(Set.of(SearchReturnOption.values()));
    assertThat(s.charset()).contains("UTF-8");
    assertThat(((SelectedCommand.Search) parse("a SEARCH RETURN () ALL")).returnOptions()).contains(Set.of());
    assertThat(((SelectedCommand.Search) parse("a SEARCH ALL")).returnOptions()).isEmpty();
  }

  @Test
  void searchStringsAreDecodedWithTheCharset() {
    CommandDecoder d = new CommandDecoder(ImapLimits.DEFAULT, NonSynchronizingLiterals.LITERAL_PLUS);
    byte[] head = "a SEARCH CHARSET ISO-8859-1 TEXT {4+}\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] latin = {'c', 'a', 'f', (byte) 0xE9, '\r', '\n'};
    ByteBuffer in = ByteBuffer.allocate(head.length + latin.length).put(head).put(latin).flip();
    SelectedCommand.Search s = (SelectedCommand.Search) ((CommandInput.Received) d.next(in)).command();
    assertThat(s.criteria()).isEqualTo(new SearchKey.Contains(Target.TEXT, "caf\u00e9"));
    byte[] bad = {'a', ' ', 'S', 'E', 'A', 'R', 'C', 'H', ' ', 'T', 'E', 'X', 'T', ' ', '{', '1', '+', '}', '\r', '\n',
        (byte) 0xFF, '\r', '\n'};
    CommandInput r = new CommandDecoder(ImapLimits.DEFAULT, NonSynchronizingLiterals.LITERAL_PLUS)
        .next(ByteBuffer.wrap(bad));
    assertThat(((CommandInput.Refused) r).text()).isEqualTo("search string is not valid UTF-8");
  }

  @Test
  void badSearches() {
    assertThat(refused("a SEARCH")).isEqualTo("missing ' '");
    assertThat(refused("a SEARCH FOO")).isEqualTo("unknown search key FOO");
    assertThat(refused("a SEARCH KEYWORD \\Seen")).isEqualTo("atom expected");
    assertThat(refused("a SEARCH HEADER \"a b\" c")).isEqualTo("not a header field name");
    assertThat(refused("a SEARCH RETURN (FOO) ALL")).isEqualTo("unknown SEARCH return option FOO");
    assertThat(refused("a SEARCH " + "NOT ".repeat(150) + "ALL")).contains("nested too deeply");
    assertThat(refused("a SEARCH " + "(".repeat(150) + "ALL" + ")".repeat(150))).contains("nested too deeply");
    assertThat(refused("a SEARCH " + "OR ".repeat(150) + "ALL ALL".repeat(1))).contains("nested too deeply");
  }

  private static List<FetchItem> items(String items) {
    return ((SelectedCommand.Fetch) parse("a FETCH 1 " + items)).items();
  }

  @Test
  void everyFetchItem() {
    assertThat(items("(ENVELOPE FLAGS INTERNALDATE RFC822.SIZE BODY BODYSTRUCTURE UID RFC822 RFC822.HEADER "
        + "RFC822.TEXT MODSEQ)")).containsExactly(FetchItem.Simple.values());
    assertThat(items("ALL")).isEqualTo(FetchItem.Macro.ALL.items());
    assertThat(items("fast")).isEqualTo(FetchItem.Macro.FAST.items());
    assertThat(items("FULL")).isEqualTo(FetchItem.Macro.FULL.items());
    assertThat(items("BODY[]")).containsExactly(new FetchItem.BodySection(Section.WHOLE, Optional.empty(), false));
    assertThat(items("BODY.PEEK[HEADER]<0.100>")).containsExactly(
        new FetchItem.BodySection(Section.HEADER, Optional.of(new Partial(0, 100)), true));
    assertThat(items("body[1.2.3]")).containsExactly(
        new FetchItem.BodySection(Section.part(1, 2, 3), Optional.empty(), false));
    assertThat(items("BODY[1.2.HEADER.FIELDS (From \"Subject\")]")).containsExactly(new FetchItem.BodySection(
        new Section(List.of(1, 2), Section.Text.HEADER_FIELDS, List.of("From", "Subject")), Optional.empty(), false));
    assertThat(items("BODY[HEADER.FIELDS.NOT (DATE)]")).containsExactly(new FetchItem.BodySection(
        new Section(List.of(), Section.Text.HEADER_FIELDS_NOT, List.of("DATE")), Optional.empty(), false));
    assertThat(items("BODY[4.1.MIME]")).containsExactly(new FetchItem.BodySection(
        new Section(List.of(4, 1), Section.Text.MIME, List.of()), Optional.empty(), false));
    assertThat(items("BODY[TEXT]<9223372036854775807.1>")).containsExactly(
        new FetchItem.BodySection(Section.TEXT, Optional.of(new Partial(Long.MAX_VALUE, 1)), false));
    assertThat(items("(BINARY[1] BINARY.PEEK[]<5.10> BINARY.SIZE[2.1])")).containsExactly(
        new FetchItem.Binary(List.of(1), Optional.empty(), false),
        new FetchItem.Binary(List.of(), Optional.of(new Partial(5, 10)), true),
        new FetchItem.BinarySize(List.of(2, 1)));
  }

  @Test
  void badFetches() {
    assertThat(refused("a FETCH 1 BODY[MIME]")).isEqualTo("MIME needs a part number");
    assertThat(refused("a FETCH 1 BODY.PEEK")).isEqualTo("BODY.PEEK needs a section");
    assertThat(refused("a FETCH 1 BODY[1.TEXT.MIME]")).isEqualTo("unknown section text");
    assertThat(refused("a FETCH 1 BODY[1.TEXT (x)]")).isEqualTo("expected ']'");
    assertThat(refused("a FETCH 1 BODY[0]")).isEqualTo("number must not be zero");
    assertThat(refused("a FETCH 1 BODY[]<0.0>")).isEqualTo("number must not be zero");
    assertThat(refused("a FETCH 1 BINARY[HEADER]")).isEqualTo("number expected");
    assertThat(refused("a FETCH 1 BINARY.SIZE[1]<0.5>")).isEqualTo("unexpected characters at the end");
    assertThat(refused("a FETCH 1 (FLAGS")).isEqualTo("missing ')'");
    assertThat(refused("a FETCH 1 ()")).isEqualTo("name expected");
    assertThat(refused("a FETCH 1 FOO")).isEqualTo("unknown FETCH item FOO");
    assertThat(refused("a FETCH 1 (FLAGS) (CHANGEDSINCE 5 FOO)")).isEqualTo("unknown or repeated FETCH modifier FOO");
    assertThat(refused("a FETCH 1 BODY[HEADER.FIELDS ()]")).isEqualTo("string expected");
  }

  @Test
  void storeCopyMoveExpunge() {
    assertThat(parse("a STORE 2:4 +FLAGS (\\Deleted)")).isEqualTo(new SelectedCommand.Store("a", false,
        SequenceSet.range(2, 4), StoreAction.ADD, false, List.of(Flag.DELETED)));
    assertThat(parse("a UID STORE 1 -FLAGS.SILENT \\Seen $x")).isEqualTo(new SelectedCommand.Store("a", true,
        SequenceSet.of(1), StoreAction.REMOVE, true, List.of(Flag.SEEN, new Flag("$x"))));
    assertThat(parse("a STORE * FLAGS ()")).isEqualTo(new SelectedCommand.Store("a", false,
        SequenceSet.of(SequenceSet.STAR), StoreAction.REPLACE, false, List.of()));
    assertThat(refused("a STORE 1 FLAGS (\\*)")).isEqualTo("\\* is not a flag");
    assertThat(refused("a STORE 1 LABELS (x)")).isEqualTo("FLAGS expected");
    assertThat(parse("a UID MOVE 42:69 foo")).isEqualTo(
        new SelectedCommand.Copy("a", true, SequenceSet.range(42, 69), "foo", true));
    assertThat(parse("a COPY $ \"Other Messages\"")).isEqualTo(
        new SelectedCommand.Copy("a", false, SequenceSet.saved(), "Other Messages", false));
    assertThat(parse("a UID EXPUNGE 3000:3002")).isEqualTo(
        new SelectedCommand.Expunge("a", Optional.of(SequenceSet.range(3000, 3002))));
    assertThat(parse("a EXPUNGE")).isEqualTo(new SelectedCommand.Expunge("a", Optional.empty()));
    assertThat(parse("a CLOSE")).isEqualTo(new SelectedCommand.Close("a", true));
    assertThat(parse("a UNSELECT")).isEqualTo(new SelectedCommand.Close("a", false));
    assertThat(parse("a CHECK")).isEqualTo(new SelectedCommand.Check("a"));
    assertThat(refused("a UID FROB 1")).isEqualTo("unknown UID command FROB");
    assertThat(refused("a EXPUNGE 1")).isEqualTo("unexpected characters at the end");
  }

  @Test
  void listInAllItsForms() {
    assertThat(parse("a LIST \"\" *")).isEqualTo(new AuthenticatedCommand.ListMailboxes("a", Set.of(), "",
        List.of("*"), Set.of(), List.of(), false));
    assertThat(parse("a LIST (SUBSCRIBED REMOTE RECURSIVEMATCH) \"\" (% music/rock) RETURN (CHILDREN SUBSCRIBED "
        + "SPECIAL-USE STATUS (MESSAGES SIZE APPENDLIMIT))")).isEqualTo(new AuthenticatedCommand.ListMailboxes(
        "a", Set.of(ListSelectOption.SUBSCRIBED, ListSelectOption.REMOTE, ListSelectOption.RECURSIVEMATCH), "",
        List.of("%", "music/rock"), Set.of(ListReturnOption.CHILDREN, ListReturnOption.SUBSCRIBED,
        ListReturnOption.SPECIAL_USE, ListReturnOption.STATUS),
        List.of(StatusItem.MESSAGES, StatusItem.SIZE, StatusItem.APPENDLIMIT), true));
    assertThat(((AuthenticatedCommand.ListMailboxes) parse("a LIST (SPECIAL-USE) \"\" *")).selection())
        .containsExactly(ListSelectOption.SPECIAL_USE);
    assertThat(((AuthenticatedCommand.ListMailboxes) parse("a LIST () \"\" %")).extended()).isTrue();
    assertThat(refused("a LIST (RECURSIVEMATCH) \"\" %")).contains("RECURSIVEMATCH needs another");
    assertThat(refused("a LIST (FOO) \"\" %")).isEqualTo("unknown LIST selection option FOO");
    assertThat(refused("a LIST \"\" % RETURN (FOO)")).isEqualTo("unknown LIST return option FOO");
    assertThat(parse("a LSUB \"#news.\" \"comp.mail.*\"")).isEqualTo(
        new AuthenticatedCommand.Lsub("a", "#news.", "comp.mail.*"));
  }

  @Test
  void mailboxCommands() {
    assertThat(parse("a select inbox")).isEqualTo(new AuthenticatedCommand.Select("a", "INBOX", false));
    assertThat(parse("a EXAMINE \"iNbOx\"")).isEqualTo(new AuthenticatedCommand.Select("a", "INBOX", true));
    assertThat(parse("a CREATE Sent (USE (\\Sent \\archive))")).isEqualTo(new AuthenticatedCommand.Create("a",
        "Sent", List.of(MailboxAttribute.SENT, MailboxAttribute.ARCHIVE)));
    assertThat(refused("a CREATE x (FOO)")).isEqualTo("unknown CREATE parameter");
    assertThat(parse("a RENAME a b")).isEqualTo(new AuthenticatedCommand.Rename("a", "a", "b"));
    assertThat(parse("a DELETE x")).isEqualTo(new AuthenticatedCommand.Delete("a", "x"));
    assertThat(parse("a SUBSCRIBE x")).isEqualTo(new AuthenticatedCommand.Subscribe("a", "x", true));
    assertThat(parse("a UNSUBSCRIBE x")).isEqualTo(new AuthenticatedCommand.Subscribe("a", "x", false));
    assertThat(parse("a STATUS x (MESSAGES UIDNEXT UIDVALIDITY UNSEEN DELETED SIZE RECENT APPENDLIMIT "
        + "HIGHESTMODSEQ)"))
        .isEqualTo(new AuthenticatedCommand.Status("a", "x", List.of(StatusItem.values())));
    assertThat(refused("a STATUS x ()")).isEqualTo("atom expected");
    assertThat(refused("a STATUS x (FOO)")).isEqualTo("unknown STATUS item FOO");
    assertThat(parse("a ENABLE IMAP4rev2 UTF8=ACCEPT")).isEqualTo(
        new AuthenticatedCommand.Enable("a", List.of("IMAP4rev2", "UTF8=ACCEPT")));
    assertThat(parse("a NAMESPACE")).isEqualTo(new AuthenticatedCommand.Namespace("a"));
    assertThat(refused("a SELECT x (FOO)")).isEqualTo("unknown or repeated SELECT parameter FOO");
    assertThat(refused("a SELECT &Jjo!")).isEqualTo("mailbox name is not valid modified UTF-7");
  }

  @Test
  void anyStateAndNotAuthenticated() {
    assertThat(parse("a ID NIL")).isEqualTo(new AnyStateCommand.Id("a", List.of()));
    assertThat(parse("a ID (\"name\" \"sodr\" \"version\" NIL)")).isEqualTo(new AnyStateCommand.Id("a", List.of(
        new IdParameter("name", Optional.of("sodr")),
        new IdParameter("version", Optional.empty()))));
    assertThat(refused("a ID (\"" + "x".repeat(31) + "\" NIL)")).contains("RFC 2971");
    NotAuthenticatedCommand.Authenticate auth = (NotAuthenticatedCommand.Authenticate)
        parse("a AUTHENTICATE plain dGVzdAB0ZXN0AHRlc3Q=");
    assertThat(auth.mechanism()).isEqualTo("PLAIN");
    // kept as sent: the sasl module's SaslServerExchange decodes it (and "=" for empty, RFC 4959 §3)
    assertThat(auth.initialResponse()).contains("dGVzdAB0ZXN0AHRlc3Q=");
    assertThat(auth.toString()).doesNotContain("dGVz");
    assertThat(((NotAuthenticatedCommand.Authenticate) parse("a AUTHENTICATE EXTERNAL =")).initialResponse())
        .contains("=");
    assertThat(((NotAuthenticatedCommand.Authenticate) parse("a AUTHENTICATE GSSAPI")).initialResponse())
        .isEmpty();
    assertThat(refused("a AUTHENTICATE PLAIN (x)")).isEqualTo("atom expected");
    assertThat(refused("a AUTHENTICATE PLAIN a.b")).isEqualTo("initial response is not base64");
    assertThat(refused("a FOO")).isEqualTo("unknown command FOO");
    assertThat(refused("a  NOOP")).isEqualTo("atom expected");
    assertThat(refused("a NOOP ")).isEqualTo("unexpected characters at the end");
    assertThat(refused("a+ NOOP")).isEqualTo("expected ' '");
  }
}
