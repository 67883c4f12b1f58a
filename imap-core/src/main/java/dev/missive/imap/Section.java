package dev.missive.imap;

import dev.missive.imap.internal.text.Checks;
import dev.missive.imap.internal.text.Quoting;
import java.util.List;
import java.util.Objects;

/**
 * A body section specification (RFC 9051 §6.4.5.1, {@code section-spec}): a part number path ({@code 1.2.3}, empty
 * for the whole message) and what to take of it: everything, {@code HEADER}, {@code HEADER.FIELDS (...)},
 * {@code HEADER.FIELDS.NOT (...)}, {@code TEXT} or {@code MIME}.
 *
 * @param part   part numbers from the top (each at least 1); empty for the message itself
 * @param text   what of the part
 * @param fields the header field names for {@code HEADER.FIELDS} and {@code HEADER.FIELDS.NOT}, else empty
 */
public record Section(List<Integer> part, Text text, List<String> fields) {

  /** What a section takes of the part it names. */
  public enum Text {
    /** The whole part: {@code BODY[]}, {@code BODY[1.2]}. */
    NONE(""),
    /** The header of the message or of an encapsulated message: {@code HEADER}. */
    HEADER("HEADER"),
    /** Only the named header fields: {@code HEADER.FIELDS (...)}. */
    HEADER_FIELDS("HEADER.FIELDS"),
    /** The header without the named fields: {@code HEADER.FIELDS.NOT (...)}. */
    HEADER_FIELDS_NOT("HEADER.FIELDS.NOT"),
    /** The body of the message or of an encapsulated message: {@code TEXT}. */
    TEXT("TEXT"),
    /** The MIME header of a body part (a part number is required): {@code MIME}. */
    MIME("MIME");

    private final String keyword;

    Text(String keyword) {
      this.keyword = keyword;
    }

    /** {@return the keyword as written in a section, empty for {@link #NONE}} */
    public String keyword() {
      return keyword;
    }
  }

  /** {@code BODY[]}: the whole message. */
  public static final Section WHOLE = new Section(List.of(), Text.NONE, List.of());
  /** {@code BODY[HEADER]}. */
  public static final Section HEADER = new Section(List.of(), Text.HEADER, List.of());
  /** {@code BODY[TEXT]}. */
  public static final Section TEXT = new Section(List.of(), Text.TEXT, List.of());

  /**
   * Checks the combination.
   *
   * @param part   part numbers from the top (each at least 1); empty for the message itself
   * @param text   what of the part
   * @param fields the header field names for {@code HEADER.FIELDS} and {@code HEADER.FIELDS.NOT}, else empty
   */
  public Section {
    part = Checks.list("part", part);
    Objects.requireNonNull(text, "text");
    fields = Checks.list("fields", fields);
    for (int p : part) {
      if (p < 1) {
        throw new IllegalArgumentException("part numbers start at 1: " + part);
      }
    }
    boolean needsFields = text == Text.HEADER_FIELDS || text == Text.HEADER_FIELDS_NOT;
    if (needsFields == fields.isEmpty()) {
      throw new IllegalArgumentException(needsFields ? text.keyword() + " needs at least one field name"
          : "field names only go with HEADER.FIELDS and HEADER.FIELDS.NOT");
    }
    if (text == Text.MIME && part.isEmpty()) {
      throw new IllegalArgumentException("MIME needs a part number");
    }
    for (String f : fields) {
      if (!isFieldName(f)) {
        throw new IllegalArgumentException("not a header field name (RFC 5322 §3.6.8 ftext): " + f);
      }
    }
  }

  /**
   * Whether {@code name} is a header field name: 1*ftext, printable US-ASCII except colon (RFC 5322 §3.6.8).
   *
   * @param name the name
   * @return whether it can name a header field
   */
  public static boolean isFieldName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x21 || c > 0x7E || c == ':') {
        return false;
      }
    }
    return true;
  }

  /**
   * A whole body part: {@code BODY[1.2]}.
   *
   * @param part part numbers from the top
   * @return the section
   */
  public static Section part(int... part) {
    return new Section(java.util.Arrays.stream(part).boxed().toList(), Text.NONE, List.of());
  }

  /**
   * {@code BODY[HEADER.FIELDS (...)]} of the message.
   *
   * @param names the field names
   * @return the section
   */
  public static Section headerFields(String... names) {
    return new Section(List.of(), Text.HEADER_FIELDS, List.of(names));
  }

  /** {@return the part path as written, for example {@code 1.2}; empty for the message} */
  public String partPath() {
    StringBuilder sb = new StringBuilder();
    for (int p : part) {
      if (sb.length() > 0) {
        sb.append('.');
      }
      sb.append(p);
    }
    return sb.toString();
  }

  /** {@return the specification between the brackets, field names written as atoms where they can be} */
  public String format() {
    StringBuilder sb = new StringBuilder(partPath());
    if (text != Text.NONE) {
      if (sb.length() > 0) {
        sb.append('.');
      }
      sb.append(text.keyword());
    }
    if (!fields.isEmpty()) {
      sb.append(" (");
      for (int i = 0; i < fields.size(); i++) {
        if (i > 0) {
          sb.append(' ');
        }
        sb.append(Quoting.astring(fields.get(i)));
      }
      sb.append(')');
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "[" + format() + "]";
  }
}
