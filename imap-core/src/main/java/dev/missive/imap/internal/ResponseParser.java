package dev.missive.imap.internal;

import dev.missive.imap.MailboxAttribute;
import dev.missive.imap.ResponseCode;
import dev.missive.imap.ResponseStatus;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.StatusItem;
import dev.missive.imap.response.Response;
import dev.missive.imap.response.UntaggedResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Parses one whole server response (RFC 9051 §7 and §9 {@code response}, with IMAP4rev1's SEARCH, LSUB and RECENT
 * of RFC 3501 §7, ESEARCH of RFC 4731, ENABLED of RFC 5161, ID of RFC 2971) into a {@link Response}. The client
 * side reads what servers really send: human-readable text is decoded leniently, a space may be missing after a
 * status or a response code, a malformed response code is kept as {@link ResponseCode.Other}, and untagged
 * responses it does not know become {@link UntaggedResponse.Unknown}.
 */
public final class ResponseParser {

  private final Lexer lx;
  private final boolean utf8;
  private final FetchResponseParser fetch;
  private final ResponseCodeParser codes;

  /**
   * A parser over one response.
   *
   * @param lx   the lexer over the response's bytes (final CRLF excluded)
   * @param utf8 whether mailbox names are UTF-8 on this connection
   */
  public ResponseParser(Lexer lx, boolean utf8) {
    this.lx = lx;
    this.utf8 = utf8;
    this.fetch = new FetchResponseParser(lx);
    this.codes = new ResponseCodeParser(lx);
  }

  /** {@return the section contents of a FETCH response that came inline} */
  public List<FetchResponseParser.Inline> inline() {
    return fetch.inline();
  }

  /**
   * Parses the response.
   *
   * @return the response
   * @throws SyntaxException if it is malformed
   */
  public Response parse() {
    Response r;
    if (lx.tryChar('+')) {
      lx.trySp();
      r = new Response.Continuation(lx.lenientRest());
    } else if (lx.tryChar('*')) {
      lx.sp();
      r = untagged();
    } else {
      String tag = lx.tag();
      lx.sp();
      ResponseStatus status = status(lx.word());
      if (status == ResponseStatus.PREAUTH || status == ResponseStatus.BYE) {
        throw lx.error("PREAUTH and BYE are untagged");
      }
      Optional<ResponseCode> code = codes.code();
      r = new Response.Tagged(tag, status, code, lx.lenientRest());
    }
    lx.expectEnd();
    return r;
  }

  private ResponseStatus status(String word) {
    try {
      return ResponseStatus.valueOf(word);
    } catch (IllegalArgumentException e) {
      throw lx.error("status expected");
    }
  }

  private UntaggedResponse untagged() {
    int start = lx.position();
    if (lx.peek() >= '0' && lx.peek() <= '9') {
      long n = lx.number();
      lx.sp();
      String word = lx.word();
      switch (word) {
        case "EXISTS":
          return new UntaggedResponse.Exists(n);
        case "RECENT":
          return new UntaggedResponse.Recent(n);
        case "EXPUNGE":
          return new UntaggedResponse.Expunge(n);
        case "FETCH":
          lx.sp();
          return new UntaggedResponse.Fetch(n, fetch.attributes(n));
        default:
          return unknown(word, start);
      }
    }
    String word = lx.word();
    switch (word) {
      case "OK", "NO", "BAD", "PREAUTH", "BYE" -> {
        Optional<ResponseCode> code = codes.code();
        return new UntaggedResponse.Condition(ResponseStatus.valueOf(word), code, lx.lenientRest());
      }
      case "CAPABILITY" -> {
        return new UntaggedResponse.Capabilities(ResponseCodeParser.atoms(lx));
      }
      case "ENABLED" -> {
        return new UntaggedResponse.Enabled(ResponseCodeParser.atoms(lx));
      }
      case "FLAGS" -> {
        lx.sp();
        return new UntaggedResponse.Flags(lx.flagList());
      }
      case "LIST", "LSUB" -> {
        lx.sp();
        return mailboxList(word.equals("LSUB"));
      }
      case "STATUS" -> {
        lx.sp();
        return status();
      }
      case "ESEARCH" -> {
        return esearch();
      }
      case "SEARCH" -> {
        List<Long> numbers = new ArrayList<>();
        OptionalLong modSeq = OptionalLong.empty();
        while (lx.trySp() && !lx.atEnd()) {
          if (lx.peek() == '(' && !numbers.isEmpty()) { // RFC 7162 §3.1.5: search-sort-mod-seq
            lx.open();
            if (!lx.tryWord("MODSEQ")) {
              throw lx.error("MODSEQ expected");
            }
            lx.sp();
            modSeq = OptionalLong.of(lx.nzNumber64());
            lx.close();
            break;
          }
          numbers.add(lx.nzNumber());
        }
        return new UntaggedResponse.Search(numbers, modSeq);
      }
      case "VANISHED" -> { // RFC 7162 §3.2.10
        lx.sp();
        boolean earlier = false;
        if (lx.peek() == '(') {
          lx.open();
          if (!lx.tryWord("EARLIER")) {
            throw lx.error("EARLIER expected");
          }
          lx.close();
          lx.sp();
          earlier = true;
        }
        return new UntaggedResponse.Vanished(earlier, lx.sequenceSet());
      }
      case "NAMESPACE" -> {
        lx.sp();
        List<UntaggedResponse.NamespaceDescription> personal = namespaces();
        lx.sp();
        List<UntaggedResponse.NamespaceDescription> other = namespaces();
        lx.sp();
        return new UntaggedResponse.Namespace(personal, other, namespaces());
      }
      case "ID" -> {
        lx.sp();
        return new UntaggedResponse.Id(CommandParser.idParameters(lx));
      }
      default -> {
        return unknown(word, start);
      }
    }
  }

  private UntaggedResponse unknown(String word, int start) {
    lx.reset(start);
    return new UntaggedResponse.Unknown(word, lx.lenientRest());
  }

  // ---- mailbox data ----

  private String mailbox() {
    byte[] octets = lx.astringBytes();
    try {
      return MailboxText.mailbox(octets, utf8);
    } catch (SyntaxException e) {
      // a name the server sent but that does not decode: keep its octets, so the client can still name it
      return new String(octets, StandardCharsets.UTF_8);
    }
  }

  private Optional<Character> delimiter() {
    if (lx.tryNil()) {
      return Optional.empty();
    }
    String d = lx.text(lx.quotedBytes());
    if (d.length() != 1) {
      throw lx.error("a hierarchy delimiter is one character");
    }
    return Optional.of(d.charAt(0));
  }

  private UntaggedResponse.MailboxList mailboxList(boolean lsub) {
    List<MailboxAttribute> attributes = new ArrayList<>();
    lx.open();
    if (lx.peek() != ')') {
      do {
        int start = lx.position();
        lx.expect('\\');
        lx.atom();
        attributes.add(new MailboxAttribute(lx.lenientText(start, lx.position())));
      } while (lx.trySp());
    }
    lx.close();
    lx.sp();
    Optional<Character> delimiter = delimiter();
    lx.sp();
    String mailbox = mailbox();
    List<String> childInfo = List.of();
    Optional<String> oldName = Optional.empty();
    if (lx.trySp()) {
      lx.open();
      if (lx.peek() != ')') {
        do {
          String tag = dev.missive.imap.internal.text.CharClasses.upper(lx.astring());
          lx.sp();
          if (tag.equals("CHILDINFO")) {
            List<String> info = new ArrayList<>();
            lx.open();
            do {
              info.add(lx.astring());
            } while (lx.trySp());
            lx.close();
            childInfo = info;
          } else if (tag.equals("OLDNAME")) {
            lx.open();
            oldName = Optional.of(mailbox());
            lx.close();
          } else {
            lx.skipValue();
          }
        } while (lx.trySp());
      }
      lx.close();
    }
    return new UntaggedResponse.MailboxList(attributes, delimiter, mailbox, childInfo, oldName, lsub);
  }

  private UntaggedResponse.MailboxStatus status() {
    String mailbox = mailbox();
    lx.sp();
    Map<StatusItem, Long> values = new LinkedHashMap<>();
    lx.open();
    if (lx.peek() != ')') {
      do {
        String word = lx.word();
        lx.sp();
        StatusItem item = StatusItem.of(word);
        if (item == null) {
          lx.skipValue();
        } else if (item == StatusItem.APPENDLIMIT && lx.tryNil()) {
          values.put(item, Long.MAX_VALUE);
        } else {
          values.put(item, lx.number64());
        }
      } while (lx.trySp());
    }
    lx.close();
    return new UntaggedResponse.MailboxStatus(mailbox, values);
  }

  private UntaggedResponse.ESearch esearch() {
    Optional<String> tag = Optional.empty();
    boolean uid = false;
    OptionalLong min = OptionalLong.empty();
    OptionalLong max = OptionalLong.empty();
    OptionalLong count = OptionalLong.empty();
    OptionalLong modSeq = OptionalLong.empty();
    Optional<SequenceSet> all = Optional.empty();
    if (lx.peek() == ' ' && lx.peek(1) == '(') {
      lx.sp();
      lx.open();
      if (!lx.tryWord("TAG")) {
        throw lx.error("TAG expected");
      }
      lx.sp();
      tag = Optional.of(lx.astring());
      lx.close();
    }
    while (lx.trySp()) {
      String word = lx.word();
      if (word.equals("UID")) {
        uid = true;
        continue;
      }
      lx.sp();
      switch (word) {
        case "MIN" -> min = OptionalLong.of(lx.nzNumber());
        case "MAX" -> max = OptionalLong.of(lx.nzNumber());
        case "COUNT" -> count = OptionalLong.of(lx.number());
        case "ALL" -> all = Optional.of(lx.sequenceSet());
        case "MODSEQ" -> modSeq = OptionalLong.of(lx.nzNumber64()); // RFC 7162 §3.1.5
        default -> lx.skipValue();
      }
    }
    return new UntaggedResponse.ESearch(tag, uid, min, max, all, count, modSeq);
  }

  private List<UntaggedResponse.NamespaceDescription> namespaces() {
    if (lx.tryNil()) {
      return List.of();
    }
    List<UntaggedResponse.NamespaceDescription> out = new ArrayList<>();
    lx.open();
    do {
      lx.open();
      String prefix = mailbox();
      lx.sp();
      Optional<Character> delimiter = delimiter();
      Map<String, List<String>> extensions = new LinkedHashMap<>();
      while (lx.trySp()) {
        String name = lx.string();
        lx.sp();
        List<String> values = new ArrayList<>();
        lx.open();
        do {
          values.add(lx.string());
        } while (lx.trySp());
        lx.close();
        extensions.put(name, values);
      }
      lx.close();
      out.add(new UntaggedResponse.NamespaceDescription(prefix, delimiter, extensions));
      lx.trySp();
    } while (lx.peek() == '(');
    lx.close();
    return out;
  }
}
