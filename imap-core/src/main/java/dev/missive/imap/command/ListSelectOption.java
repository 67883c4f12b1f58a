package dev.missive.imap.command;

/**
 * A LIST selection option (RFC 9051 §6.3.9.1, RFC 5258 §3.1, RFC 6154 §3 for {@code SPECIAL-USE}).
 */
public enum ListSelectOption {
  /** {@code SUBSCRIBED}: subscribed names only. */
  SUBSCRIBED,
  /** {@code REMOTE}: include remote mailboxes. */
  REMOTE,
  /** {@code RECURSIVEMATCH}: report children matching the other options (needs a base option). */
  RECURSIVEMATCH,
  /** {@code SPECIAL-USE}: special-use mailboxes only (RFC 6154 §3). */
  SPECIAL_USE;

  /** {@return the option as written on the wire} */
  public String keyword() {
    return name().replace('_', '-');
  }
}
