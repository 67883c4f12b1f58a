package dev.missive.imap.response;

import dev.missive.imap.BodyStructure;
import dev.missive.imap.Envelope;
import dev.missive.imap.Flag;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.internal.text.Checks;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A data item of a FETCH response (RFC 9051 §7.5.2, §9 {@code msg-att}; RFC 3516 §4.2 for BINARY; RFC 3501 §7.4.2
 * for the RFC822 items). Section contents are not values here: a {@link Content} says which section and how many
 * octets, and the octets themselves stream (the client decoder delivers them as chunks; the server encoder writes
 * a literal header and the engine the octets). Java 17 hosts dispatch with an {@code instanceof} chain.
 */
public sealed interface FetchAttribute {

  /**
   * {@code FLAGS (...)}.
   *
   * @param flags the message's flags
   */
  record Flags(List<Flag> flags) implements FetchAttribute {
    /**
     * Copies the list.
     *
     * @param flags the message's flags
     */
    public Flags {
      flags = Checks.list("flags", flags);
    }
  }

  /**
   * {@code UID n}.
   *
   * @param uid the message's UID
   */
  record Uid(long uid) implements FetchAttribute {
    /**
     * Checks the number.
     *
     * @param uid the UID, 1 to 4 294 967 295
     */
    public Uid {
      if (uid < 1 || uid > SequenceSet.MAX_NUMBER) {
        throw new IllegalArgumentException("not a UID: " + uid);
      }
    }
  }

  /**
   * {@code MODSEQ (n)} (RFC 7162 §3.1.4): the message's mod-sequence.
   *
   * @param modSeq the mod-sequence, positive
   */
  record ModSeq(long modSeq) implements FetchAttribute {
    /**
     * Checks the number.
     *
     * @param modSeq the mod-sequence, 1 to 2^63 - 1
     */
    public ModSeq {
      dev.missive.imap.internal.text.Checks.modSeq(modSeq, false);
    }
  }

  /**
   * {@code INTERNALDATE "..."}.
   *
   * @param date the internal date, to the second
   */
  record InternalDate(OffsetDateTime date) implements FetchAttribute {
    /**
     * Requires the date.
     *
     * @param date the internal date
     */
    public InternalDate {
      Objects.requireNonNull(date, "date");
    }
  }

  /**
   * {@code RFC822.SIZE n}.
   *
   * @param size the message's size in octets (RFC 9051 §2.3.4)
   */
  record Rfc822Size(long size) implements FetchAttribute {
    /**
     * Checks the size.
     *
     * @param size the message's size, not negative
     */
    public Rfc822Size {
      if (size < 0) {
        throw new IllegalArgumentException("negative size");
      }
    }
  }

  /**
   * {@code ENVELOPE (...)}.
   *
   * @param envelope the envelope structure
   */
  record EnvelopeData(Envelope envelope) implements FetchAttribute {
    /**
     * Requires the envelope.
     *
     * @param envelope the envelope structure
     */
    public EnvelopeData {
      Objects.requireNonNull(envelope, "envelope");
    }
  }

  /**
   * {@code BODYSTRUCTURE (...)} or, non-extensible, {@code BODY (...)}.
   *
   * @param structure  the body structure
   * @param extensible true for BODYSTRUCTURE (extension data allowed), false for BODY
   */
  record Structure(BodyStructure structure, boolean extensible) implements FetchAttribute {
    /**
     * Requires the structure.
     *
     * @param structure  the body structure
     * @param extensible true for BODYSTRUCTURE, false for BODY
     */
    public Structure {
      Objects.requireNonNull(structure, "structure");
    }
  }

  /** The item names under which section contents come. */
  enum ContentName {
    /** {@code BODY[section]<origin>}. */
    BODY,
    /** {@code BINARY[part]<origin>} (RFC 3516): the decoded content. */
    BINARY,
    /** {@code RFC822} (IMAP4rev1): the whole message. */
    RFC822,
    /** {@code RFC822.HEADER} (IMAP4rev1): the header. */
    RFC822_HEADER,
    /** {@code RFC822.TEXT} (IMAP4rev1): the body. */
    RFC822_TEXT
  }

  /**
   * Section content: which section, its origin octet for a partial fetch, and its size (empty for NIL). The octets
   * are not held here.
   *
   * @param name    BODY, BINARY or an RFC822 item
   * @param section the section ({@code [part]} only for BINARY; WHOLE, HEADER and TEXT for the RFC822 items)
   * @param origin  the origin octet, for a partial fetch
   * @param size    the content's size in octets; empty for NIL
   */
  record Content(ContentName name, dev.missive.imap.Section section, OptionalLong origin, OptionalLong size)
      implements FetchAttribute {
    /**
     * Checks the combination.
     *
     * @param name    BODY, BINARY or an RFC822 item
     * @param section the section
     * @param origin  the origin octet, for a partial fetch
     * @param size    the content's size; empty for NIL
     */
    public Content {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(section, "section");
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(size, "size");
      boolean ok = switch (name) {
        case BODY -> true;
        case BINARY -> section.text() == dev.missive.imap.Section.Text.NONE;
        case RFC822 -> section.equals(dev.missive.imap.Section.WHOLE) && origin.isEmpty();
        case RFC822_HEADER -> section.equals(dev.missive.imap.Section.HEADER) && origin.isEmpty();
        case RFC822_TEXT -> section.equals(dev.missive.imap.Section.TEXT) && origin.isEmpty();
      };
      if (!ok) {
        throw new IllegalArgumentException(name + " cannot carry " + section + origin);
      }
      if (origin.isPresent() && origin.getAsLong() < 0 || size.isPresent() && size.getAsLong() < 0) {
        throw new IllegalArgumentException("negative origin or size");
      }
    }

    /** {@return the item as written before its value, for example {@code BODY[1.2]<0>} or {@code RFC822.TEXT}} */
    public String key() {
      String s = switch (name) {
        case BODY -> "BODY" + section;
        case BINARY -> "BINARY[" + section.partPath() + "]";
        case RFC822 -> "RFC822";
        case RFC822_HEADER -> "RFC822.HEADER";
        case RFC822_TEXT -> "RFC822.TEXT";
      };
      return origin.isPresent() ? s + "<" + origin.getAsLong() + ">" : s;
    }
  }

  /**
   * {@code BINARY.SIZE[part] n} (RFC 3516 §4.2).
   *
   * @param part the part number path
   * @param size the decoded size in octets
   */
  record BinarySize(List<Integer> part, long size) implements FetchAttribute {
    /**
     * Checks the values.
     *
     * @param part the part number path
     * @param size the decoded size, not negative
     */
    public BinarySize {
      part = Checks.list("part", part);
      if (size < 0) {
        throw new IllegalArgumentException("negative size");
      }
    }
  }

  /**
   * A data item this module does not know (an extension's), kept as its name and the text of its value.
   *
   * @param name  the item's name, upper case
   * @param value the value as sent, literal octets included, decoded as UTF-8 with replacement characters
   */
  record Other(String name, String value) implements FetchAttribute {
    /**
     * Requires both.
     *
     * @param name  the item's name
     * @param value the value as sent
     */
    public Other {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }
}
