package dev.missive.imap.internal;

import dev.missive.imap.Flag;
import dev.missive.imap.IdParameter;
import dev.missive.imap.MailboxAttribute;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.StatusItem;
import dev.missive.imap.command.AnyStateCommand;
import dev.missive.imap.command.AuthenticatedCommand;
import dev.missive.imap.command.Command;
import dev.missive.imap.command.ListReturnOption;
import dev.missive.imap.command.ListSelectOption;
import dev.missive.imap.command.NotAuthenticatedCommand;
import dev.missive.imap.command.QresyncParameters;
import dev.missive.imap.command.SelectedCommand;
import dev.missive.imap.command.StoreAction;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Parses one whole client command into a {@link Command} (RFC 9051 §9 {@code command}, with the IMAP4rev1
 * commands of RFC 3501 §9 and the extensions of RFC 2971, 3691, 4315, 4731, 4959, 5161, 5182, 5258, 5819, 6154,
 * 6851, 7162). APPEND is parsed by {@link AppendParser}, SEARCH by {@link SearchParser}, FETCH by {@link FetchParser}.
 */
public final class CommandParser {

  private final Lexer lx;
  private final boolean utf8;
  private String tag;

  /**
   * A parser over one command.
   *
   * @param lx   the lexer over the command's bytes (final CRLF excluded)
   * @param utf8 whether mailbox names are UTF-8 on this connection
   */
  public CommandParser(Lexer lx, boolean utf8) {
    this.lx = lx;
    this.utf8 = utf8;
  }

  /** {@return the tag, once read; null before} */
  public String tag() {
    return tag;
  }

  /**
   * Reads the tag and the command name.
   *
   * @return the command name, upper case
   */
  public String head() {
    tag = lx.tag();
    lx.sp();
    return lx.word();
  }

  /**
   * Parses the command.
   *
   * @return the command
   * @throws SyntaxException if it is not a valid command
   */
  public Command parse() {
    String verb = head();
    Command c = switch (verb) {
      case "CAPABILITY" -> new AnyStateCommand.Capability(tag);
      case "NOOP" -> new AnyStateCommand.Noop(tag);
      case "LOGOUT" -> new AnyStateCommand.Logout(tag);
      case "ID" -> id();
      case "STARTTLS" -> new NotAuthenticatedCommand.StartTls(tag);
      case "AUTHENTICATE" -> authenticate();
      case "LOGIN" -> login();
      case "ENABLE" -> enable();
      case "SELECT" -> select(false);
      case "EXAMINE" -> select(true);
      case "CREATE" -> create();
      case "DELETE" -> new AuthenticatedCommand.Delete(tag, spMailbox());
      case "RENAME" -> new AuthenticatedCommand.Rename(tag, spMailbox(), spMailbox());
      case "SUBSCRIBE" -> new AuthenticatedCommand.Subscribe(tag, spMailbox(), true);
      case "UNSUBSCRIBE" -> new AuthenticatedCommand.Subscribe(tag, spMailbox(), false);
      case "LIST" -> list();
      case "LSUB" -> new AuthenticatedCommand.Lsub(tag, spMailboxPattern(false), spMailboxPattern(true));
      case "NAMESPACE" -> new AuthenticatedCommand.Namespace(tag);
      case "COMPRESS" -> compress();
      case "STATUS" -> status();
      case "IDLE" -> new AuthenticatedCommand.Idle(tag);
      case "APPEND" -> throw lx.error("APPEND is framed by the decoder");
      case "CHECK" -> new SelectedCommand.Check(tag);
      case "CLOSE" -> new SelectedCommand.Close(tag, true);
      case "UNSELECT" -> new SelectedCommand.Close(tag, false);
      case "EXPUNGE" -> new SelectedCommand.Expunge(tag, Optional.empty());
      case "SEARCH" -> new SearchParser(lx).search(tag, false);
      case "FETCH" -> new FetchParser(lx).fetch(tag, false);
      case "STORE" -> store(false);
      case "COPY" -> copy(false, false);
      case "MOVE" -> copy(false, true);
      case "UID" -> uid();
      default -> throw lx.error("unknown command " + printable(verb));
    };
    lx.expectEnd();
    return c;
  }

  private Command uid() {
    lx.sp();
    String verb = lx.word();
    return switch (verb) {
      case "FETCH" -> new FetchParser(lx).fetch(tag, true);
      case "SEARCH" -> new SearchParser(lx).search(tag, true);
      case "STORE" -> store(true);
      case "COPY" -> copy(true, false);
      case "MOVE" -> copy(true, true);
      case "EXPUNGE" -> {
        lx.sp();
        yield new SelectedCommand.Expunge(tag, Optional.of(uidSet()));
      }
      default -> throw lx.error("unknown UID command " + printable(verb));
    };
  }

  private SequenceSet uidSet() {
    return lx.sequenceSet();
  }

  private static String printable(String verb) {
    return verb.length() > 32 ? verb.substring(0, 32) + "..." : verb;
  }

  // ---- any state, not authenticated ----

  private Command id() {
    lx.sp();
    return new AnyStateCommand.Id(tag, idParameters(lx));
  }

  /**
   * Parses an ID parameter list (RFC 2971 §4: NIL, or {@code (} field SP value pairs {@code )}), within the limits
   * of RFC 2971 §3.3 (30 pairs, fields of 30 octets, values of 1024); shared with the response side.
   *
   * @param lx the lexer
   * @return the parameters, empty for NIL
   */
  static List<IdParameter> idParameters(Lexer lx) {
    List<IdParameter> params = new ArrayList<>();
    if (lx.tryNil()) {
      return params;
    }
    lx.open();
    if (lx.peek() != ')') {
      do {
        String field = lx.string();
        lx.sp();
        String value = lx.nstring();
        if (!IdParameter.fits(field, value) || params.size() == 30) {
          throw lx.error("ID parameters over the limits of RFC 2971 §3.3");
        }
        params.add(new IdParameter(field, Optional.ofNullable(value)));
      } while (lx.trySp());
    }
    lx.close();
    return params;
  }

  private Command authenticate() {
    lx.sp();
    String mechanism = lx.word();
    Optional<String> initial = Optional.empty();
    if (lx.trySp()) {
      String response = lx.atom();
      if (!response.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '+' || c == '/' || c == '=')) {
        throw lx.error("initial response is not base64");
      }
      initial = Optional.of(response);
    }
    return new NotAuthenticatedCommand.Authenticate(tag, mechanism, initial);
  }

  private Command login() {
    lx.sp();
    String user = lx.astring();
    lx.sp();
    byte[] pass = lx.astringBytes();
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(pass));
      char[] password = new char[chars.remaining()];
      chars.get(password);
      Arrays.fill(chars.array(), '\0');
      try {
        return new NotAuthenticatedCommand.Login(tag, user, password);
      } finally {
        Arrays.fill(password, '\0');
      }
    } catch (CharacterCodingException e) {
      throw lx.error("password is not valid UTF-8");
    } finally {
      Arrays.fill(pass, (byte) 0);
    }
  }

  // ---- authenticated ----

  private Command compress() {
    lx.sp();
    return new AuthenticatedCommand.Compress(tag, lx.atom()); // RFC 4978 §5: "COMPRESS" SP algorithm
  }

  private Command enable() {
    List<String> caps = new ArrayList<>();
    do {
      lx.sp();
      caps.add(lx.atom());
    } while (lx.peek() == ' ');
    return new AuthenticatedCommand.Enable(tag, caps);
  }

  /**
   * Reads SP and a mailbox name.
   *
   * @return the decoded name
   */
  public String spMailbox() {
    lx.sp();
    return mailbox();
  }

  /** {@return a mailbox name, decoded} */
  public String mailbox() {
    return MailboxText.mailbox(lx.astringBytes(), utf8);
  }

  private String spMailboxPattern(boolean wildcards) {
    lx.sp();
    return MailboxText.pattern(wildcards ? lx.listMailboxBytes() : lx.astringBytes(), utf8);
  }

  /** RFC 9051 §6.3.2 with RFC 7162's select parameters: {@code (CONDSTORE)} (§3.1.8), {@code (QRESYNC (...))} (§3.2.5). */
  private Command select(boolean readOnly) {
    String mailbox = spMailbox();
    boolean condstore = false;
    Optional<QresyncParameters> qresync = Optional.empty();
    if (lx.trySp()) {
      lx.open();
      do {
        String name = lx.word();
        if (name.equals("CONDSTORE") && !condstore) {
          condstore = true;
        } else if (name.equals("QRESYNC") && qresync.isEmpty()) {
          lx.sp();
          qresync = Optional.of(qresync());
        } else {
          throw lx.error("unknown or repeated SELECT parameter " + printable(name));
        }
      } while (lx.trySp());
      lx.close();
    }
    return new AuthenticatedCommand.Select(tag, mailbox, readOnly, condstore, qresync);
  }

  /** {@code "(" uidvalidity SP mod-sequence-value [SP known-uids] [SP seq-match-data] ")"} (RFC 7162 §7). */
  private QresyncParameters qresync() {
    lx.open();
    long uidValidity = lx.nzNumber();
    lx.sp();
    long modSeq = lx.nzNumber64();
    Optional<SequenceSet> known = Optional.empty();
    Optional<SequenceSet> seqs = Optional.empty();
    Optional<SequenceSet> uids = Optional.empty();
    if (lx.trySp()) {
      boolean seqMatch = true;
      if (lx.peek() != '(') {
        known = Optional.of(noStar(lx.sequenceSet()));
        seqMatch = lx.trySp();
      }
      if (seqMatch) { // "(" known-sequence-set SP known-uid-set ")"
        lx.open();
        seqs = Optional.of(noStar(lx.sequenceSet()));
        lx.sp();
        uids = Optional.of(noStar(lx.sequenceSet()));
        lx.close();
      }
    }
    lx.close();
    return new QresyncParameters(uidValidity, modSeq, known, seqs, uids);
  }

  private SequenceSet noStar(SequenceSet set) {
    if (set.usesStar() || set.isSaved()) {
      throw lx.error("QRESYNC sets hold neither * nor $ (RFC 7162 §7)");
    }
    return set;
  }

  private Command create() {
    String mailbox = spMailbox();
    List<MailboxAttribute> use = new ArrayList<>();
    if (lx.trySp()) {
      lx.open();
      if (!lx.tryWord("USE")) {
        throw lx.error("unknown CREATE parameter");
      }
      lx.sp();
      lx.open();
      do {
        use.add(mailboxAttribute());
      } while (lx.trySp());
      lx.close();
      lx.close();
    }
    return new AuthenticatedCommand.Create(tag, mailbox, use);
  }

  private MailboxAttribute mailboxAttribute() {
    int start = lx.position();
    lx.expect('\\');
    lx.atom();
    return new MailboxAttribute(new String(lx.buffer(), start, lx.position() - start, StandardCharsets.US_ASCII));
  }

  private Command list() {
    lx.sp();
    boolean extended = false;
    Set<ListSelectOption> selection = EnumSet.noneOf(ListSelectOption.class);
    if (lx.peek() == '(') {
      extended = true;
      lx.open();
      if (lx.peek() != ')') {
        do {
          selection.add(selectOption(lx.name()));
        } while (lx.trySp());
      }
      lx.close();
      lx.sp();
      if (selection.contains(ListSelectOption.RECURSIVEMATCH)
          && !(selection.contains(ListSelectOption.SUBSCRIBED) || selection.contains(ListSelectOption.SPECIAL_USE))) {
        throw lx.error("RECURSIVEMATCH needs another selection option (RFC 9051 §6.3.9.1)");
      }
    }
    String reference = MailboxText.pattern(lx.astringBytes(), utf8);
    lx.sp();
    List<String> patterns = new ArrayList<>();
    if (lx.peek() == '(') {
      extended = true;
      lx.open();
      do {
        patterns.add(MailboxText.pattern(lx.listMailboxBytes(), utf8));
      } while (lx.trySp());
      lx.close();
    } else {
      patterns.add(MailboxText.pattern(lx.listMailboxBytes(), utf8));
    }
    Set<ListReturnOption> returns = EnumSet.noneOf(ListReturnOption.class);
    List<StatusItem> statusItems = List.of();
    if (lx.trySp()) {
      extended = true;
      if (!lx.tryWord("RETURN")) {
        throw lx.error("RETURN expected");
      }
      lx.sp();
      lx.open();
      if (lx.peek() != ')') {
        do {
          ListReturnOption option = returnOption(lx.name());
          returns.add(option);
          if (option == ListReturnOption.STATUS) {
            lx.sp();
            statusItems = statusItems();
          }
        } while (lx.trySp());
      }
      lx.close();
    }
    return new AuthenticatedCommand.ListMailboxes(tag, selection, reference, patterns, returns, statusItems,
        extended);
  }

  private ListSelectOption selectOption(String name) {
    for (ListSelectOption o : ListSelectOption.values()) {
      if (o.keyword().equals(name)) {
        return o;
      }
    }
    throw lx.error("unknown LIST selection option " + printable(name));
  }

  private ListReturnOption returnOption(String name) {
    for (ListReturnOption o : ListReturnOption.values()) {
      if (o.keyword().equals(name)) {
        return o;
      }
    }
    throw lx.error("unknown LIST return option " + printable(name));
  }

  private Command status() {
    String mailbox = spMailbox();
    lx.sp();
    return new AuthenticatedCommand.Status(tag, mailbox, statusItems());
  }

  private List<StatusItem> statusItems() {
    lx.open();
    List<StatusItem> items = new ArrayList<>();
    do {
      String word = lx.word();
      StatusItem item = StatusItem.of(word);
      if (item == null) {
        throw lx.error("unknown STATUS item " + printable(word));
      }
      items.add(item);
    } while (lx.trySp());
    lx.close();
    return items;
  }

  // ---- selected ----

  private Command store(boolean uid) {
    lx.sp();
    SequenceSet set = lx.sequenceSet();
    lx.sp();
    OptionalLong unchangedSince = OptionalLong.empty();
    if (lx.peek() == '(') { // RFC 7162 §3.1.3: store-modifier
      lx.open();
      if (!lx.tryWord("UNCHANGEDSINCE")) {
        throw lx.error("unknown STORE modifier");
      }
      lx.sp();
      unchangedSince = OptionalLong.of(lx.number64());
      lx.close();
      lx.sp();
    }
    StoreAction action = lx.tryChar('+') ? StoreAction.ADD : lx.tryChar('-') ? StoreAction.REMOVE
        : StoreAction.REPLACE;
    String item = lx.name();
    boolean silent;
    if (item.equals("FLAGS")) {
      silent = false;
    } else if (item.equals("FLAGS.SILENT")) {
      silent = true;
    } else {
      throw lx.error("FLAGS expected");
    }
    lx.sp();
    List<Flag> flags;
    if (lx.peek() == '(') {
      flags = lx.flagList();
    } else {
      flags = new ArrayList<>();
      do {
        flags.add(lx.flag());
      } while (lx.trySp());
    }
    if (flags.contains(Flag.ANY_KEYWORD)) {
      throw lx.error("\\* is not a flag");
    }
    return new SelectedCommand.Store(tag, uid, set, action, silent, flags, unchangedSince);
  }

  private Command copy(boolean uid, boolean move) {
    lx.sp();
    SequenceSet set = lx.sequenceSet();
    return new SelectedCommand.Copy(tag, uid, set, spMailbox(), move);
  }
}
