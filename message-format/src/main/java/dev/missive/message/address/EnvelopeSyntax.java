package dev.missive.message.address;

import dev.missive.message.address.internal.Chars;
import java.util.Objects;
import java.util.Optional;

/**
 * The parser of SMTP envelope paths: the {@code Reverse-path} of {@code MAIL FROM:} and the {@code Forward-path} of
 * {@code RCPT TO:} (RFC 5321 §4.1.2, address literals of §4.1.3, size limits of §4.5.3.1), with UTF-8 local
 * parts and domains when SMTPUTF8 is in effect (RFC 6531 §3.3).
 *
 * <p>Parsing is total: any input gives a {@link PathResult}, never an exception. The path must start exactly at
 * the given index with {@code <} (RFC 5321 has no space after {@code FROM:}; an engine that tolerates one skips it
 * itself). A source route {@code <@r1,@r2:user@example.org>} is checked and dropped (RFC 5321 §4.1.2, Appendix C).
 * After the closing {@code >} the input must end or continue with a space; {@link PathResult.Parsed#end()} tells
 * the engine where the ESMTP parameters start:
 *
 * <pre>{@code
 * String args = "<a@example.org> SIZE=1000 BODY=8BITMIME";            // the text after "MAIL FROM:"
 * PathResult<ReversePath> r = EnvelopeSyntax.of(smtputf8).parseReversePath(args, 0);
 * if (r instanceof PathResult.Parsed) {
 *   PathResult.Parsed<ReversePath> p = (PathResult.Parsed<ReversePath>) r;
 *   String params = args.substring(p.end()).trim();                   // "SIZE=1000 BODY=8BITMIME"
 * } else {
 *   PathResult.Invalid<ReversePath> bad = (PathResult.Invalid<ReversePath>) r;
 *   // reply bad.error().replyCode(), bad.error().enhancedStatus(true), bad.detail()
 * }
 * }</pre>
 *
 * <p>The input is text: an engine decodes a command line as UTF-8 with malformed input reported (never replaced)
 * when SMTPUTF8 is on, or as ISO-8859-1 when it is off, where any non-ASCII character is refused here
 * ({@link PathError#NON_ASCII}). Lengths are counted in UTF-8 octets as RFC 5321 §4.5.3.1 counts them: the local
 * part and domain as written, the path from {@code <} to {@code >} inclusive.
 */
public final class EnvelopeSyntax {

  /** Paths in plain RFC 5321 syntax: any non-ASCII character is refused. */
  public static final EnvelopeSyntax ASCII = new EnvelopeSyntax(false);
  /** Paths with the UTF-8 extension of RFC 6531 §3.3 (the SMTPUTF8 parameter was given). */
  public static final EnvelopeSyntax SMTPUTF8 = new EnvelopeSyntax(true);

  private final boolean smtputf8;

  private EnvelopeSyntax(boolean smtputf8) {
    this.smtputf8 = smtputf8;
  }

  /**
   * {@link #SMTPUTF8} if {@code smtputf8}, else {@link #ASCII}.
   *
   * @param smtputf8 whether SMTPUTF8 is in effect
   * @return the syntax
   */
  public static EnvelopeSyntax of(boolean smtputf8) {
    return smtputf8 ? SMTPUTF8 : ASCII;
  }

  /** {@return whether UTF-8 local parts and domains are accepted (RFC 6531 §3.3)} */
  public boolean smtputf8() {
    return smtputf8;
  }

  /**
   * Parses a reverse-path ({@code <>} or a path) that fills or starts {@code text}.
   *
   * @param text the text after {@code MAIL FROM:}
   * @return the path and where it ended, or the problem
   */
  public PathResult<ReversePath> parseReversePath(CharSequence text) {
    return parseReversePath(text, 0);
  }

  /**
   * Parses a reverse-path ({@code <>} or a path, RFC 5321 §4.1.2) starting at {@code start}.
   *
   * @param text  the command text
   * @param start where the path starts
   * @return the path and where it ended, or the problem
   */
  public PathResult<ReversePath> parseReversePath(CharSequence text, int start) {
    SmtpPathScanner s = scanner(text, start);
    if (!s.expect('<', "'<'")) {
      return invalid(s);
    }
    if (s.accept('>')) {
      return finish(text, start, s, ReversePath.NULL);
    }
    AddrSpec mailbox = scanRest(s);
    return mailbox == null ? invalid(s) : finish(text, start, s, ReversePath.of(mailbox));
  }

  /**
   * Parses a forward-path that fills or starts {@code text}.
   *
   * @param text the text after {@code RCPT TO:}
   * @return the path and where it ended, or the problem
   */
  public PathResult<ForwardPath> parseForwardPath(CharSequence text) {
    return parseForwardPath(text, 0);
  }

  /**
   * Parses a forward-path (a path or {@code <Postmaster>}, RFC 5321 §4.1.2) starting at {@code start}.
   *
   * @param text  the command text
   * @param start where the path starts
   * @return the path and where it ended, or the problem
   */
  public PathResult<ForwardPath> parseForwardPath(CharSequence text, int start) {
    SmtpPathScanner s = scanner(text, start);
    if (!s.expect('<', "'<'")) {
      return invalid(s);
    }
    if (s.acceptIgnoreCase("postmaster>")) {
      return finish(text, start, s, ForwardPath.POSTMASTER);
    }
    AddrSpec mailbox = scanRest(s);
    return mailbox == null ? invalid(s) : finish(text, start, s, ForwardPath.of(mailbox));
  }

  /**
   * Checks a path the host built before a client sends it: the syntax and limits this parser would apply to it
   * on the receiving side, and no UTF-8 unless SMTPUTF8 is in effect.
   *
   * @param path the reverse-path to send
   * @return the problem, or empty if the path may be sent
   */
  public Optional<PathResult.Invalid<ReversePath>> check(ReversePath path) {
    return asInvalid(parseReversePath(path.toWireForm()));
  }

  /**
   * As {@link #check(ReversePath)}, for a forward-path.
   *
   * @param path the forward-path to send
   * @return the problem, or empty if the path may be sent
   */
  public Optional<PathResult.Invalid<ForwardPath>> check(ForwardPath path) {
    return asInvalid(parseForwardPath(path.toWireForm()));
  }

  private static <T> Optional<PathResult.Invalid<T>> asInvalid(PathResult<T> r) {
    return r instanceof PathResult.Invalid ? Optional.of((PathResult.Invalid<T>) r) : Optional.empty();
  }

  private SmtpPathScanner scanner(CharSequence text, int start) {
    Objects.requireNonNull(text, "text");
    if (start < 0 || start > text.length()) {
      throw new IndexOutOfBoundsException("start " + start + " outside 0.." + text.length());
    }
    return new SmtpPathScanner(text, start, smtputf8);
  }

  /** Scans {@code [ A-d-l ":" ] Mailbox ">"} after the opening bracket; null on failure. */
  private static AddrSpec scanRest(SmtpPathScanner s) {
    if (!s.skipSourceRoute()) {
      return null;
    }
    AddrSpec mailbox = s.scanMailbox();
    return mailbox != null && s.expect('>', "'>'") ? mailbox : null;
  }

  private static <T> PathResult<T> invalid(SmtpPathScanner s) {
    return new PathResult.Invalid<>(s.error(), s.errorIndex(), s.errorDetail());
  }

  private <T> PathResult<T> finish(CharSequence text, int start, SmtpPathScanner s, T path) {
    if (!endsPath(text, start, s)) {
      return invalid(s);
    }
    return new PathResult.Parsed<>(path, s.position());
  }

  /** Checks the path length and what follows the closing bracket. */
  private static boolean endsPath(CharSequence text, int start, SmtpPathScanner s) {
    int end = s.position();
    if (Chars.utf8Length(text, start, end) > SmtpPathScanner.MAX_PATH) {
      return s.fail(PathError.PATH_TOO_LONG, start, "path longer than 256 octets");
    }
    if (end < text.length() && text.charAt(end) != ' ') {
      return s.fail(PathError.SYNTAX, end, "expected a space or the end after the path");
    }
    return true;
  }
}
