package dev.missive.imap.internal;

import dev.missive.imap.ModifiedUtf7;
import dev.missive.imap.internal.text.Utf8;

/**
 * Turns the octets of a mailbox name or pattern into its Unicode name: UTF-8 once IMAP4rev2 or UTF8=ACCEPT is
 * enabled (RFC 9051 §5.1, RFC 6855 §3), modified UTF-7 otherwise (RFC 3501 §5.1.3); and the other way for writers.
 * {@code INBOX} in any case becomes {@code INBOX} (RFC 9051 §5.1).
 */
public final class MailboxText {

  /** The name of the primary mailbox. */
  public static final String INBOX = "INBOX";

  private MailboxText() {}

  /**
   * Decodes a mailbox name (not a pattern: INBOX is normalised).
   *
   * @param octets the astring's octets
   * @param utf8   whether names are UTF-8 on this connection
   * @return the name
   * @throws SyntaxException if the octets are not a valid name in that encoding
   */
  public static String mailbox(byte[] octets, boolean utf8) {
    String name = pattern(octets, utf8);
    return name.equalsIgnoreCase(INBOX) ? INBOX : name;
  }

  /**
   * Decodes a name or a LIST pattern, case kept.
   *
   * @param octets the octets
   * @param utf8   whether names are UTF-8 on this connection
   * @return the text
   * @throws SyntaxException if the octets are not valid in that encoding
   */
  public static String pattern(byte[] octets, boolean utf8) {
    if (!Utf8.isAscii(octets, 0, octets.length)) {
      if (!utf8) {
        throw new SyntaxException("8-bit mailbox name: use modified UTF-7 unless UTF8=ACCEPT is enabled");
      }
      if (!Utf8.isValid(octets, 0, octets.length)) {
        throw new SyntaxException("mailbox name is not valid UTF-8");
      }
      return Utf8.decode(octets, 0, octets.length);
    }
    String ascii = new String(octets, java.nio.charset.StandardCharsets.ISO_8859_1);
    if (utf8) {
      return ascii;
    }
    try {
      return ModifiedUtf7.decode(ascii);
    } catch (IllegalArgumentException e) {
      throw new SyntaxException("mailbox name is not valid modified UTF-7");
    }
  }

  /**
   * Encodes a name for the wire.
   *
   * @param name the name
   * @param utf8 whether names are UTF-8 on this connection
   * @return the text to write (quoted or as a literal by the writer)
   */
  public static String encode(String name, boolean utf8) {
    return utf8 ? name : ModifiedUtf7.encode(name);
  }
}
