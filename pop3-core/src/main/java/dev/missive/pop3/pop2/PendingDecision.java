package dev.missive.pop3.pop2;

import dev.missive.pop3.pop2.internal.CrlfContent;

/** The decision a {@link Pop2Server} waits for, with what it needs to go on once the host answered. */
sealed interface PendingDecision {

  /** {@return the event the host answers} */
  Pop2ServerEvent.DecisionRequired event();

  /** HELO's user and password. */
  record Login(Pop2ServerEvent.LoginRequested event) implements PendingDecision {
  }

  /** The default mailbox after HELO, or FOLD's folder. */
  record OpenFolder(Pop2ServerEvent.FolderRequested event) implements PendingDecision {
  }

  /** RETR's message, with the content counted against its announced length. */
  record Retrieve(Pop2ServerEvent.RetrieveRequested event, CrlfContent content) implements PendingDecision {
  }

  /** The release of the open folder; {@code nextFolder} is FOLD's, or {@code null} after QUIT. */
  record Update(Pop2ServerEvent.UpdateRequested event, String nextFolder) implements PendingDecision {
  }
}
