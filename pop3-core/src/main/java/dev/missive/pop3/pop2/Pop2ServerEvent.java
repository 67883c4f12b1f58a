package dev.missive.pop3.pop2;

import dev.missive.pop3.Password;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Pop2Server} reports to its host, one edge-triggered record per occurrence, taken with
 * {@link Pop2Server#nextEvent()}. The {@link DecisionRequired} events wait for exactly one answer
 * ({@link Pop2Server#answer(Pop2Decision)}, or content for {@link RetrieveRequested}).
 */
public sealed interface Pop2ServerEvent {

  /** An event the host must answer before the session goes on. */
  sealed interface DecisionRequired extends Pop2ServerEvent {
  }

  /**
   * HELO named a user and a password (RFC 937, "HELO user password"): accept or reject. A rejected HELO is answered
   * {@code -} after the failed-login delay and the connection closes (RFC 937, "Server Decision Table", action 3).
   * The host should {@link Password#wipe() wipe} the password once checked.
   *
   * @param user     the user name, unquoted (RFC 937, "Quoting")
   * @param password the password, unquoted
   */
  record LoginRequested(String user, Password password) implements DecisionRequired {
    /**
     * Checks the values are present.
     *
     * @param user     the user name
     * @param password the password
     */
    public LoginRequested {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
    }
  }

  /**
   * A folder must be opened and locked for {@code user}: the user's default mailbox right after an accepted HELO
   * ({@code folder} empty), or the one FOLD names (RFC 937, "FOLD mailbox"). Answer with its listing
   * ({@link Pop2Decision#opened(List)}; an empty list when the folder does not exist or may not be read, since RFC
   * 937 counts such a folder as zero messages) or reject it when it cannot be opened now (locked, storage failure):
   * the client gets {@code -} and the connection closes.
   *
   * @param user   the user who logged in
   * @param folder the folder FOLD named, unquoted; empty for the default mailbox
   */
  record FolderRequested(String user, Optional<String> folder) implements DecisionRequired {
    /**
     * Checks the values are present.
     *
     * @param user   the user who logged in
     * @param folder the folder FOLD named, or empty
     */
    public FolderRequested {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(folder, "folder");
    }
  }

  /**
   * RETR asks for message {@code messageNumber} of the open folder, whose length {@code size} the client was told:
   * answer with {@link Pop2Server#content(java.nio.ByteBuffer)} chunks and {@link Pop2Server#contentEnd()}, or
   * reject before the first chunk (the connection closes, RFC 937, "RETR"). The engine sends exactly {@code size}
   * octets with CRLF line endings; content that turns out longer or shorter closes the connection instead, so the
   * client never acknowledges a message it did not get whole.
   *
   * @param messageNumber the message number, 1-based, in the open folder
   * @param size          the octets announced with {@code =ccc}
   */
  record RetrieveRequested(int messageNumber, long size) implements DecisionRequired {
  }

  /**
   * The open folder is being released, after QUIT or before FOLD opens another (RFC 937, "ACKD": deletions take
   * effect then): remove {@code deletedMessages}, release the folder's lock, and accept; or reject if they could not
   * be removed (the client gets {@code -} and the connection closes). A lost connection never gets here: the folder
   * is released without removing anything and {@link SessionEnded} reports it.
   *
   * @param deletedMessages the message numbers the client acknowledged with ACKD, ascending, possibly empty
   * @param quitting        whether QUIT released it (otherwise FOLD)
   */
  record UpdateRequested(List<Integer> deletedMessages, boolean quitting) implements DecisionRequired {
    /**
     * Copies the list.
     *
     * @param deletedMessages the message numbers acknowledged with ACKD
     * @param quitting        whether QUIT released the folder
     */
    public UpdateRequested {
      deletedMessages = List.copyOf(deletedMessages);
    }
  }

  /**
   * The client sent something the protocol does not allow here (answered {@code -}, counted against
   * {@link Pop2Limits#maxBadCommands()}).
   *
   * @param description what was wrong, for logs
   */
  record ProtocolViolation(String description) implements Pop2ServerEvent {
  }

  /**
   * The session ended; the host releases the folder still open, if any, without removing anything unless
   * {@code updated}.
   *
   * @param lastState the state the session was in
   * @param updated   whether the last folder's deletions were committed (an accepted {@link UpdateRequested} at
   *                  QUIT)
   */
  record SessionEnded(Pop2State lastState, boolean updated) implements Pop2ServerEvent {
  }
}
