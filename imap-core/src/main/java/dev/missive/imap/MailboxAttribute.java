package dev.missive.imap;

import java.util.Objects;

/**
 * A mailbox name attribute of a LIST response (RFC 9051 §7.3.1 {@code mbx-list-flags}, RFC 3348 CHILDREN,
 * RFC 6154 §2 special-use): {@code \Noselect}, {@code \HasChildren}, {@code \Sent}, or another {@code \atom}.
 *
 * <p>Written as a bare {@code \atom} on the wire, so the name is checked at construction; the attributes the RFCs
 * define get their RFC spelling whatever the case they came in.
 *
 * @param name the attribute with its backslash, for example {@code \Noselect}
 */
public record MailboxAttribute(String name) {
  private static final String[] SPECIAL_USE = {"\\All", "\\Archive", "\\Drafts", "\\Flagged", "\\Junk", "\\Sent",
      "\\Trash"};
  private static final String[] KNOWN = {"\\Noinferiors", "\\Noselect", "\\Marked", "\\Unmarked", "\\NonExistent",
      "\\Subscribed", "\\Remote", "\\HasChildren", "\\HasNoChildren", "\\All", "\\Archive", "\\Drafts",
      "\\Flagged", "\\Junk", "\\Sent", "\\Trash"};

  /** {@code \Noinferiors}: no child mailbox can exist. */
  public static final MailboxAttribute NOINFERIORS = new MailboxAttribute("\\Noinferiors");
  /** {@code \Noselect}: the name cannot be selected. */
  public static final MailboxAttribute NOSELECT = new MailboxAttribute("\\Noselect");
  /** {@code \Marked}: probably new messages since last selected. */
  public static final MailboxAttribute MARKED = new MailboxAttribute("\\Marked");
  /** {@code \Unmarked}: no new messages since last selected. */
  public static final MailboxAttribute UNMARKED = new MailboxAttribute("\\Unmarked");
  /** {@code \NonExistent}: the name does not refer to an existing mailbox (RFC 5258 §3). */
  public static final MailboxAttribute NONEXISTENT = new MailboxAttribute("\\NonExistent");
  /** {@code \Subscribed} (RFC 5258 §3). */
  public static final MailboxAttribute SUBSCRIBED = new MailboxAttribute("\\Subscribed");
  /** {@code \Remote} (RFC 5258 §3). */
  public static final MailboxAttribute REMOTE = new MailboxAttribute("\\Remote");
  /** {@code \HasChildren} (RFC 3348, RFC 9051 §7.3.1). */
  public static final MailboxAttribute HAS_CHILDREN = new MailboxAttribute("\\HasChildren");
  /** {@code \HasNoChildren} (RFC 3348, RFC 9051 §7.3.1). */
  public static final MailboxAttribute HAS_NO_CHILDREN = new MailboxAttribute("\\HasNoChildren");
  /** Special use {@code \All} (RFC 6154 §2). */
  public static final MailboxAttribute ALL = new MailboxAttribute("\\All");
  /** Special use {@code \Archive} (RFC 6154 §2). */
  public static final MailboxAttribute ARCHIVE = new MailboxAttribute("\\Archive");
  /** Special use {@code \Drafts} (RFC 6154 §2). */
  public static final MailboxAttribute DRAFTS = new MailboxAttribute("\\Drafts");
  /** Special use {@code \Flagged} (RFC 6154 §2). */
  public static final MailboxAttribute FLAGGED = new MailboxAttribute("\\Flagged");
  /** Special use {@code \Junk} (RFC 6154 §2). */
  public static final MailboxAttribute JUNK = new MailboxAttribute("\\Junk");
  /** Special use {@code \Sent} (RFC 6154 §2). */
  public static final MailboxAttribute SENT = new MailboxAttribute("\\Sent");
  /** Special use {@code \Trash} (RFC 6154 §2). */
  public static final MailboxAttribute TRASH = new MailboxAttribute("\\Trash");


  /**
   * Checks the name ({@code \} followed by an atom) and gives known attributes their RFC spelling.
   *
   * @param name the attribute with its backslash
   */
  public MailboxAttribute {
    Objects.requireNonNull(name, "name");
    if (name.length() < 2 || name.charAt(0) != '\\') {
      throw new IllegalArgumentException("a mailbox attribute is \\ and an atom: " + name);
    }
    for (int i = 1; i < name.length(); i++) {
      if (!Flag.isAtomChar(name.charAt(i))) {
        throw new IllegalArgumentException("a mailbox attribute is \\ and an atom: " + name);
      }
    }
    for (String k : KNOWN) {
      if (k.equalsIgnoreCase(name)) {
        name = k;
      }
    }
  }

  /** {@return whether this is one of the special-use attributes of RFC 6154 §2} */
  public boolean isSpecialUse() {
    for (String s : SPECIAL_USE) {
      if (s.equals(name)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return name;
  }
}
