package dev.missive.imap.host;

import dev.missive.imap.client.CommandResult;
import java.io.IOException;
import java.util.Objects;

/**
 * An IMAP command of an {@link ImapSession} was refused: the server's NO or BAD with its response code (RFC 9051
 * §7.1, RFC 5530), such as {@code [TRYCREATE]} or {@code [AUTHENTICATIONFAILED]}.
 */
public final class ImapCommandException extends IOException {

  private static final long serialVersionUID = 1L;

  /** The refusal; not serialized with the exception. */
  private final transient CommandResult.Failed failure;

  /**
   * An exception for a refused command.
   *
   * @param command what was refused, such as {@code SELECT Archive}
   * @param failure the server's answer
   */
  public ImapCommandException(String command, CommandResult.Failed failure) {
    super(command + " refused: " + failure.status() + failure.code().map(c -> " [" + c.format() + "]").orElse("")
        + " " + failure.text());
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  /** {@return the server's NO or BAD, with its response code} */
  public CommandResult.Failed failure() {
    return failure;
  }
}
