package dev.missive.imap.internal;

import dev.missive.imap.Flag;
import dev.missive.imap.IdParameter;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.command.AnyStateCommand;
import dev.missive.imap.command.AuthenticatedCommand;
import dev.missive.imap.command.Command;
import dev.missive.imap.command.NotAuthenticatedCommand;
import dev.missive.imap.command.SelectedCommand;
import dev.missive.imap.command.StoreAction;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Parses one whole client command into a {@link Command} (RFC 9051 §9 {@code command}, with the IMAP4rev1
 * commands of RFC 3501 §9 and the extensions of RFC 2971, 3691, 4315, 4731, 4959, 5161, 5182, 5258, 5819, 6154,
 * 6851, 7162). APPEND is parsed by {@link AppendParser}, SEARCH by {@link SearchParser}, FETCH by {@link FetchParser},
 * SELECT, EXAMINE, CREATE, LIST and STATUS by {@link MailboxCommandParser}.
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
      case "SELECT" -> mailboxes().select(false);
      case "EXAMINE" -> mailboxes().select(true);
      case "CREATE" -> mailboxes().create();
      case "DELETE" -> new AuthenticatedCommand.Delete(tag, spMailbox());
      case "RENAME" -> new AuthenticatedCommand.Rename(tag, spMailbox(), spMailbox());
      case "SUBSCRIBE" -> new AuthenticatedCommand.Subscribe(tag, spMailbox(), true);
      case "UNSUBSCRIBE" -> new AuthenticatedCommand.Subscribe(tag, spMailbox(), false);
      case "LIST" -> mailboxes().list();
      case "LSUB" -> new AuthenticatedCommand.Lsub(tag, spMailboxPattern(false), spMailboxPattern(true));
      case "NAMESPACE" -> new AuthenticatedCommand.Namespace(tag);
      case "COMPRESS" -> compress();
      case "STATUS" -> mailboxes().status();
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

  private MailboxCommandParser mailboxes() {
    return new MailboxCommandParser(lx, utf8, tag, this);
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

  static String printable(String verb) {
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
