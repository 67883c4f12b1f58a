package dev.missive.imap.internal;

import dev.missive.imap.Flag;
import dev.missive.imap.ResponseCode;
import dev.missive.imap.ResponseStatus;
import dev.missive.imap.Section;
import dev.missive.imap.command.SearchKey;
import dev.missive.imap.command.SearchKey.DateComparison;
import dev.missive.imap.command.SearchKey.DateField;
import dev.missive.imap.command.SearchReturnOption;
import dev.missive.imap.command.SelectedCommand;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parses SEARCH and UID SEARCH (RFC 9051 §6.4.4 and §9 {@code search}, {@code search-key}; RFC 3501 §6.4.4 for
 * NEW, OLD and RECENT; RFC 4731 and RFC 5182 for the return options) into a {@link SearchKey} tree. Strings are
 * decoded with the CHARSET argument (UTF-8 without one, a superset of RFC 3501's US-ASCII default); an unknown
 * charset is refused with {@code NO [BADCHARSET (UTF-8 US-ASCII)]}.
 */
public final class SearchParser {

  /** The charsets named in BADCHARSET: those every JVM has and IMAP clients use. */
  public static final List<String> SUPPORTED_CHARSETS = List.of("UTF-8", "US-ASCII");

  private final Lexer lx;
  private Charset charset = StandardCharsets.UTF_8;

  /**
   * A parser positioned after the command name.
   *
   * @param lx the lexer
   */
  public SearchParser(Lexer lx) {
    this.lx = lx;
  }

  /**
   * Parses the rest of a SEARCH command.
   *
   * @param tag the command's tag
   * @param uid whether it is UID SEARCH
   * @return the command
   */
  public SelectedCommand.Search search(String tag, boolean uid) {
    lx.sp();
    Optional<Set<SearchReturnOption>> returns = Optional.empty();
    if (lx.tryWord("RETURN")) {
      lx.sp();
      Set<SearchReturnOption> options = EnumSet.noneOf(SearchReturnOption.class);
      lx.open();
      if (lx.peek() != ')') {
        do {
          String word = lx.word();
          try {
            options.add(SearchReturnOption.valueOf(word));
          } catch (IllegalArgumentException e) {
            throw lx.error("unknown SEARCH return option " + (word.length() > 32 ? word.substring(0, 32) : word));
          }
        } while (lx.trySp());
      }
      lx.close();
      lx.sp();
      returns = Optional.of(options);
    }
    Optional<String> charsetName = Optional.empty();
    if (lx.tryWord("CHARSET")) {
      lx.sp();
      String name = lx.peek() == '"' ? lx.string() : lx.atom();
      charsetName = Optional.of(name);
      charset = charset(name);
      lx.sp();
    }
    List<SearchKey> keys = new ArrayList<>();
    keys.add(key());
    while (lx.trySp()) {
      keys.add(key());
    }
    SearchKey criteria = keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys);
    return new SelectedCommand.Search(tag, uid, returns, charsetName, criteria);
  }

  private Charset charset(String name) {
    try {
      if (Charset.isSupported(name)) {
        return Charset.forName(name);
      }
    } catch (IllegalArgumentException e) {
      // an illegal name is an unsupported one
    }
    throw new Refusal(ResponseStatus.NO, new ResponseCode.BadCharset(SUPPORTED_CHARSETS),
        "unsupported charset");
  }

  /** {@return one search key (RFC 9051 §9 {@code search-key}), nesting limited} */
  public SearchKey key() {
    int c = lx.peek();
    if (c == '(') {
      lx.open();
      List<SearchKey> keys = new ArrayList<>();
      do {
        keys.add(key());
      } while (lx.trySp());
      lx.close();
      return keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys);
    }
    if (lx.atSequenceSet()) {
      return new SearchKey.SequenceNumbers(lx.sequenceSet());
    }
    String word = lx.word();
    return switch (word) {
      case "ALL" -> new SearchKey.All();
      case "ANSWERED" -> flag(Flag.ANSWERED, true);
      case "UNANSWERED" -> flag(Flag.ANSWERED, false);
      case "DELETED" -> flag(Flag.DELETED, true);
      case "UNDELETED" -> flag(Flag.DELETED, false);
      case "DRAFT" -> flag(Flag.DRAFT, true);
      case "UNDRAFT" -> flag(Flag.DRAFT, false);
      case "FLAGGED" -> flag(Flag.FLAGGED, true);
      case "UNFLAGGED" -> flag(Flag.FLAGGED, false);
      case "SEEN" -> flag(Flag.SEEN, true);
      case "UNSEEN" -> flag(Flag.SEEN, false);
      case "RECENT" -> flag(Flag.RECENT, true);
      case "OLD" -> flag(Flag.RECENT, false);
      case "NEW" -> new SearchKey.And(List.of(flag(Flag.RECENT, true), flag(Flag.SEEN, false)));
      case "KEYWORD" -> flag(keyword(), true);
      case "UNKEYWORD" -> flag(keyword(), false);
      case "BCC" -> contains(SearchKey.Target.BCC);
      case "CC" -> contains(SearchKey.Target.CC);
      case "FROM" -> contains(SearchKey.Target.FROM);
      case "TO" -> contains(SearchKey.Target.TO);
      case "SUBJECT" -> contains(SearchKey.Target.SUBJECT);
      case "BODY" -> contains(SearchKey.Target.BODY);
      case "TEXT" -> contains(SearchKey.Target.TEXT);
      case "HEADER" -> header();
      case "BEFORE" -> date(DateField.INTERNAL, DateComparison.BEFORE);
      case "ON" -> date(DateField.INTERNAL, DateComparison.ON);
      case "SINCE" -> date(DateField.INTERNAL, DateComparison.SINCE);
      case "SENTBEFORE" -> date(DateField.SENT, DateComparison.BEFORE);
      case "SENTON" -> date(DateField.SENT, DateComparison.ON);
      case "SENTSINCE" -> date(DateField.SENT, DateComparison.SINCE);
      case "LARGER" -> size(true);
      case "SMALLER" -> size(false);
      case "UID" -> {
        lx.sp();
        yield new SearchKey.Uids(lx.sequenceSet());
      }
      case "MODSEQ" -> modSeq();
      case "NOT" -> {
        lx.sp();
        lx.enter();
        SearchKey k = key();
        lx.leave();
        yield new SearchKey.Not(k);
      }
      case "OR" -> {
        lx.sp();
        lx.enter();
        SearchKey left = key();
        lx.sp();
        SearchKey right = key();
        lx.leave();
        yield new SearchKey.Or(left, right);
      }
      default -> throw lx.error("unknown search key " + (word.length() > 32 ? word.substring(0, 32) : word));
    };
  }

  /**
   * RFC 7162 §3.1.5: {@code MODSEQ [SP entry-name SP entry-type-req] SP mod-sequence-valzer}; the entry is checked
   * and dropped (one mod-sequence per message here).
   */
  private SearchKey modSeq() {
    lx.sp();
    if (lx.peek() == '"') {
      String entry = lx.string();
      if (!entry.startsWith("/flags/") || entry.length() == 7) {
        throw lx.error("MODSEQ entry names a flag: \"/flags/...\" (RFC 7162 §7)");
      }
      lx.sp();
      String type = lx.word();
      if (!type.equals("PRIV") && !type.equals("SHARED") && !type.equals("ALL")) {
        throw lx.error("MODSEQ entry type is priv, shared or all");
      }
      lx.sp();
    }
    return new SearchKey.ModSeq(lx.number64());
  }

  private static SearchKey flag(Flag flag, boolean set) {
    return new SearchKey.FlagKey(flag, set);
  }

  private Flag keyword() {
    lx.sp();
    return new Flag(lx.atom());
  }

  private SearchKey contains(SearchKey.Target target) {
    lx.sp();
    return new SearchKey.Contains(target, text());
  }

  private SearchKey header() {
    lx.sp();
    String field = text();
    if (!Section.isFieldName(field)) {
      throw lx.error("not a header field name");
    }
    lx.sp();
    return new SearchKey.Header(field, text());
  }

  private SearchKey date(DateField field, DateComparison comparison) {
    lx.sp();
    return new SearchKey.DateKey(field, comparison, lx.date());
  }

  private SearchKey size(boolean larger) {
    lx.sp();
    return new SearchKey.Size(larger, lx.number64());
  }

  /** An astring decoded with the command's charset, strictly. */
  private String text() {
    byte[] octets = lx.astringBytes();
    try {
      return charset.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(octets)).toString();
    } catch (CharacterCodingException e) {
      throw lx.error("search string is not valid " + charset.name());
    }
  }
}
