package dev.missive.message.header;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The header section of a message or body part (RFC 5322 §2.2, §3.6): an ordered list of fields whose names
 * compare case-insensitively; repeated fields are kept in order and nothing is chosen silently.
 * Not thread-safe.
 */
public final class Header implements Iterable<HeaderField> {

  /** The fields RFC 5322 §3.6 allows at most once in a message (at most 32: {@link #reportDuplicates} keeps bits). */
  private static final String[] SINGLETON_NAMES = {"Date", "From", "Sender", "Reply-To", "To", "Cc", "Bcc",
      "Message-ID", "In-Reply-To", "References", "Subject", "MIME-Version", "Content-Type",
      "Content-Transfer-Encoding"};
  private static final int[][] SINGLETONS_BY_LENGTH = byLength(SINGLETON_NAMES);

  private final ArrayList<HeaderField> fields = new ArrayList<>();

  /** An empty header. */
  public Header() {
  }

  /**
   * A header holding the given fields, in order.
   *
   * @param fields the fields in order (copied)
   */
  public Header(List<HeaderField> fields) {
    this.fields.ensureCapacity(fields.size());
    fields.forEach(this::add);
  }

  /**
   * Appends a field at the end.
   *
   * @param field the field
   * @return this header
   */
  public Header add(HeaderField field) {
    fields.add(Objects.requireNonNull(field, "field"));
    return this;
  }

  /**
   * Inserts a field at the top (where trace fields go, RFC 5322 §3.6.7).
   *
   * @param field the field
   * @return this header
   */
  public Header addFirst(HeaderField field) {
    fields.add(0, Objects.requireNonNull(field, "field"));
    return this;
  }

  /**
   * The first field with this name (case-insensitive), if any.
   *
   * @param name the field name
   * @return the first such field, or empty
   */
  public Optional<HeaderField> get(String name) {
    for (HeaderField f : fields) {
      if (f.hasName(name)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /**
   * Every field with this name (case-insensitive), in order.
   *
   * @param name the field name
   * @return the fields with that name, in order
   */
  public List<HeaderField> all(String name) {
    List<HeaderField> found = new ArrayList<>(2);
    for (HeaderField f : fields) {
      if (f.hasName(name)) {
        found.add(f);
      }
    }
    return found;
  }

  /**
   * Whether a field with this name exists.
   *
   * @param name the field name
   * @return whether the header has such a field
   */
  public boolean contains(String name) {
    return get(name).isPresent();
  }

  /**
   * Removes every field with this name; returns how many were removed.
   *
   * @param name the field name
   * @return how many fields were removed
   */
  public int remove(String name) {
    int before = fields.size();
    fields.removeIf(f -> f.hasName(name));
    return before - fields.size();
  }

  /**
   * Replaces the first field with the new field's name in place and removes the others with that name, or appends
   * the field when there was none.
   *
   * @param field the field
   * @return this header
   */
  public Header set(HeaderField field) {
    Objects.requireNonNull(field, "field");
    int at = -1;
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).hasName(field.name())) {
        at = i;
        break;
      }
    }
    if (at < 0) {
      return add(field);
    }
    fields.set(at, field);
    for (int i = fields.size() - 1; i > at; i--) {
      if (fields.get(i).hasName(field.name())) {
        fields.remove(i);
      }
    }
    return this;
  }

  /** {@return the number of fields} */
  public int size() {
    return fields.size();
  }

  /** {@return whether there are no fields} */
  public boolean isEmpty() {
    return fields.isEmpty();
  }

  /** {@return an unmodifiable view of the fields, in order} */
  public List<HeaderField> fields() {
    return Collections.unmodifiableList(fields);
  }

  @Override
  public Iterator<HeaderField> iterator() {
    return fields().iterator();
  }

  /**
   * Records a DUPLICATE_FIELD defect for each field RFC 5322 §3.6 (and RFC 2045 for the MIME fields) allows once
   * that appears more than once; every occurrence stays in the header (docs/security.md, "Duplicate fields").
   *
   * @param defects receives the DUPLICATE_FIELD defects
   */
  public void reportDuplicates(List<Defect> defects) {
    int seen = 0; // bit i: SINGLETON_NAMES[i] was seen; a second bit set: already reported
    int reported = 0;
    for (HeaderField f : fields) {
      int i = singletonIndex(f.name());
      if (i < 0) {
        continue;
      }
      int bit = 1 << i;
      if ((seen & bit) == 0) {
        seen |= bit;
      } else if ((reported & bit) == 0) {
        reported |= bit;
        defects.add(new Defect(DefectKind.DUPLICATE_FIELD,
            "field " + f.name() + " appears more than once (RFC 5322 §3.6); all occurrences kept"));
      }
    }
  }

  /** The index of {@code name} in {@link #SINGLETON_NAMES} compared case-insensitively, or -1. */
  private static int singletonIndex(String name) {
    int n = name.length();
    if (n >= SINGLETONS_BY_LENGTH.length) {
      return -1;
    }
    for (int i : SINGLETONS_BY_LENGTH[n]) {
      String s = SINGLETON_NAMES[i];
      // the same String when the parser shared a well-known name; else first and last letter before the whole
      if (s == name || (s.charAt(0) | 0x20) == (name.charAt(0) | 0x20)
          && (s.charAt(n - 1) | 0x20) == (name.charAt(n - 1) | 0x20) && s.equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  /** For each length, the indexes of the singleton names that long: most names are compared with none or one. */
  private static int[][] byLength(String[] names) {
    int longest = 0;
    for (String s : names) {
      longest = Math.max(longest, s.length());
    }
    int[][] table = new int[longest + 1][0];
    for (int i = 0; i < names.length; i++) {
      int[] row = table[names[i].length()];
      row = Arrays.copyOf(row, row.length + 1);
      row[row.length - 1] = i;
      table[names[i].length()] = row;
    }
    return table;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (HeaderField f : fields) {
      b.append(f).append('\n');
    }
    return b.toString();
  }
}
