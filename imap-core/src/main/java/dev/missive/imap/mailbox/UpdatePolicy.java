package dev.missive.imap.mailbox;

import dev.missive.imap.command.Command;
import dev.missive.imap.command.SelectedCommand;

/**
 * Which mailbox updates a server may send at a given point (RFC 9051 §5.2, §5.3, §7.5.1): EXPUNGE changes the
 * sequence numbers under the client, so it may not be sent while no command is in progress nor while a FETCH,
 * STORE or SEARCH (their sequence-number forms) runs; EXISTS and flag changes may be sent at any time.
 */
public enum UpdatePolicy {
  /**
   * No command in progress (between commands, or while a command's continuation is negotiated): EXISTS and FETCH
   * flag updates, no EXPUNGE (RFC 9051 §5.3, §7.5.1).
   */
  NO_COMMAND(false),
  /** During FETCH, STORE or SEARCH (not their UID forms): no EXPUNGE (RFC 9051 §7.5.1, §5.5). */
  WITHOUT_EXPUNGE(false),
  /** During any other command, the UID forms included, and at once during IDLE (RFC 9051 §6.3.13): everything. */
  ALL(true);

  private final boolean expunges;

  UpdatePolicy(boolean expunges) {
    this.expunges = expunges;
  }

  /** {@return whether EXPUNGE responses may be sent} */
  public boolean allowsExpunge() {
    return expunges;
  }

  /**
   * The policy while {@code command} runs: {@link #WITHOUT_EXPUNGE} for FETCH, STORE and SEARCH with sequence
   * numbers, {@link #ALL} for every other command (RFC 9051 §7.5.1: "An EXPUNGE response MAY be sent during a UID
   * command").
   *
   * @param command the command in progress
   * @return the policy
   */
  public static UpdatePolicy during(Command command) {
    boolean sequenceNumbered = command instanceof SelectedCommand.Fetch
        || command instanceof SelectedCommand.Store
        || command instanceof SelectedCommand.Search;
    return sequenceNumbered && !((SelectedCommand) command).uid() ? WITHOUT_EXPUNGE : ALL;
  }
}
