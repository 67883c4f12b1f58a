package dev.missive.smtp.server;

import dev.missive.smtp.Reply;
import dev.missive.smtp.server.internal.BdatCommand;

/**
 * What a command line asks of the session, as {@link Commands} read it; {@link SmtpServer} alone applies it
 * (RFC 5321 §4.1, §4.2: every command gets exactly one reply, now or after the host's decision).
 */
sealed interface CommandResult {

  /**
   * Send {@code reply}; nothing else changes (NOOP, HELP, {@code 252} to VRFY when it is off, too many recipients).
   *
   * @param reply    the reply
   * @param enhanced whether the reply may carry its enhanced status code (RFC 2034)
   */
  record Send(Reply reply, boolean enhanced) implements CommandResult {
  }

  /**
   * Refuse the command with {@code reply}; it counts against {@link SmtpLimits#maxErrors()}.
   *
   * @param reply    the 4xx or 5xx reply
   * @param enhanced whether the reply may carry its enhanced status code
   */
  record Refuse(Reply reply, boolean enhanced) implements CommandResult {
  }

  /**
   * A command line with a bare CR or LF: reported as a {@link SmtpServerEvent.ProtocolViolation}, then refused.
   *
   * @param reply the refusal
   */
  record BareLineEnding(Reply reply) implements CommandResult {
  }

  /**
   * NOOP, RSET, VRFY, EXPN or HELP: counted against {@link SmtpLimits#maxJunkCommands()} first, then {@code then}.
   *
   * @param then what the command asks once counted
   */
  record Junk(CommandResult then) implements CommandResult {
  }

  /**
   * Report {@code event} and wait for the host's decision.
   *
   * @param event HELO/EHLO/LHLO, MAIL, RCPT, DATA, VRFY or EXPN
   */
  record Ask(SmtpServerEvent.DecisionRequired event) implements CommandResult {
  }

  /**
   * A BDAT chunk of the transaction: the first asks the host ({@link SmtpServerEvent.DataStart}), later ones are
   * read at once (RFC 3030 §2).
   *
   * @param chunk the chunk's size and LAST marker
   * @param first whether it is the transaction's first chunk
   */
  record Bdat(BdatCommand chunk, boolean first) implements CommandResult {
  }

  /**
   * A refused BDAT: its octets are read and dropped, then {@code reply} answers it (RFC 3030 §2).
   *
   * @param chunk the chunk's size
   * @param reply the refusal
   */
  record DiscardChunk(BdatCommand chunk, Reply reply) implements CommandResult {
  }

  /** RSET (RFC 5321 §4.1.1.5). */
  record Reset() implements CommandResult {
  }

  /** QUIT (RFC 5321 §4.1.1.10). */
  /**
   * Postfix's XCLIENT ({@code xclient}: the session starts again as {@code client}'s, with a new greeting) or
   * XFORWARD (the next transaction's client is {@code client}), from a client the host configured them for.
   *
   * @param client  the forwarded attributes
   * @param xclient whether the command was XCLIENT
   */
  record Forward(ForwardedClient client, boolean xclient) implements CommandResult {
  }

  record Quit() implements CommandResult {
  }

  /** STARTTLS accepted (RFC 3207 §4). */
  record StartTls() implements CommandResult {
  }

  /**
   * AUTH (RFC 4954 §4), its arguments checked for syntax.
   *
   * @param mechanism       the mechanism name as sent
   * @param initialResponse the initial response as sent, or {@code null}
   */
  record Auth(String mechanism, String initialResponse) implements CommandResult {

    /** Never shows the initial response. */
    @Override
    public String toString() {
      return "Auth[" + mechanism + "]";
    }
  }
}
