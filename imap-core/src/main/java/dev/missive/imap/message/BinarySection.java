package dev.missive.imap.message;

import dev.missive.imap.Partial;
import dev.missive.imap.Section;
import dev.missive.message.codec.ContentDecoder;
import dev.missive.message.codec.TransferEncodings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The content of {@code BINARY[part]} and {@code BINARY.SIZE[part]} (RFC 3516 §4, RFC 9051 §6.4.5): a leaf part's
 * body with its Content-Transfer-Encoding removed, decoded as it streams from the store. A part whose encoding is
 * not known must be answered {@code NO [UNKNOWN-CTE]} (RFC 3516 §4.3); {@link #unknownEncoding()} says so.
 *
 * @param raw      where the part's encoded body is
 * @param encoding its Content-Transfer-Encoding, lower case
 */
public record BinarySection(SectionContent raw, String encoding) {

  /**
   * Requires both.
   *
   * @param raw      where the encoded body is
   * @param encoding its Content-Transfer-Encoding
   */
  public BinarySection {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(encoding, "encoding");
  }

  /**
   * The binary section of a part, if the message has it and it is not a multipart.
   *
   * @param layout the message's layout
   * @param part   the part number path; empty for the message's own body
   * @return the section, or empty (NIL) when there is no such leaf part
   */
  public static Optional<BinarySection> of(MessageLayout layout, List<Integer> part) {
    Section section = part.isEmpty() ? Section.TEXT : new Section(part, Section.Text.NONE, List.of());
    Optional<MessagePart> entity = Sections.entity(layout, part);
    if (entity.isEmpty() || entity.get().isMultipart()) {
      return Optional.empty();
    }
    return layout.section(section).map(c -> new BinarySection(c, entity.get().transferEncoding()));
  }

  /** {@return whether the encoding is one this module cannot remove (answer {@code NO [UNKNOWN-CTE]})} */
  public boolean unknownEncoding() {
    return !TransferEncodings.isKnown(encoding);
  }

  /**
   * What decoding tells: the decoded size (BINARY.SIZE) and whether a NUL occurs (then the content must go as a
   * literal8, RFC 3516 §4.2).
   *
   * @param size    the decoded size in octets
   * @param hasNul  whether a NUL octet occurs
   */
  public record Decoded(long size, boolean hasNul) {}

  /**
   * Decodes the section once to learn its size and whether it holds NUL.
   *
   * @param source the stored message
   * @return the decoded size and NUL presence
   * @throws IOException if reading fails
   */
  public Decoded measure(SectionContent.MessageSource source) throws IOException {
    long[] size = {0};
    boolean[] nul = {false};
    decode(source, (b, off, len) -> {
      size[0] += len;
      for (int i = off; i < off + len && !nul[0]; i++) {
        nul[0] = b[i] == 0;
      }
    });
    return new Decoded(size[0], nul[0]);
  }

  /**
   * Writes the decoded content, or the part of it a partial fetch asks for (offsets in decoded octets, RFC 9051
   * §7.5.2).
   *
   * @param source  the stored message
   * @param partial the range of decoded octets, if any
   * @param out     where the octets go
   * @throws IOException if reading or writing fails
   */
  public void decodeTo(SectionContent.MessageSource source, Optional<Partial> partial, OutputStream out)
      throws IOException {
    long from = partial.map(Partial::offset).orElse(0L);
    long to = partial.map(p -> p.offset() + p.length()).orElse(Long.MAX_VALUE);
    long[] at = {0};
    decode(source, (b, off, len) -> {
      long start = Math.max(at[0], from);
      long end = Math.min(at[0] + len, to);
      if (start < end) {
        out.write(b, off + (int) (start - at[0]), (int) (end - start));
      }
      at[0] += len;
    });
  }

  /**
   * Starts decoding the content, or the part of it a partial fetch asks for, a piece at a time: each
   * {@link Reader#next()} decodes at most 16 KiB of the stored octets, so a host can stream a large BINARY section
   * as its output drains, never holding it whole.
   *
   * @param source  the stored message
   * @param partial the range of decoded octets, if any
   * @return the reader
   * @throws IllegalStateException if the encoding is unknown (answer {@code NO [UNKNOWN-CTE]})
   */
  public Reader reader(SectionContent.MessageSource source, Optional<Partial> partial) {
    if (unknownEncoding()) {
      throw new IllegalStateException("unknown transfer encoding " + encoding + ": answer NO [UNKNOWN-CTE]");
    }
    return new Reader(source, partial);
  }

  /**
   * The decoded octets of a {@link BinarySection}, a piece at a time (from {@link #reader}); not thread-safe.
   */
  public final class Reader {
    private final SectionContent.MessageSource source;
    private final java.util.Iterator<SectionContent.Piece> pieces = raw.pieces().iterator();
    private final ContentDecoder decoder = TransferEncodings.decoder(encoding);
    private final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    private final ByteBuffer out = ByteBuffer.allocate(16 * 1024);
    private final long from;
    private final long to;
    private long pos;
    private long left;
    private long at;
    private boolean finished;

    private Reader(SectionContent.MessageSource source, Optional<Partial> partial) {
      this.source = source;
      this.from = partial.map(Partial::offset).orElse(0L);
      this.to = partial.map(p -> p.offset() + p.length()).orElse(Long.MAX_VALUE);
    }

    /**
     * Decodes the next piece.
     *
     * @return the next decoded octets within the range (possibly none), or null at the end
     * @throws IOException if the message cannot be read or ends before the section
     */
    public ByteBuffer next() throws IOException {
      if (finished || at >= to) {
        return null;
      }
      out.clear();
      if (left == 0 && pieces.hasNext()) {
        SectionContent.Range r = (SectionContent.Range) pieces.next();
        pos = r.offset();
        left = r.length();
      }
      if (left > 0) {
        in.clear().limit((int) Math.min(in.capacity(), left));
        int n = source.read(pos, in);
        if (n < 0) {
          throw new IOException("the message ends before the section");
        }
        pos += n;
        left -= n;
        in.flip();
        while (in.hasRemaining() && out.remaining() >= 4) {
          decoder.decode(in, out);
        }
        if (in.hasRemaining()) { // the decoded octets did not fit: read them again next time
          pos -= in.remaining();
          left += in.remaining();
        }
      } else if (!pieces.hasNext()) {
        finished = decoder.finish(out);
      }
      out.flip();
      long start = Math.max(at, from);
      long end = Math.min(at + out.remaining(), to);
      ByteBuffer within = out.duplicate();
      if (start < end) {
        within.position(out.position() + (int) (start - at)).limit(out.position() + (int) (end - at));
      } else {
        within.limit(within.position());
      }
      at += out.remaining();
      return within;
    }
  }

  private interface Sink {
    void write(byte[] b, int off, int len) throws IOException;
  }

  private void decode(SectionContent.MessageSource source, Sink sink) throws IOException {
    if (unknownEncoding()) {
      throw new IllegalStateException("unknown transfer encoding " + encoding + ": answer NO [UNKNOWN-CTE]");
    }
    ContentDecoder decoder = TransferEncodings.decoder(encoding);
    ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    ByteBuffer out = ByteBuffer.allocate(16 * 1024);
    for (SectionContent.Piece p : raw.pieces()) {
      SectionContent.Range r = (SectionContent.Range) p;
      long pos = r.offset();
      long left = r.length();
      while (left > 0) {
        in.clear().limit((int) Math.min(in.capacity(), left));
        int n = source.read(pos, in);
        if (n < 0) {
          throw new IOException("the message ends before the section");
        }
        pos += n;
        left -= n;
        in.flip();
        while (in.hasRemaining()) {
          decoder.decode(in, out);
          flush(out, sink);
        }
      }
    }
    while (!decoder.finish(out)) {
      flush(out, sink);
    }
    flush(out, sink);
  }

  private static void flush(ByteBuffer out, Sink sink) throws IOException {
    out.flip();
    if (out.hasRemaining()) {
      sink.write(out.array(), out.position(), out.remaining());
    }
    out.clear();
  }
}
