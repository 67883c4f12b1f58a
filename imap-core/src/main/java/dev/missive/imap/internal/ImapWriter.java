package dev.missive.imap.internal;

import dev.missive.imap.Flag;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.internal.text.CharClasses;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Writes IMAP syntax into octets, always in a correct form (RFC 9051 §4.3): a value becomes an atom where the
 * grammar allows one and every character is an ATOM-CHAR, a quoted string when it holds no CR, LF or NUL (and no
 * 8-bit octet unless UTF-8 is enabled on the connection), and a literal otherwise. Mailbox names are encoded as the
 * connection requires (modified UTF-7 or UTF-8). Text never reaches the wire unescaped, so a name or flag with CR,
 * LF or {@code "} cannot inject protocol text.
 *
 * <p>On the client side a synchronizing literal must wait for the server's continuation request: the octets are
 * cut into {@linkplain #segments() segments} after each such literal's header.
 */
public final class ImapWriter {

  /** How literals are written. */
  public enum Literals {
    /** Server to client: {@code {n}}, nothing to wait for (RFC 9051 §4.3). */
    SERVER,
    /** Client, synchronizing: {@code {n}}, then wait for {@code +}. */
    SYNCHRONIZING,
    /** Client with LITERAL+: {@code {n+}} always (RFC 7888 §3). */
    LITERAL_PLUS,
    /** Client with LITERAL-: {@code {n+}} up to 4096 octets, synchronizing above (RFC 7888 §5). */
    LITERAL_MINUS
  }

  private final Literals literals;
  private final boolean utf8;
  private final List<byte[]> segments = new ArrayList<>();
  private byte[] buf = new byte[128];
  private int len;

  /**
   * A writer.
   *
   * @param literals how literals are written
   * @param utf8     whether UTF-8 is enabled on the connection (IMAP4rev2 or UTF8=ACCEPT): 8-bit text may be
   *                 quoted and mailbox names are UTF-8 rather than modified UTF-7
   */
  public ImapWriter(Literals literals, boolean utf8) {
    this.literals = literals;
    this.utf8 = utf8;
  }

  /** {@return whether UTF-8 is enabled on the connection} */
  public boolean utf8() {
    return utf8;
  }

  /**
   * The octets written, cut after each synchronizing literal header: write the first, and each next one only after
   * the peer's continuation request. Ends the writer's use.
   *
   * @return one or more segments
   */
  public List<byte[]> segments() {
    segments.add(Arrays.copyOf(buf, len));
    len = 0;
    return segments;
  }

  /** {@return the octets written (for the server side, which has no segments)} */
  public byte[] toBytes() {
    if (!segments.isEmpty()) {
      throw new IllegalStateException("the octets are cut into segments");
    }
    return Arrays.copyOf(buf, len);
  }

  // ---- raw ----

  /**
   * Appends US-ASCII text the caller built from grammar pieces (keywords, numbers).
   *
   * @param ascii the text
   * @return this writer
   */
  public ImapWriter raw(String ascii) {
    ensure(ascii.length());
    for (int i = 0; i < ascii.length(); i++) {
      char c = ascii.charAt(i);
      if (c >= 0x80 || c == '\r' || c == '\n' || c == 0) {
        throw new IllegalArgumentException("not protocol text: U+" + String.format("%04X", (int) c));
      }
      buf[len++] = (byte) c;
    }
    return this;
  }

  /**
   * Appends octets as they are (literal content, checked text).
   *
   * @param b   the octets
   * @param off the first
   * @param n   how many
   * @return this writer
   */
  public ImapWriter octets(byte[] b, int off, int n) {
    ensure(n);
    System.arraycopy(b, off, buf, len, n);
    len += n;
    return this;
  }

  /** {@return this writer, after a space} */
  public ImapWriter sp() {
    ensure(1);
    buf[len++] = ' ';
    return this;
  }

  /** {@return this writer, after CRLF} */
  public ImapWriter crlf() {
    ensure(2);
    buf[len++] = '\r';
    buf[len++] = '\n';
    return this;
  }

  /**
   * Appends a decimal number.
   *
   * @param n the number
   * @return this writer
   */
  public ImapWriter number(long n) {
    return raw(Long.toString(n));
  }

  /**
   * Appends an atom (checked).
   *
   * @param atom the atom
   * @return this writer
   */
  public ImapWriter atom(String atom) {
    for (int i = 0; i < atom.length(); i++) {
      if (atom.charAt(i) >= 0x80 || !CharClasses.isAtomChar(atom.charAt(i))) {
        throw new IllegalArgumentException("not an atom: " + atom);
      }
    }
    if (atom.isEmpty()) {
      throw new IllegalArgumentException("empty atom");
    }
    return raw(atom);
  }

  /**
   * Appends text that must be a single line (resp-text): no CR, LF or NUL; 8-bit only once UTF-8 is enabled
   * (RFC 9051 §9 {@code text}).
   *
   * @param text the text
   * @return this writer
   */
  public ImapWriter text(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    for (byte x : b) {
      if (x == '\r' || x == '\n' || x == 0) {
        throw new IllegalArgumentException("text must not contain CR, LF or NUL");
      }
      if (x < 0 && !utf8) {
        throw new IllegalArgumentException("8-bit text needs IMAP4rev2 or UTF8=ACCEPT enabled");
      }
    }
    return octets(b, 0, b.length);
  }

  // ---- strings ----

  /**
   * Appends an astring: an atom when possible, else a string.
   *
   * @param s the value
   * @return this writer
   */
  public ImapWriter astring(String s) {
    return astring(s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Appends an astring of octets: an atom when possible, else a string.
   *
   * @param octets the value
   * @return this writer
   */
  public ImapWriter astring(byte[] octets) {
    boolean atom = octets.length > 0 && !(octets.length == 3 && (octets[0] | 0x20) == 'n'
        && (octets[1] | 0x20) == 'i' && (octets[2] | 0x20) == 'l');
    for (int i = 0; i < octets.length && atom; i++) {
      atom = CharClasses.isAstringChar(octets[i]);
    }
    return atom ? octets(octets, 0, octets.length) : string(octets);
  }

  /**
   * Appends a string (quoted or literal) of UTF-8 text.
   *
   * @param s the value
   * @return this writer
   */
  public ImapWriter string(String s) {
    return string(s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Appends an nstring: NIL when empty.
   *
   * @param s the value, if any
   * @return this writer
   */
  public ImapWriter nstring(Optional<String> s) {
    return s.isPresent() ? string(s.get()) : raw("NIL");
  }

  /**
   * Appends a string of octets: quoted when it can be, else a literal.
   *
   * @param octets the value
   * @return this writer
   */
  public ImapWriter string(byte[] octets) {
    for (byte b : octets) {
      if (b == 0) {
        // RFC 9051 §9: literal is *CHAR8, no NUL; only a literal8 (APPEND, BINARY) carries one
        throw new IllegalArgumentException("a string cannot carry NUL");
      }
    }
    if (quotable(octets)) {
      ensure(octets.length * 2 + 2);
      buf[len++] = '"';
      for (byte b : octets) {
        if (b == '"' || b == '\\') {
          buf[len++] = '\\';
        }
        buf[len++] = b;
      }
      buf[len++] = '"';
      return this;
    }
    literalHeader(octets.length, false);
    return octets(octets, 0, octets.length);
  }

  private boolean quotable(byte[] octets) {
    if (octets.length > 1024) {
      return false;
    }
    for (byte b : octets) {
      if (b == '\r' || b == '\n' || (b < 0 && !utf8)) {
        return false;
      }
    }
    return !utf8 || dev.missive.imap.internal.text.Utf8.isValid(octets, 0, octets.length);
  }

  /**
   * Appends a literal header and, for a synchronizing one on the client side, ends the segment.
   *
   * @param size   the octet count
   * @param binary whether it is a literal8 ({@code ~{n}})
   * @return this writer
   */
  public ImapWriter literalHeader(long size, boolean binary) {
    boolean nonSync = literals == Literals.LITERAL_PLUS
        || (literals == Literals.LITERAL_MINUS && size <= 4096);
    raw((binary ? "~{" : "{") + size + (nonSync ? "+}" : "}"));
    crlf();
    if (literals != Literals.SERVER && !nonSync) {
      segments.add(Arrays.copyOf(buf, len));
      len = 0;
    }
    return this;
  }

  /**
   * Appends a mailbox name: {@code INBOX}, or the name encoded for the connection (modified UTF-7 unless UTF-8 is
   * enabled) as an astring.
   *
   * @param name the name
   * @return this writer
   */
  public ImapWriter mailbox(String name) {
    if (name.equalsIgnoreCase(MailboxText.INBOX)) {
      return raw(MailboxText.INBOX);
    }
    return astring(MailboxText.encode(name, utf8));
  }

  /**
   * Appends a LIST pattern: like a mailbox name, wildcards kept bare when the pattern is otherwise an atom.
   *
   * @param pattern the pattern
   * @return this writer
   */
  public ImapWriter listMailbox(String pattern) {
    String encoded = MailboxText.encode(pattern, utf8);
    boolean bare = !encoded.isEmpty() && !encoded.equalsIgnoreCase("NIL");
    for (int i = 0; i < encoded.length() && bare; i++) {
      bare = encoded.charAt(i) < 0x80 && CharClasses.isListChar(encoded.charAt(i));
    }
    return bare ? raw(encoded) : string(encoded);
  }

  // ---- composites ----

  /**
   * Appends a parenthesised list, items separated by a space.
   *
   * @param <T>   the item type
   * @param items the items
   * @param each  writes one item
   * @return this writer
   */
  public <T> ImapWriter list(List<T> items, java.util.function.BiConsumer<ImapWriter, T> each) {
    raw("(");
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        sp();
      }
      each.accept(this, items.get(i));
    }
    return raw(")");
  }

  /**
   * Appends a parenthesised list, or NIL when there are no items.
   *
   * @param <T>   the item type
   * @param items the items
   * @param each  writes one item
   * @return this writer
   */
  public <T> ImapWriter nlist(List<T> items, java.util.function.BiConsumer<ImapWriter, T> each) {
    return items.isEmpty() ? raw("NIL") : list(items, each);
  }

  /**
   * Appends {@code (flag flag ...)}.
   *
   * @param flags the flags
   * @return this writer
   */
  public ImapWriter flagList(List<Flag> flags) {
    return list(flags, (w, f) -> w.raw(f.name()));
  }

  /**
   * Appends a sequence set.
   *
   * @param set the set
   * @return this writer
   */
  public ImapWriter sequenceSet(SequenceSet set) {
    return raw(set.format());
  }

  private void ensure(int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
  }
}
