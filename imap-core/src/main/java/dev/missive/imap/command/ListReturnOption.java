package dev.missive.imap.command;

/**
 * A LIST return option (RFC 9051 §6.3.9.2, RFC 5258 §3.2, RFC 5819 §2 for {@code STATUS}, RFC 6154 §3 for
 * {@code SPECIAL-USE}). {@code STATUS} carries its items in {@link AuthenticatedCommand.ListMailboxes}.
 */
public enum ListReturnOption {
  /** {@code SUBSCRIBED}: add {@code \Subscribed}. */
  SUBSCRIBED,
  /** {@code CHILDREN}: add {@code \HasChildren}/{@code \HasNoChildren}. */
  CHILDREN,
  /** {@code SPECIAL-USE}: add the special-use attributes (RFC 6154 §3). */
  SPECIAL_USE,
  /** {@code STATUS (...)}: a STATUS response for each mailbox listed (RFC 5819 §2). */
  STATUS;

  /** {@return the option as written on the wire} */
  public String keyword() {
    return name().replace('_', '-');
  }
}
