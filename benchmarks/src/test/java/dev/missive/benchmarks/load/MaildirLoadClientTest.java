package dev.missive.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The load programs' IMAP client: it finds the tagged line wherever the reads split the stream, skips what a literal
 * holds (RFC 9051 §4.3: a message line that looks like the tagged answer is not one) and reads lines longer than its
 * buffer. Compiled only with {@code -Pload}.
 */
class MaildirLoadClientTest {

  /** A channel that hands out at most {@code chunk} octets per read, so every split of the stream is tried. */
  private static ReadableByteChannel chunked(String text, int chunk) {
    ByteBuffer all = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    return new ReadableByteChannel() {
      @Override
      public int read(ByteBuffer dst) {
        if (!all.hasRemaining()) {
          return -1;
        }
        int n = Math.min(chunk, Math.min(dst.remaining(), all.remaining()));
        ByteBuffer slice = all.slice();
        slice.limit(n);
        dst.put(slice);
        all.position(all.position() + n);
        return n;
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close() {}
    };
  }

  private static MaildirLoad.Client client(String text, int chunk) {
    return new MaildirLoad.Client(chunked(text, chunk), Channels.newChannel(java.io.OutputStream.nullOutputStream()));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 64, 1 << 20})
  void aLineInsideALiteralIsNotTheTaggedAnswer(int chunk) throws IOException {
    String stream = "* 1 FETCH (BODY[] {15}\r\nc OK fake\r\nxy\r\n)\r\n* 2 FETCH (BODY[] {0}\r\n)\r\nc OK real\r\n";
    try (MaildirLoad.Client c = client(stream, chunk)) {
      assertThat(c.readUntil("c OK")).isEqualTo(stream.length());
      assertThatThrownBy(() -> c.readUntil("c OK")).isInstanceOf(IOException.class); // nothing after "real"
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5000, 1 << 20})
  void aLineLongerThanTheBufferIsRead(int chunk) throws IOException {
    String longLine = "* OK " + "x".repeat(200_000) + "\r\n";
    try (MaildirLoad.Client c = client(longLine + "a OK done\r\nb OK next\r\n", chunk)) {
      c.readUntil("a OK");
      c.readUntil("b OK");
    }
  }
}
