package dev.missive.imap.message;

import dev.missive.imap.command.SearchKey;
import java.io.IOException;

/**
 * Decides whether a message matches SEARCH criteria (RFC 9051 §6.4.4). {@link #standard()} evaluates every key
 * over the message itself; a host with its own index (full-text, flags in a database) implements this interface
 * and answers from it.
 */
@FunctionalInterface
public interface SearchEvaluator {

  /**
   * Whether a message matches.
   *
   * @param criteria the criteria ({@code $} resolved through the context)
   * @param message  the message
   * @param context  the mailbox-wide values the criteria refer to
   * @return whether it matches
   * @throws IOException if the message cannot be read
   */
  boolean matches(SearchKey criteria, SearchableMessage message, SearchContext context) throws IOException;

  /** {@return the evaluator that reads each message: flags, dates, sizes, numbers, header fields and text} */
  static SearchEvaluator standard() {
    return new MessageSearch();
  }
}
