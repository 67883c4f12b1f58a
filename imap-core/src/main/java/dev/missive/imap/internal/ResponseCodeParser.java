package dev.missive.imap.internal;

import dev.missive.imap.ResponseCode;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.internal.text.CharClasses;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses the response code of a status response (RFC 9051 §7.1 {@code resp-text-code}, with HIGHESTMODSEQ and
 * MODIFIED of RFC 7162 §3.1.2.1 and §3.1.3, APPENDUID and COPYUID of RFC 4315 §3). What servers really send is
 * read leniently: a code that does not parse as its known form is kept as {@link ResponseCode.Other} (or
 * {@link ResponseCode.Atom} without text), and the space after the closing bracket may be missing.
 */
final class ResponseCodeParser {

  private final Lexer lx;

  /**
   * A parser reading from the lexer of one response.
   *
   * @param lx the lexer, positioned after the status word
   */
  ResponseCodeParser(Lexer lx) {
    this.lx = lx;
  }

  /**
   * Parses what follows a status word: a space (or the end) and an optional bracketed response code, then the
   * space before the text if there is one.
   *
   * @return the code, or empty when there is none
   * @throws SyntaxException if neither a space nor the end follows the status
   */
  Optional<ResponseCode> code() {
    if (!lx.trySp() && !lx.atEnd()) {
      throw lx.error("space expected");
    }
    if (!lx.tryChar('[')) {
      return Optional.empty();
    }
    int start = lx.position();
    ResponseCode code;
    try {
      code = typedCode();
      lx.expect(']');
    } catch (SyntaxException | IllegalArgumentException e) {
      lx.reset(start);
      code = otherCode();
    }
    lx.trySp();
    return Optional.of(code);
  }

  private ResponseCode typedCode() {
    String name = lx.atom();
    String upper = CharClasses.upper(name);
    switch (upper) {
      case "BADCHARSET": {
        List<String> charsets = new ArrayList<>();
        if (lx.trySp()) {
          lx.open();
          do {
            charsets.add(lx.peek() == '"' ? lx.string() : lx.atom());
          } while (lx.trySp());
          lx.close();
        }
        return new ResponseCode.BadCharset(charsets);
      }
      case "CAPABILITY":
        return new ResponseCode.Capability(atoms(lx));
      case "PERMANENTFLAGS": {
        lx.sp();
        return new ResponseCode.PermanentFlags(lx.flagList());
      }
      case "UIDNEXT":
        lx.sp();
        return new ResponseCode.UidNext(lx.nzNumber());
      case "UIDVALIDITY":
        lx.sp();
        return new ResponseCode.UidValidity(lx.nzNumber());
      case "UNSEEN":
        lx.sp();
        return new ResponseCode.Unseen(lx.nzNumber());
      case "APPENDUID": {
        lx.sp();
        long validity = lx.nzNumber();
        lx.sp();
        return new ResponseCode.AppendUid(validity, lx.sequenceSet());
      }
      case "HIGHESTMODSEQ":
        lx.sp();
        return new ResponseCode.HighestModSeq(lx.nzNumber64()); // RFC 7162 §3.1.2.1
      case "MODIFIED":
        lx.sp();
        return new ResponseCode.Modified(lx.sequenceSet()); // RFC 7162 §3.1.3
      case "COPYUID": {
        lx.sp();
        long validity = lx.nzNumber();
        lx.sp();
        SequenceSet source = lx.sequenceSet();
        lx.sp();
        return new ResponseCode.CopyUid(validity, source, lx.sequenceSet());
      }
      default:
        if (lx.peek() != ']') {
          throw lx.error("code text");
        }
        return new ResponseCode.Atom(upper);
    }
  }

  private ResponseCode otherCode() {
    String name = lx.atom();
    String text = "";
    if (lx.trySp()) {
      int start = lx.position();
      lx.skipUntil(']');
      text = lx.lenientText(start, lx.position());
    }
    lx.expect(']');
    return text.isEmpty() ? new ResponseCode.Atom(name) : new ResponseCode.Other(name, text);
  }

  /**
   * The space-separated atoms up to the end of a response or a response code (CAPABILITY, ENABLED).
   *
   * @param lx the lexer, before the first space
   * @return the atoms, in order
   */
  static List<String> atoms(Lexer lx) {
    List<String> out = new ArrayList<>();
    while (lx.trySp() && !lx.atEnd()) {
      out.add(lx.atom());
    }
    return out;
  }
}
