package dev.missive.message.tree;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.message.builder.MessageBuilder;
import dev.missive.message.builder.Part;
import dev.missive.message.stream.BodyMode;
import dev.missive.message.stream.MessageReader;
import dev.missive.message.stream.MimeEvent;
import dev.missive.message.stream.ParserOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 50 MB attachment built from a file, then saved to a file through the stream API and through the tree's
 * streaming body, in a JVM with a 64 MiB heap (the {@code hostile} surefire execution; issue 17): the message
 * (67 MB in base64) never fits in the heap, so nothing on the way may hold it, or the attachment, whole.
 */
@Tag("hostile")
class LargeAttachmentTest {

  private static final int SIZE = 50 * 1024 * 1024;

  @TempDir
  Path dir;

  @Test
  void fiftyMegabytesGoThroughTheBuilderTheStreamAndTheTreeInASmallHeap() throws Exception {
    assertThat(Runtime.getRuntime().maxMemory()).as("run in the 64 MiB JVM").isLessThan(100L << 20);
    Path original = dir.resolve("video.bin");
    byte[] expected = writeRandom(original);

    Path message = dir.resolve("message.eml");
    try (OutputStream out = Files.newOutputStream(message)) {
      new MessageBuilder().from("Ann <ann@example.net>").to("bob@example.org").subject("the video")
          .body(Part.text("See attached."))
          .attach(Part.attachment(original, "application/octet-stream"))
          .writeTo(out);
    }
    assertThat(Files.size(message)).isGreaterThan(SIZE * 4L / 3);

    // the stream API: each attachment written to a file as it streams past
    Path viaStream = dir.resolve("via-stream.bin");
    try (InputStream in = Files.newInputStream(message);
         WritableByteChannel file = Channels.newChannel(Files.newOutputStream(viaStream))) {
      MessageReader reader = new MessageReader(in, ParserOptions.DEFAULT.withBodyMode(BodyMode.DECODED));
      boolean saving = false;
      for (MimeEvent e; (e = reader.next()) != null; ) {
        if (e instanceof MimeEvent.EndOfHeader h) {
          saving = h.descriptor().isAttachment();
          assertThat(!saving || h.descriptor().filename().orElseThrow().equals("video.bin")).isTrue();
        } else if (e instanceof MimeEvent.DecodedBodyBytes b && saving) {
          ByteBuffer chunk = b.bytes();
          while (chunk.hasRemaining()) {
            file.write(chunk);
          }
        }
      }
    }
    assertThat(digest(viaStream)).isEqualTo(expected);

    // the tree over the mapped file: the attachment's decoded body streamed to a file
    Message m = Message.parse(message);
    Entity attachment = m.root().attachments().get(0);
    Path viaTree = dir.resolve("via-tree.bin");
    try (InputStream body = attachment.decodedBodyStream()) {
      Files.copy(body, viaTree);
    }
    assertThat(digest(viaTree)).isEqualTo(expected);
    assertThat(attachment.defects()).isEmpty();
    assertThat(m.textBody().orElseThrow().text()).isEqualTo("See attached.");
  }

  /** Writes {@link #SIZE} pseudo-random octets in small pieces; returns their SHA-256. */
  private static byte[] writeRandom(Path file) throws IOException, NoSuchAlgorithmException {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    SplittableRandom random = new SplittableRandom(17);
    byte[] piece = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int written = 0; written < SIZE; written += piece.length) {
        random.nextBytes(piece);
        sha.update(piece);
        out.write(piece);
      }
    }
    return sha.digest();
  }

  private static byte[] digest(Path file) throws IOException, NoSuchAlgorithmException {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
      }
    }
    return sha.digest();
  }
}
