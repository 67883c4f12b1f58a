package dev.missive.pop3.host;

import dev.missive.pop3.ResponseCode;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * The server answered a command with {@code -ERR} (RFC 1939 §3; response codes per RFC 2449 §8 and RFC 3206), or its
 * answer was unusable; the session goes on.
 */
public final class Pop3CommandException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The command as sent. */
  private final String command;
  /** The server's text. */
  private final String serverText;
  private final transient ResponseCode code;

  /**
   * Creates the failure of one command.
   *
   * @param command    the command as sent, such as {@code RETR 7}
   * @param serverText the server's text, or the engine's reason
   * @param code       the server's response code, if any
   */
  public Pop3CommandException(String command, String serverText, Optional<ResponseCode> code) {
    super(command + " failed: " + code.map(c -> "[" + c.value() + "] ").orElse("") + serverText);
    this.command = Objects.requireNonNull(command, "command");
    this.serverText = Objects.requireNonNull(serverText, "serverText");
    this.code = code.orElse(null);
  }

  /** {@return the command as sent, such as {@code RETR 7}} */
  public String command() {
    return command;
  }

  /** {@return the server's text, or the engine's reason} */
  public String serverText() {
    return serverText;
  }

  /** {@return the server's response code, such as {@code [SYS/TEMP]}, if it gave one} */
  public Optional<ResponseCode> code() {
    return Optional.ofNullable(code);
  }
}
