package dev.missive.imap.message;

import dev.missive.imap.Partial;
import dev.missive.imap.internal.text.Checks;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The octets of a FETCH section (RFC 9051 §6.4.5.1) as pieces to copy: ranges of the stored message and the few
 * octets IMAP adds (the CRLF after each field of {@code HEADER.FIELDS} and the blank line after them). A host
 * serves it without holding the message: it reads each range from its store (a file channel, a blob) and writes
 * the octets, as {@link #copyTo(MessageSource, OutputStream)} does; {@link #partial(Partial)} narrows it to
 * {@code <offset.length>} first.
 *
 * @param pieces the pieces, in order
 */
public record SectionContent(List<Piece> pieces) {

  /** A piece of a section's content. */
  public sealed interface Piece {
    /** {@return its length in octets} */
    long length();
  }

  /**
   * Octets of the stored message: {@code [offset, offset + length)}.
   *
   * @param offset the first octet
   * @param length how many
   */
  public record Range(long offset, long length) implements Piece {
    /**
     * Checks the values.
     *
     * @param offset the first octet
     * @param length how many
     */
    public Range {
      if (offset < 0 || length < 0) {
        throw new IllegalArgumentException("negative offset or length");
      }
    }
  }

  /**
   * Octets IMAP adds (a CRLF).
   *
   * @param octets the octets
   */
  public record Added(byte[] octets) implements Piece {
    /**
     * Copies the octets.
     *
     * @param octets the octets
     */
    public Added {
      octets = octets.clone();
    }

    /** {@return a copy of the octets} */
    @Override
    public byte[] octets() {
      return octets.clone();
    }

    @Override
    public long length() {
      return octets.length;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Added a && java.util.Arrays.equals(a.octets, octets);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(octets);
    }

    @Override
    public String toString() {
      return "Added[" + octets.length + " octets]";
    }
  }

  /**
   * Copies the list.
   *
   * @param pieces the pieces, in order
   */
  public SectionContent {
    pieces = Checks.list("pieces", pieces);
  }

  /** {@return the content's size in octets (the literal's size)} */
  public long size() {
    long n = 0;
    for (Piece p : pieces) {
      n += p.length();
    }
    return n;
  }

  /**
   * The part a partial fetch asks for: at most {@code length} octets from {@code offset} (RFC 9051 §6.4.5; an offset
   * past the end gives an empty content).
   *
   * @param partial the range
   * @return the narrowed content
   */
  public SectionContent partial(Partial partial) {
    Objects.requireNonNull(partial, "partial");
    long skip = partial.offset();
    long want = partial.length();
    List<Piece> out = new ArrayList<>();
    for (Piece p : pieces) {
      if (want == 0) {
        break;
      }
      if (skip >= p.length()) {
        skip -= p.length();
        continue;
      }
      long take = Math.min(p.length() - skip, want);
      if (p instanceof Range r) {
        out.add(new Range(r.offset() + skip, take));
      } else {
        byte[] b = ((Added) p).octets;
        out.add(new Added(java.util.Arrays.copyOfRange(b, (int) skip, (int) (skip + take))));
      }
      want -= take;
      skip = 0;
    }
    return new SectionContent(out);
  }

  /** Reads octets of a stored message by position. */
  @FunctionalInterface
  public interface MessageSource {
    /**
     * Reads octets at {@code offset} into {@code dst} (as {@code FileChannel.read(dst, position)} does).
     *
     * @param offset the position in the message
     * @param dst    the buffer to fill; its position advances
     * @return the number of octets read, -1 at the end
     * @throws IOException if reading fails
     */
    int read(long offset, ByteBuffer dst) throws IOException;

    /**
     * A source over a message held in memory.
     *
     * @param message the message's octets
     * @return the source
     */
    static MessageSource of(byte[] message) {
      return (offset, dst) -> {
        if (offset >= message.length) {
          return -1;
        }
        int n = (int) Math.min(dst.remaining(), message.length - offset);
        dst.put(message, (int) offset, n);
        return n;
      };
    }
  }

  /**
   * Writes the content, reading the ranges from {@code source} in 16 KiB steps.
   *
   * @param source the stored message
   * @param out    where the octets go
   * @throws IOException if reading or writing fails, or the message is shorter than the ranges
   */
  public void copyTo(MessageSource source, OutputStream out) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
    for (Piece p : pieces) {
      if (p instanceof Added a) {
        out.write(a.octets);
        continue;
      }
      Range r = (Range) p;
      long pos = r.offset();
      long left = r.length();
      while (left > 0) {
        buf.clear().limit((int) Math.min(buf.capacity(), left));
        int n = source.read(pos, buf);
        if (n < 0) {
          throw new IOException("the message ends before the section");
        }
        out.write(buf.array(), 0, n);
        pos += n;
        left -= n;
      }
    }
  }

  /**
   * The content's octets, read from a message held in memory.
   *
   * @param message the message's octets
   * @return the content
   */
  public byte[] from(byte[] message) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) Math.min(size(), 1 << 20));
    try {
      copyTo(MessageSource.of(message), out);
    } catch (IOException e) {
      throw new IllegalArgumentException("the message does not hold the section", e);
    }
    return out.toByteArray();
  }
}
