package dev.missive.message.address.internal;

/**
 * One lexical token of an RFC 5322 §3.4 address header value, after comments and folding white space were
 * removed (RFC 5322 §3.2.2).
 *
 * @param kind        what the token is
 * @param text        an atom's text, a quoted string's or domain literal's content (unescaped, unfolded), or for
 *                    {@link Kind#JUNK} the reason it is junk
 * @param spaceBefore whether white space or a comment preceded the token
 * @param start       the index of the token in the value
 */
public record AddressToken(Kind kind, String text, boolean spaceBefore, int start) {

  /** Token kinds: the words, the specials of RFC 5322 §3.2.3 that addresses use, and junk. */
  public enum Kind {
    /** An atom (RFC 5322 §3.2.3, with RFC 6532 UTF-8). */
    ATOM,
    /** A quoted string (RFC 5322 §3.2.4). */
    QUOTED,
    /** A domain literal (RFC 5322 §3.4.1), content only. */
    LITERAL,
    /** {@code .} */
    DOT,
    /** {@code @} */
    AT,
    /** {@code <} */
    LT,
    /** {@code >} */
    GT,
    /** {@code :} */
    COLON,
    /** {@code ;} */
    SEMI,
    /** {@code ,} */
    COMMA,
    /** Anything that cannot be part of an address: an unmatched or unterminated delimiter, a control. */
    JUNK
  }

  /** Whether the token is a word (RFC 5322 §3.2.5 {@code word = atom / quoted-string}). */
  public boolean isWord() {
    return kind == Kind.ATOM || kind == Kind.QUOTED;
  }
}
