package dev.missive.imap.internal.text;

import java.util.List;
import java.util.Objects;

/** Construction-time checks for values that go on the wire (no CR, LF or NUL; tags and atoms by their grammar). */
public final class Checks {

  private Checks() {}

  /**
   * Requires a command tag: 1*(ASTRING-CHAR except "+") (RFC 9051 §9 {@code tag}).
   *
   * @param tag the tag
   * @return the tag
   */
  public static String tag(String tag) {
    Objects.requireNonNull(tag, "tag");
    if (tag.isEmpty()) {
      throw new IllegalArgumentException("empty tag");
    }
    for (int i = 0; i < tag.length(); i++) {
      char c = tag.charAt(i);
      if (c > 0x7F || !CharClasses.isAstringChar(c) || c == '+') {
        throw new IllegalArgumentException("not a tag character: U+" + String.format("%04X", (int) c));
      }
    }
    return tag;
  }

  /**
   * Requires an atom: 1*ATOM-CHAR.
   *
   * @param what what the value is, for the message
   * @param atom the value
   * @return the value
   */
  public static String atom(String what, String atom) {
    Objects.requireNonNull(atom, what);
    if (atom.isEmpty()) {
      throw new IllegalArgumentException("empty " + what);
    }
    for (int i = 0; i < atom.length(); i++) {
      char c = atom.charAt(i);
      if (c > 0x7F || !CharClasses.isAtomChar(c)) {
        throw new IllegalArgumentException(what + " is not an atom: " + atom);
      }
    }
    return atom;
  }

  /**
   * Requires text without CR, LF or NUL (RFC 9051 §9 {@code TEXT-CHAR}, widened to Unicode).
   *
   * @param what what the value is, for the message
   * @param text the value
   * @return the value
   */
  public static String text(String what, String text) {
    Objects.requireNonNull(text, what);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        throw new IllegalArgumentException(what + " must not contain CR, LF or NUL");
      }
    }
    return text;
  }

  /**
   * An unmodifiable copy of a set of enum constants that iterates in declaration order.
   *
   * @param <E>  the enum type
   * @param type the enum class
   * @param set  the set
   * @return the copy
   */
  public static <E extends Enum<E>> java.util.Set<E> enumSet(Class<E> type, java.util.Set<E> set) {
    java.util.EnumSet<E> copy = java.util.EnumSet.noneOf(type);
    copy.addAll(java.util.Objects.requireNonNull(set, type.getSimpleName()));
    return java.util.Collections.unmodifiableSet(copy);
  }

  /**
   * An unmodifiable copy of a list without nulls.
   *
   * @param <T>  the element type
   * @param what what the list is, for the message
   * @param list the list
   * @return the copy
   */
  public static <T> List<T> list(String what, List<T> list) {
    return List.copyOf(Objects.requireNonNull(list, what));
  }

  /**
   * Checks a mod-sequence (RFC 7162 §7 {@code mod-sequence-value}: 1 to 2^63 - 1; {@code mod-sequence-valzer}
   * allows 0).
   *
   * @param modSeq    the value
   * @param zeroAllowed whether 0 is allowed ({@code mod-sequence-valzer})
   * @return the value
   * @throws IllegalArgumentException if out of range
   */
  public static long modSeq(long modSeq, boolean zeroAllowed) {
    if (modSeq < (zeroAllowed ? 0 : 1)) {
      throw new IllegalArgumentException("not a mod-sequence (RFC 7162 §7): " + modSeq);
    }
    return modSeq;
  }
}
