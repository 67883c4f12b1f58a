package dev.missive.imap.command;

import dev.missive.imap.Partial;
import dev.missive.imap.Section;
import dev.missive.imap.internal.text.Checks;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A FETCH data item (RFC 9051 §6.4.5 {@code fetch-att}, the IMAP4rev1 {@code RFC822*} items of RFC 3501 §6.4.5,
 * BINARY of RFC 3516 §4.1, MODSEQ of RFC 7162 §3.1.4). The macros ALL, FAST and FULL are {@link Macro}s that expand to these.
 */
public sealed interface FetchItem {

  /** The items without arguments. */
  enum Simple implements FetchItem {
    /** {@code ENVELOPE}. */
    ENVELOPE("ENVELOPE"),
    /** {@code FLAGS}. */
    FLAGS("FLAGS"),
    /** {@code INTERNALDATE}. */
    INTERNALDATE("INTERNALDATE"),
    /** {@code RFC822.SIZE}. */
    RFC822_SIZE("RFC822.SIZE"),
    /** {@code BODY}: the non-extensible BODYSTRUCTURE. */
    BODY("BODY"),
    /** {@code BODYSTRUCTURE}. */
    BODYSTRUCTURE("BODYSTRUCTURE"),
    /** {@code UID}. */
    UID("UID"),
    /** {@code RFC822} (IMAP4rev1): like {@code BODY[]}, answered as {@code RFC822}. */
    RFC822("RFC822"),
    /** {@code RFC822.HEADER} (IMAP4rev1): like {@code BODY.PEEK[HEADER]}. */
    RFC822_HEADER("RFC822.HEADER"),
    /** {@code RFC822.TEXT} (IMAP4rev1): like {@code BODY[TEXT]}. */
    RFC822_TEXT("RFC822.TEXT"),
    /** {@code MODSEQ}: the message's mod-sequence (RFC 7162 §3.1.4). */
    MODSEQ("MODSEQ");

    private final String keyword;

    Simple(String keyword) {
      this.keyword = keyword;
    }

    /** {@return the item as written on the wire} */
    public String keyword() {
      return keyword;
    }
  }

  /** The macros of RFC 9051 §6.4.5. */
  enum Macro {
    /** {@code ALL}: FLAGS INTERNALDATE RFC822.SIZE ENVELOPE. */
    ALL(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE, Simple.ENVELOPE),
    /** {@code FAST}: FLAGS INTERNALDATE RFC822.SIZE. */
    FAST(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE),
    /** {@code FULL}: FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODY. */
    FULL(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE, Simple.ENVELOPE, Simple.BODY);

    private final List<FetchItem> items;

    Macro(FetchItem... items) {
      this.items = List.of(items);
    }

    /** {@return the items the macro stands for} */
    public List<FetchItem> items() {
      return items;
    }
  }

  /**
   * {@code BODY[section]<partial>} or {@code BODY.PEEK[section]<partial>}.
   *
   * @param section the section
   * @param partial the octet range, if any
   * @param peek    true for BODY.PEEK (does not set {@code \Seen})
   */
  record BodySection(Section section, Optional<Partial> partial, boolean peek) implements FetchItem {
    /**
     * Requires the values.
     *
     * @param section the section
     * @param partial the octet range, if any
     * @param peek    true for BODY.PEEK
     */
    public BodySection {
      Objects.requireNonNull(section, "section");
      Objects.requireNonNull(partial, "partial");
    }
  }

  /**
   * {@code BINARY[part]<partial>} or {@code BINARY.PEEK[part]<partial>} (RFC 3516 §4.1, RFC 9051 §6.4.5): the part's
   * content with its transfer encoding removed.
   *
   * @param part    the part number path, empty for the message body
   * @param partial the octet range, if any
   * @param peek    true for BINARY.PEEK
   */
  record Binary(List<Integer> part, Optional<Partial> partial, boolean peek) implements FetchItem {
    /**
     * Checks the values.
     *
     * @param part    the part number path, empty for the message body
     * @param partial the octet range, if any
     * @param peek    true for BINARY.PEEK
     */
    public Binary {
      part = Checks.list("part", part);
      part.forEach(BinarySize::checkPart);
      Objects.requireNonNull(partial, "partial");
    }
  }

  /**
   * {@code BINARY.SIZE[part]} (RFC 3516 §4.1): the decoded size of the part.
   *
   * @param part the part number path
   */
  record BinarySize(List<Integer> part) implements FetchItem {
    /**
     * Checks the part path.
     *
     * @param part the part number path
     */
    public BinarySize {
      part = Checks.list("part", part);
      part.forEach(BinarySize::checkPart);
    }

    static void checkPart(int p) {
      if (p < 1) {
        throw new IllegalArgumentException("part numbers start at 1");
      }
    }
  }
}
