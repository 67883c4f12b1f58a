package dev.missive.imap.command;

import dev.missive.imap.Flag;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.internal.text.Checks;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A search criterion as a typed tree (RFC 9051 §6.4.4 {@code search-key}, with the IMAP4rev1 keys of RFC 3501
 * §6.4.4). Keys with the same meaning share a record: {@code SEEN} and {@code UNSEEN} are {@link FlagKey}s, as are
 * {@code KEYWORD}, {@code RECENT}, {@code OLD} and {@code NEW}'s parts; {@code BEFORE}, {@code SENTON} and their
 * kin are {@link DateKey}s. Strings are decoded with the command's CHARSET.
 */
public sealed interface SearchKey {

  /** {@code ALL}: every message. */
  record All() implements SearchKey {}

  /**
   * A flag set or not: {@code ANSWERED}/{@code UNANSWERED}, {@code DELETED}, {@code DRAFT}, {@code FLAGGED},
   * {@code SEEN}, {@code KEYWORD}/{@code UNKEYWORD}, {@code RECENT}/{@code OLD} (IMAP4rev1).
   *
   * @param flag a system flag of RFC 9051 §2.3.2 (or {@code \Recent}) or a keyword
   * @param set  true for messages with the flag, false for those without
   */
  record FlagKey(Flag flag, boolean set) implements SearchKey {
    /**
     * Refuses flags no search key names ({@code \*} and unknown system flags).
     *
     * @param flag a system flag of RFC 9051 §2.3.2 (or {@code \Recent}) or a keyword
     * @param set  true for messages with the flag, false for those without
     */
    public FlagKey {
      Objects.requireNonNull(flag, "flag");
      if (flag.isSystem() && !List.of(Flag.ANSWERED, Flag.DELETED, Flag.DRAFT, Flag.FLAGGED, Flag.SEEN, Flag.RECENT)
          .contains(flag)) {
        throw new IllegalArgumentException("no search key for " + flag);
      }
    }
  }

  /** Where {@link Contains} looks (RFC 9051 §6.4.4). */
  enum Target {
    /** {@code BCC}: the envelope's Bcc addresses. */
    BCC,
    /** {@code CC}: the envelope's Cc addresses. */
    CC,
    /** {@code FROM}: the envelope's From addresses. */
    FROM,
    /** {@code TO}: the envelope's To addresses. */
    TO,
    /** {@code SUBJECT}: the envelope's subject. */
    SUBJECT,
    /** {@code BODY}: the body of the message (not the header). */
    BODY,
    /** {@code TEXT}: the header or the body. */
    TEXT
  }

  /**
   * A substring search in a part of the message: {@code FROM "Smith"}, {@code BODY "xyz"} (case-insensitive,
   * RFC 9051 §6.4.4).
   *
   * @param target where to look
   * @param value  the text to find
   */
  record Contains(Target target, String value) implements SearchKey {
    /**
     * Requires both.
     *
     * @param target where to look
     * @param value  the text to find
     */
    public Contains {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * {@code HEADER field value}: messages whose header has the field and whose value contains {@code value}; an
   * empty value matches every message with the field (RFC 9051 §6.4.4).
   *
   * @param field the header field name
   * @param value the text to find
   */
  record Header(String field, String value) implements SearchKey {
    /**
     * Checks the field name (RFC 5322 §3.6.8).
     *
     * @param field the header field name
     * @param value the text to find
     */
    public Header {
      if (!dev.missive.imap.Section.isFieldName(Objects.requireNonNull(field, "field"))) {
        throw new IllegalArgumentException("not a header field name: " + field);
      }
      Objects.requireNonNull(value, "value");
    }
  }

  /** Which date {@link DateKey} compares. */
  enum DateField {
    /** The internal date (BEFORE, ON, SINCE). */
    INTERNAL,
    /** The Date: header field (SENTBEFORE, SENTON, SENTSINCE). */
    SENT
  }

  /** How {@link DateKey} compares, disregarding time and time zone (RFC 9051 §6.4.4). */
  enum DateComparison {
    /** Earlier than the date. */
    BEFORE,
    /** Within the date. */
    ON,
    /** Within or later than the date. */
    SINCE
  }

  /**
   * A date comparison: {@code BEFORE}, {@code ON}, {@code SINCE}, {@code SENTBEFORE}, {@code SENTON},
   * {@code SENTSINCE}.
   *
   * @param field      internal date or Date: field
   * @param comparison before, on or since
   * @param date       the date
   */
  record DateKey(DateField field, DateComparison comparison, LocalDate date) implements SearchKey {
    /**
     * Requires all three.
     *
     * @param field      internal date or Date: field
     * @param comparison before, on or since
     * @param date       the date
     */
    public DateKey {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(comparison, "comparison");
      Objects.requireNonNull(date, "date");
    }
  }

  /**
   * {@code LARGER n} (with {@code larger}) or {@code SMALLER n}: RFC822.SIZE compared with {@code octets}.
   *
   * @param larger true for LARGER, false for SMALLER
   * @param octets the size
   */
  record Size(boolean larger, long octets) implements SearchKey {
    /**
     * Checks the size.
     *
     * @param larger true for LARGER, false for SMALLER
     * @param octets the size, not negative
     */
    public Size {
      if (octets < 0) {
        throw new IllegalArgumentException("negative size");
      }
    }
  }

  /**
   * {@code NOT key}.
   *
   * @param key the negated key
   */
  record Not(SearchKey key) implements SearchKey {
    /**
     * Requires the key.
     *
     * @param key the negated key
     */
    public Not {
      Objects.requireNonNull(key, "key");
    }
  }

  /**
   * {@code OR key1 key2}.
   *
   * @param left  the first key
   * @param right the second key
   */
  record Or(SearchKey left, SearchKey right) implements SearchKey {
    /**
     * Requires both keys.
     *
     * @param left  the first key
     * @param right the second key
     */
    public Or {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }
  }

  /**
   * Several keys that must all match: a parenthesised list, or the keys of a SEARCH command one after the other.
   *
   * @param keys the keys, at least one
   */
  record And(List<SearchKey> keys) implements SearchKey {
    /**
     * Requires at least one key.
     *
     * @param keys the keys
     */
    public And {
      keys = Checks.list("keys", keys);
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("an AND of no keys");
      }
    }
  }

  /**
   * A message sequence number set: {@code 2:4,7}, or {@code $} (RFC 5182).
   *
   * @param set the numbers
   */
  record SequenceNumbers(SequenceSet set) implements SearchKey {
    /**
     * Requires the set.
     *
     * @param set the numbers
     */
    public SequenceNumbers {
      Objects.requireNonNull(set, "set");
    }
  }

  /**
   * {@code UID set}, or {@code UID $} (RFC 5182).
   *
   * @param set the UIDs
   */
  record Uids(SequenceSet set) implements SearchKey {
    /**
     * Requires the set.
     *
     * @param set the UIDs
     */
    public Uids {
      Objects.requireNonNull(set, "set");
    }
  }

  /**
   * {@code MODSEQ [entry-name entry-type] n} (RFC 7162 §3.1.5): messages whose mod-sequence is {@code n} or more.
   * A server that keeps one mod-sequence per message ignores the entry name and type (§3.1.5), so they are not kept.
   *
   * @param modSeq the mod-sequence, 0 or more
   */
  record ModSeq(long modSeq) implements SearchKey {
    /**
     * Checks the value.
     *
     * @param modSeq the mod-sequence ({@code mod-sequence-valzer})
     */
    public ModSeq {
      Checks.modSeq(modSeq, true);
    }
  }
}
