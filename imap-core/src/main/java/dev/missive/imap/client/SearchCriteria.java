package dev.missive.imap.client;

import dev.missive.imap.Flag;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.command.SearchKey;
import java.time.LocalDate;
import java.util.List;

/**
 * Typed SEARCH criteria (RFC 9051 §6.4.4) for {@link ImapClient#search(boolean, SearchKey)}, combined with
 * {@link #and(SearchKey...)}, {@link #or(SearchKey, SearchKey)} and {@link #not(SearchKey)}:
 * <pre>{@code
 * client.search(true, SearchCriteria.and(SearchCriteria.unseen(), SearchCriteria.from("alice@example.org"),
 *     SearchCriteria.since(LocalDate.of(2026, 1, 1))));
 * }</pre>
 * Text is matched as a substring, case-insensitively; non-ASCII text goes with {@code CHARSET UTF-8} unless UTF-8 is
 * enabled.
 */
public final class SearchCriteria {

  private SearchCriteria() {
  }

  /** {@return every message} */
  public static SearchKey all() {
    return new SearchKey.All();
  }

  /**
   * Messages with {@code flag} set.
   *
   * @param flag the flag or keyword
   * @return the key
   */
  public static SearchKey flagged(Flag flag) {
    return new SearchKey.FlagKey(flag, true);
  }

  /**
   * Messages without {@code flag}.
   *
   * @param flag the flag or keyword
   * @return the key
   */
  public static SearchKey notFlagged(Flag flag) {
    return new SearchKey.FlagKey(flag, false);
  }

  /** {@return messages without {@code \Seen}} */
  public static SearchKey unseen() {
    return notFlagged(Flag.SEEN);
  }

  /**
   * Messages whose From contains {@code text}.
   *
   * @param text the text
   * @return the key
   */
  public static SearchKey from(String text) {
    return new SearchKey.Contains(SearchKey.Target.FROM, text);
  }

  /**
   * Messages whose To contains {@code text}.
   *
   * @param text the text
   * @return the key
   */
  public static SearchKey to(String text) {
    return new SearchKey.Contains(SearchKey.Target.TO, text);
  }

  /**
   * Messages whose Subject contains {@code text}.
   *
   * @param text the text
   * @return the key
   */
  public static SearchKey subject(String text) {
    return new SearchKey.Contains(SearchKey.Target.SUBJECT, text);
  }

  /**
   * Messages whose body contains {@code text}.
   *
   * @param text the text
   * @return the key
   */
  public static SearchKey body(String text) {
    return new SearchKey.Contains(SearchKey.Target.BODY, text);
  }

  /**
   * Messages whose header field {@code field} contains {@code text}.
   *
   * @param field the field name
   * @param text  the text; empty matches every message with the field
   * @return the key
   */
  public static SearchKey header(String field, String text) {
    return new SearchKey.Header(field, text);
  }

  /**
   * Messages that arrived on or after {@code date} (internal date).
   *
   * @param date the date
   * @return the key
   */
  public static SearchKey since(LocalDate date) {
    return new SearchKey.DateKey(SearchKey.DateField.INTERNAL, SearchKey.DateComparison.SINCE, date);
  }

  /**
   * Messages that arrived before {@code date} (internal date).
   *
   * @param date the date
   * @return the key
   */
  public static SearchKey before(LocalDate date) {
    return new SearchKey.DateKey(SearchKey.DateField.INTERNAL, SearchKey.DateComparison.BEFORE, date);
  }

  /**
   * Messages larger than {@code octets}.
   *
   * @param octets the size
   * @return the key
   */
  public static SearchKey largerThan(long octets) {
    return new SearchKey.Size(true, octets);
  }

  /**
   * Messages with these UIDs.
   *
   * @param uids the UIDs
   * @return the key
   */
  public static SearchKey uids(SequenceSet uids) {
    return new SearchKey.Uids(uids);
  }

  /**
   * Messages matching every key.
   *
   * @param keys the keys
   * @return the key
   */
  public static SearchKey and(SearchKey... keys) {
    return keys.length == 1 ? keys[0] : new SearchKey.And(List.of(keys));
  }

  /**
   * Messages matching either key.
   *
   * @param a one key
   * @param b the other
   * @return the key
   */
  public static SearchKey or(SearchKey a, SearchKey b) {
    return new SearchKey.Or(a, b);
  }

  /**
   * Messages not matching {@code key}.
   *
   * @param key the key
   * @return the key
   */
  public static SearchKey not(SearchKey key) {
    return new SearchKey.Not(key);
  }
}
