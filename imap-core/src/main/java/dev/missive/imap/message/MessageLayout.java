package dev.missive.imap.message;

import dev.missive.imap.BodyStructure;
import dev.missive.imap.Envelope;
import dev.missive.imap.Section;
import dev.missive.message.stream.ParserOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * Where everything of a stored message is, in one value computed by one streaming pass
 * ({@link MessageLayoutBuilder}): its MIME entities by octet offset ({@link MessagePart}), its ENVELOPE, its size.
 * From it a server answers FETCH ENVELOPE, BODY and BODYSTRUCTURE without reading the message again, and
 * {@code BODY[section]<partial>} and {@code BINARY[...]} by reading only the octets the section covers
 * ({@link #section(Section)}, {@link SectionContent}). Hosts may keep it beside the message, as Dovecot keeps its
 * cached structure.
 *
 * <p>Offsets are those of the message as stored: a store that keeps messages with CRLF line endings (what RFC 5322
 * requires and IMAP clients expect) gets sizes and contents right; bare LFs are counted and served as they are.
 *
 * @param root     the message's root entity (its header is the message's header)
 * @param envelope the message's envelope
 * @param size     the message's size in octets (RFC 9051 §2.3.4 RFC822.SIZE)
 */
public record MessageLayout(MessagePart root, Envelope envelope, long size) {

  /**
   * Checks the values.
   *
   * @param root     the message's root entity
   * @param envelope the message's envelope
   * @param size     the message's size in octets
   */
  public MessageLayout {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(envelope, "envelope");
    if (size < root.bodyEnd()) {
      throw new IllegalArgumentException("size before the end of the body");
    }
  }

  /**
   * The layout of a message held in memory.
   *
   * @param message the message's octets
   * @return its layout
   */
  public static MessageLayout of(byte[] message) {
    MessageLayoutBuilder b = new MessageLayoutBuilder(ParserOptions.DEFAULT);
    b.feed(ByteBuffer.wrap(message));
    return b.end();
  }

  /**
   * The layout of a message read from a stream (not closed), in bounded memory.
   *
   * @param in the message
   * @return its layout
   * @throws IOException if reading fails
   */
  public static MessageLayout read(InputStream in) throws IOException {
    MessageLayoutBuilder b = new MessageLayoutBuilder(ParserOptions.DEFAULT);
    byte[] buf = new byte[16 * 1024];
    for (int n; (n = in.read(buf)) >= 0; ) {
      b.feed(ByteBuffer.wrap(buf, 0, n));
    }
    return b.end();
  }

  /**
   * The message's body structure (RFC 9051 §7.5.2).
   *
   * @param extensible true for BODYSTRUCTURE (with extension data), false for BODY
   * @return the structure
   */
  public BodyStructure bodyStructure(boolean extensible) {
    return BodyStructures.of(root, extensible);
  }

  /**
   * Where a section's octets are (RFC 9051 §6.4.5.1).
   *
   * @param section the section
   * @return the section's content, or empty when the message has no such section (answered with NIL)
   */
  public Optional<SectionContent> section(Section section) {
    return Sections.locate(this, section);
  }
}
