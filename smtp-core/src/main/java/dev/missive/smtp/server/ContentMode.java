package dev.missive.smtp.server;

import dev.missive.smtp.Reply;
import dev.missive.smtp.server.internal.BdatCommand;

/**
 * How the message content being read is framed and what becomes of it: DATA's dot-terminated text
 * (RFC 5321 §4.1.1.4), one BDAT chunk of a transaction (RFC 3030 §2), or a BDAT chunk read only to be discarded
 * because the command was refused (RFC 3030 §2: the octets are read anyway, so the framing holds).
 */
sealed interface ContentMode {

  /** DATA: content up to the line with a single dot. */
  record Data() implements ContentMode {
  }

  /**
   * A BDAT chunk of the transaction.
   *
   * @param command the chunk's size and whether it is the last
   */
  record Chunk(BdatCommand command) implements ContentMode {
  }

  /**
   * A BDAT chunk read and dropped; {@code reply} answers it and the session returns to {@code resumeIn}.
   *
   * @param command  the chunk's size
   * @param reply    the refusal sent once the chunk's octets are read
   * @param resumeIn the state the session was in before the refused BDAT
   */
  record Discard(BdatCommand command, Reply reply, ServerState resumeIn) implements ContentMode {
  }
}
