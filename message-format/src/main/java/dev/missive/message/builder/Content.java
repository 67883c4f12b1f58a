package dev.missive.message.builder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The octets of a body the {@link MessageBuilder} writes (RFC 2045 §2.4): held in memory, read from a file each
 * time the message is written, or read once from a stream. Content from a file or a stream is streamed into the
 * output through its transfer encoding, never read whole, so a message with a large attachment is written in
 * memory that does not depend on the attachment's size.
 *
 * <p>A stream can be written once: writing a message with the same stream content a second time throws
 * {@link IllegalStateException} rather than write an empty or partial body. The builder does not close a stream
 * it was given; it closes the files it opens.
 */
public final class Content {

  private final byte[] bytes;
  private final Path file;
  private final InputStream stream;
  private boolean streamTaken;

  private Content(byte[] bytes, Path file, InputStream stream) {
    this.bytes = bytes;
    this.file = file;
    this.stream = stream;
  }

  /**
   * Octets in memory (not copied: the array must not change until the message is written).
   *
   * @param data the octets
   * @return the content
   */
  public static Content of(byte[] data) {
    return new Content(Objects.requireNonNull(data, "data"), null, null);
  }

  /**
   * The octets of a file, read when the message is written (each time it is written).
   *
   * @param file the file
   * @return the content
   * @throws IllegalArgumentException if the file is not a readable regular file now
   */
  public static Content of(Path file) {
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException("not a readable regular file: " + file);
    }
    return new Content(null, file, null);
  }

  /**
   * The octets of a stream, read to its end when the message is written; a stream can be written once.
   *
   * @param in the stream (not closed by the builder)
   * @return the content
   */
  public static Content of(InputStream in) {
    return new Content(null, null, Objects.requireNonNull(in, "in"));
  }

  /** {@return the file this content is read from, if it is a file's} */
  public java.util.Optional<Path> file() {
    return java.util.Optional.ofNullable(file);
  }

  /** {@return the octets, if they are held in memory} */
  byte[] bytes() {
    return bytes;
  }

  /**
   * Opens the octets for reading: a new stream over the array or the file, or the one stream given.
   *
   * @throws IOException if the file cannot be opened
   * @throws IllegalStateException if this is stream content that was already written
   */
  InputStream open() throws IOException {
    if (bytes != null) {
      return new ByteArrayInputStream(bytes);
    }
    if (file != null) {
      return Files.newInputStream(file);
    }
    synchronized (this) {
      if (streamTaken) {
        throw new IllegalStateException("this part's InputStream was already written; a stream can be written"
            + " once (use a file or an array to write a message again)");
      }
      streamTaken = true;
    }
    return new java.io.FilterInputStream(stream) {
      @Override
      public void close() {
        // the caller's stream stays open: they close what they opened
      }
    };
  }

  @Override
  public String toString() {
    return bytes != null ? "Content[" + bytes.length + " octets]" : file != null ? "Content[" + file + "]"
        : "Content[stream]";
  }
}
