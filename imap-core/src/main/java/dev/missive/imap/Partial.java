package dev.missive.imap;

/**
 * A partial fetch (RFC 9051 §6.4.5, {@code partial}): {@code <offset.length>}, the octets of a section from a
 * 0-based offset, at most {@code length} of them.
 *
 * @param offset the first octet, from 0
 * @param length how many octets at most, at least 1
 */
public record Partial(long offset, long length) {

  /**
   * Checks the range.
   *
   * @param offset the first octet, from 0
   * @param length how many octets at most, at least 1
   */
  public Partial {
    if (offset < 0 || length < 1) {
      throw new IllegalArgumentException("partial needs offset >= 0 and length >= 1: " + offset + "." + length);
    }
  }

  @Override
  public String toString() {
    return "<" + offset + "." + length + ">";
  }
}
