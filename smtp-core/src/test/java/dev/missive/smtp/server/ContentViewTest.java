package dev.missive.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.smtp.SmtpExtension;
import dev.missive.testkit.ManualTime;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Message content is handed out as a view of the host's buffer that the engine reuses for every piece
 * (docs/architecture.md, "Streamed message data"): no allocation per read or per octet (measured in the benchmarks
 * module's {@code SmtpDataAllocationTest}), and a view kept past its event reads as empty instead of showing other
 * octets of the host's buffer.
 */
class ContentViewTest {

  private static final String ENVELOPE = "EHLO c.example\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\n";
  /** The client waits for the 354 before it sends content (RFC 2920 §3.1), so content comes in a later read. */
  private static final String DATA = ENVELOPE + "DATA\r\n";

  /** A host that reads its input from one buffer, as a transport does, and hands every event to the test. */
  private static final class Host {
    final SmtpServer smtp = new SmtpServer(ServerFixtures.appendixD(SmtpExtension.PIPELINING, SmtpExtension.CHUNKING).build(),
        new dev.missive.testkit.ManualTime().environment(), ServerFixtures.peer());
    final ByteBuffer output = ByteBuffer.allocate(8192);

    /** Feeds {@code in} up to the next event and returns it (decisions accepted on the way), or null. */
    SmtpServerEvent next(ByteBuffer in) {
      while (true) {
        SmtpServerEvent e = smtp.nextEvent();
        if (e instanceof SmtpServerEvent.DataChunk) {
          return e;
        }
        if (e != null) {
          if (e.needsDecision()) {
            smtp.accept();
          }
          continue;
        }
        drain();
        if (!in.hasRemaining()) {
          return null;
        }
        smtp.receive(in);
      }
    }

    void drain() {
      while (smtp.hasOutput()) {
        output.clear();
        smtp.drainOutput(output);
      }
    }
  }

  private static ByteBuffer ascii(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
  }

  private static String text(ByteBuffer b) {
    return StandardCharsets.US_ASCII.decode(b.duplicate()).toString();
  }

  @Test
  void aDataChunkKeptPastTheNextCallReadsAsEmpty() {
    Host host = new Host();
    assertThat(host.next(ascii(DATA))).isNull();
    ByteBuffer in = ascii("first line\r\n..second line\r\n.\r\n");
    SmtpServerEvent.DataChunk first = (SmtpServerEvent.DataChunk) host.next(in);
    assertThat(text(first.bytes())).isEqualTo("first line\r\n");
    assertThat(host.smtp.nextEvent()).as("the next call into the engine").isNull();
    assertThat(first.bytes().remaining()).as("the first piece's view after the next call").isZero();
    assertThatThrownBy(first.bytes()::get).isInstanceOf(BufferUnderflowException.class);
    SmtpServerEvent.DataChunk second = (SmtpServerEvent.DataChunk) host.next(in);
    assertThat(text(second.bytes())).isEqualTo(".second line\r\n"); // RFC 5321 §4.5.2: the stuffed dot removed
    assertThat(host.next(in)).isNull();
    assertThat(second.bytes().remaining()).as("emptied when the host took the next event").isZero();
  }

  /** The misuse a reused view makes loud: pieces kept until the end of the message read as nothing at all. */
  @Test
  void chunksKeptUntilTheMessageEndsAreAllEmpty() {
    Host host = new Host();
    assertThat(host.next(ascii(DATA))).isNull();
    ByteBuffer in = ascii("one\r\n..two\r\nthree\r\n.\r\n");
    java.util.List<ByteBuffer> kept = new java.util.ArrayList<>();
    for (SmtpServerEvent e; (e = host.next(in)) != null; ) {
      kept.add(((SmtpServerEvent.DataChunk) e).bytes());
    }
    assertThat(kept).hasSizeGreaterThan(1).allSatisfy(b -> assertThat(b.remaining()).isZero());
  }

  @Test
  void aBdatChunkKeptPastTheNextCallReadsAsEmpty() {
    Host host = new Host();
    ByteBuffer in = ascii(ENVELOPE + "BDAT 6\r\nchunk1");
    SmtpServerEvent.DataChunk chunk = (SmtpServerEvent.DataChunk) host.next(in);
    assertThat(text(chunk.bytes())).isEqualTo("chunk1");
    assertThat(host.next(in)).isNull();
    assertThat(chunk.bytes().remaining()).isZero();
    ByteBuffer more = ascii("BDAT 7 LAST\r\n chunk2");
    assertThat(text(((SmtpServerEvent.DataChunk) host.next(more)).bytes())).isEqualTo(" chunk2");
  }

  /**
   * The reused view must not keep a host's buffer alive after the message: a host that reads into a new buffer each
   * time would otherwise leave one with every idle session.
   */
  @Test
  void theHostsBufferIsLetGoOnceTheMessageEnds() {
    Host host = new Host();
    assertThat(host.next(ascii(DATA))).isNull();
    ByteBuffer in = ascii("line\r\n.\r\n");
    java.lang.ref.WeakReference<ByteBuffer> read = new java.lang.ref.WeakReference<>(in);
    assertThat(host.next(in)).isInstanceOf(SmtpServerEvent.DataChunk.class);
    assertThat(host.next(in)).as("DataEnd accepted, nothing more").isNull();
    in = null;
    for (int i = 0; i < 20 && read.get() != null; i++) {
      System.gc();
    }
    assertThat(read.get()).as("the host's buffer after the message ended").isNull();
  }

  /** The content arrives in many reads from one host buffer; what the engine hands out is the same every time. */
  @Test
  void manyReadsOfOneBufferDeliverEveryOctetInOrder() {
    Host host = new Host();
    StringBuilder message = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      message.append(i % 7 == 0 ? "." : "").append("line ").append(i).append("\r\n");
    }
    assertThat(host.next(ascii(DATA))).isNull();
    byte[] wire = (message.toString().replace("\r\n.", "\r\n..")
        .replaceFirst("^\\.", "..") + ".\r\n").getBytes(StandardCharsets.US_ASCII);
    ByteBuffer read = ByteBuffer.allocate(64); // the host's read buffer, refilled as a socket read would
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    int sent = 0;
    while (sent < wire.length || read.position() > 0) {
      int n = Math.min(read.remaining(), wire.length - sent);
      read.put(wire, sent, n);
      sent += n;
      read.flip();
      for (SmtpServerEvent e; (e = host.next(read)) != null; ) {
        ByteBuffer b = ((SmtpServerEvent.DataChunk) e).bytes();
        byte[] copy = new byte[b.remaining()];
        b.get(copy);
        got.writeBytes(copy);
      }
      read.compact();
      if (sent == wire.length) {
        break;
      }
    }
    assertThat(got.toString(StandardCharsets.US_ASCII)).isEqualTo(message.toString());
  }
}
