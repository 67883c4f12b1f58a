package dev.missive.smtp.client;

import dev.missive.smtp.Reply;
import dev.missive.wire.internal.CommandPipeline;

/**
 * VRFY (RFC 5321 §3.5.1, §4.1.1.6): the argument the host asks about, sent alone, and its reply reported as
 * {@link SmtpClientEvent.Verified} before the session is ready again.
 */
final class Verification {

  private final ClientPort session;
  private final CommandPipeline<Command> pipe;
  private String argument;

  Verification(ClientPort session, CommandPipeline<Command> pipe) {
    this.session = session;
    this.pipe = pipe;
  }

  /**
   * Sends {@code VRFY argument}.
   *
   * @throws IllegalArgumentException if {@code argument} is empty or not printable US-ASCII
   */
  void start(String argument) {
    if (argument.isEmpty() || !argument.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
      throw new IllegalArgumentException("VRFY argument must be printable US-ASCII");
    }
    this.argument = argument;
    session.transition(SmtpClientState.VERIFY);
    pipe.send(Command.VRFY, "VRFY " + argument, false);
  }

  /** The server answered the VRFY. */
  void replied(Reply reply) {
    session.event(new SmtpClientEvent.Verified(argument, reply));
    argument = null;
    session.ready();
  }
}
