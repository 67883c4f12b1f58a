package dev.missive.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A user's maildrop as the synchronous {@link dev.missive.pop3.server.Pop3HandlerServer} sees it: opened and locked
 * for one session by
 * {@link dev.missive.pop3.server.Pop3Handler#open(String)}, listed once, read message by message, updated after QUIT
 * and then closed
 * (RFC 1939 §3–§6).
 *
 * <p>Sizes are the octets RETR sends before dot-stuffing with CRLF line endings (RFC 1939 §11); a store of
 * bare-LF files adds one per LF. Unique ids should be 1–70 characters in 0x21–0x7E; the engine refuses to write
 * any other with {@code -ERR} (RFC 1939 §7, UIDL).
 */
public interface Maildrop extends AutoCloseable {

  /**
   * The messages, in message-number order, fixed for the session (RFC 1939 §5).
   *
   * @return the messages, in message-number order
   * @throws IOException if the storage cannot be read
   */
  List<MaildropEntry> messages() throws IOException;

  /**
   * The stored bytes of message {@code messageNumber} (1-based), as they are; the engine canonicalises line
   * endings, dot-stuffs and cuts for TOP. The stream is read in chunks and closed by the engine's facade.
   *
   * @param messageNumber the message number, 1-based
   * @return the message's stored bytes
   * @throws IOException if the storage cannot be read
   */
  InputStream retrieve(int messageNumber) throws IOException;

  /**
   * The UPDATE state (RFC 1939 §6): removes the messages marked as deleted. Called only after QUIT, never when
   * the connection is lost. An exception answers {@code -ERR [SYS/TEMP] some deleted messages not removed}.
   *
   * @param deletedMessages message numbers, ascending, possibly empty
   * @throws IOException if some deleted messages could not be removed
   */
  void update(List<Integer> deletedMessages) throws IOException;

  /** Releases the lock; called once when the session ends, whatever the reason. */
  @Override
  void close();
}
