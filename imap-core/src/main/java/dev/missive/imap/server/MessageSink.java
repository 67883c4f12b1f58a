package dev.missive.imap.server;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where the octets of one APPEND message go as they arrive (RFC 9051 §6.3.12), before
 * {@link MailSession#commitAppend} stores every message of the command or {@link #discard()} drops it.
 */
public interface MessageSink {

  /**
   * Takes the next octets.
   *
   * @param octets the octets; consumed whole
   * @throws IOException if they cannot be kept (the command is answered {@code NO})
   */
  void write(ByteBuffer octets) throws IOException;

  /** Drops what was written: the command failed or the session ended. */
  void discard();
}
