package dev.missive.imap.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The literal bombs and overlong commands of the IMAP attack list, in this module's 64 MiB test heap: each is
 * refused with framing kept, memory stays within the command limit, and the next command is read.
 */
class HostileInputTest {

  private final CommandDecoder decoder =
      new CommandDecoder(ImapLimits.DEFAULT, NonSynchronizingLiterals.LITERAL_PLUS);

  private CommandInput next(ByteBuffer in) {
    return decoder.next(in);
  }

  private void assertNextIsNoop() {
    ByteBuffer noop = ByteBuffer.wrap("z NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
    CommandInput r = next(noop);
    assertThat(r).hasToString("Received[command=Noop[tag=z]]");
  }

  @Test
  void oneMegabyteCommandWithoutCrlf() {
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) 'x');
    System.arraycopy("a SELECT ".getBytes(StandardCharsets.US_ASCII), 0, chunk, 0, 9);
    CommandInput first = null;
    for (int i = 0; i < 16; i++) {
      ByteBuffer in = ByteBuffer.wrap(chunk);
      while (in.hasRemaining()) {
        CommandInput r = next(in);
        if (!(r instanceof CommandInput.NeedInput)) {
          assertThat(first).as("one refusal only").isNull();
          first = r;
        }
      }
      Arrays.fill(chunk, 0, 9, (byte) 'x');
    }
    assertThat(first).hasToString("Refused[tag=Optional[a], status=BAD, code=Optional[Atom[name=TOOBIG]], "
        + "text=Command line too long, discarding=0]");
    assertThat(next(ByteBuffer.wrap("\r\n".getBytes(StandardCharsets.US_ASCII))))
        .isInstanceOf(CommandInput.NeedInput.class);
    assertNextIsNoop();
  }

  @Test
  void synchronizingLiteralOf4GiBIsRefusedBeforeItComes() {
    CommandInput r = next(ByteBuffer.wrap("a LOGIN {4294967296}\r\n".getBytes(StandardCharsets.US_ASCII)));
    assertThat(r).isInstanceOf(CommandInput.Refused.class);
    assertThat(((CommandInput.Refused) r).discarding()).isZero();
    assertNextIsNoop();
  }

  @Test
  void nonSynchronizingLiteralOf4GiBIsRefusedAndSkipped() {
    CommandInput r = next(ByteBuffer.wrap("a LOGIN {4294967296+}\r\n".getBytes(StandardCharsets.US_ASCII)));
    assertThat(((CommandInput.Refused) r).discarding()).isEqualTo(4294967296L);
    ByteBuffer mib = ByteBuffer.allocate(1 << 20);
    for (int i = 0; i < 4096; i++) {
      mib.clear();
      assertThat(next(mib)).isInstanceOf(CommandInput.NeedInput.class);
    }
    assertThat(decoder.inCommand()).isTrue();
    assertThat(next(ByteBuffer.wrap(" x\r\n".getBytes(StandardCharsets.US_ASCII))))
        .isInstanceOf(CommandInput.NeedInput.class);
    assertNextIsNoop();
  }

  @Test
  void appendOfAHugeMessageStreamsWithoutBuffering() {
    CommandDecoder d = new CommandDecoder(ImapLimits.builder().maxAppendSize(1L << 40).build(),
        NonSynchronizingLiterals.LITERAL_PLUS);
    long size = 256L << 20;
    CommandInput r = d.next(ByteBuffer.wrap(("a APPEND INBOX {" + size + "+}\r\n")
        .getBytes(StandardCharsets.US_ASCII)));
    assertThat(r).isInstanceOf(CommandInput.AppendMessage.class);
    d.acceptAppend();
    long seen = 0;
    ByteBuffer mib = ByteBuffer.allocate(1 << 20);
    while (seen < size) {
      mib.clear();
      while (mib.hasRemaining()) {
        CommandInput u = d.next(mib);
        if (u instanceof CommandInput.AppendData data) {
          seen += data.bytes().remaining();
        } else {
          assertThat(u).isInstanceOf(CommandInput.NeedInput.class);
        }
      }
    }
    assertThat(d.next(ByteBuffer.wrap("\r\n".getBytes(StandardCharsets.US_ASCII))))
        .isInstanceOf(CommandInput.AppendMessageEnd.class);
  }

  @Test
  void deepNestingIsRefusedWithoutRecursingDeeply() {
    String deep = "(".repeat(30_000) + "ALL" + ")".repeat(30_000);
    CommandInput r = next(ByteBuffer.wrap(("a SEARCH " + deep + "\r\n").getBytes(StandardCharsets.US_ASCII)));
    assertThat(r.toString()).contains("nested too deeply");
    String ors = "NOT ".repeat(15_000) + "ALL";
    r = next(ByteBuffer.wrap(("b SEARCH " + ors + "\r\n").getBytes(StandardCharsets.US_ASCII)));
    assertThat(r.toString()).contains("nested too deeply");
    assertNextIsNoop();
  }

  @Test
  void manyPipelinedCommandsAreReadOneAtATime() {
    byte[] noops = "n NOOP\r\n".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
    ByteBuffer in = ByteBuffer.wrap(noops);
    int count = 0;
    while (in.hasRemaining()) {
      if (next(in) instanceof CommandInput.Received) {
        count++;
      }
    }
    assertThat(count).isEqualTo(100_000);
    assertThat(decoder.inCommand()).isFalse();
  }
}
