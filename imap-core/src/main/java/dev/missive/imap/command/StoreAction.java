package dev.missive.imap.command;

/** How STORE changes the flags (RFC 9051 §6.4.6): {@code FLAGS}, {@code +FLAGS} or {@code -FLAGS}. */
public enum StoreAction {
  /** {@code FLAGS}: replace the flags. */
  REPLACE(""),
  /** {@code +FLAGS}: add the flags. */
  ADD("+"),
  /** {@code -FLAGS}: remove the flags. */
  REMOVE("-");

  private final String prefix;

  StoreAction(String prefix) {
    this.prefix = prefix;
  }

  /** {@return {@code ""}, {@code "+"} or {@code "-"}} */
  public String prefix() {
    return prefix;
  }
}
