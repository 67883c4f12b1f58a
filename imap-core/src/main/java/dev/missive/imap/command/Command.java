package dev.missive.imap.command;

/**
 * A client command, parsed and typed (RFC 9051 §6, RFC 3501 §6 and the extensions this module knows). Immutable.
 *
 * <p>The four sub-interfaces follow RFC 9051 §9's {@code command-any}, {@code command-nonauth},
 * {@code command-auth} and {@code command-select}, so the states that allow a command are its type: a server in
 * the not-authenticated state takes {@link AnyStateCommand}s and {@link NotAuthenticatedCommand}s. APPEND is not a
 * {@code Command}: its messages stream ({@link dev.missive.imap.protocol.CommandInput.AppendMessage}). Java 17
 * hosts dispatch with an {@code instanceof} chain.
 */
public sealed interface Command permits AnyStateCommand, NotAuthenticatedCommand, AuthenticatedCommand,
    SelectedCommand {

  /** {@return the command's tag, echoed by its completion response} */
  String tag();
}
