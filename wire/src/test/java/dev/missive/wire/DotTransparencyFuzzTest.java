package dev.missive.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fuzz targets for dot transparency (RFC 5321 §4.5.2, RFC 1939 §3): {@link DotUnstuffer} against a reference
 * written from the RFC text (only a real {@code CRLF "." CRLF} ends the data, so no smuggling sequence ends it
 * early), and {@link DotStuffer} then {@link DotUnstuffer} as a round trip; both in any chunking. Replayed from
 * {@code DotTransparencyFuzzTestInputs/} in every build; fuzzed with {@code fuzz/run.sh} (FUZZING.md).
 */
class DotTransparencyFuzzTest {

  private static final byte[] TERMINATOR = {'\r', '\n', '.', '\r', '\n'};

  /**
   * Any octets followed by a real terminator: the unstuffer ends exactly after the first {@code CRLF . CRLF}
   * (the start of the data counting as after a CRLF), delivers the reference content and flags, and gives the same
   * in every chunking.
   */
  @FuzzTest
  void unstuffsLikeTheReference(FuzzedDataProvider data) {
    BareLineEndingPolicy policy = data.pickValue(BareLineEndingPolicy.values());
    int maxLine = data.consumeInt(1, 100);
    long seed = data.consumeLong();
    boolean readOnly = data.consumeBoolean();
    byte[] body = data.consumeRemainingAsBytes();
    byte[] input = java.util.Arrays.copyOf(body, body.length + TERMINATOR.length);
    System.arraycopy(TERMINATOR, 0, input, body.length, TERMINATOR.length);

    Unstuffed expected = Unstuffed.reference(input, policy, maxLine);
    assertThat(Unstuffed.run(input, 0, false, policy, maxLine)).isEqualTo(expected);
    assertThat(Unstuffed.run(input, seed, readOnly, policy, maxLine)).isEqualTo(expected);
  }

  /**
   * Any content stuffed in any chunking (output buffers of any size the contract allows) and unstuffed again gives
   * the content with every line ending made CRLF and the last line ended; the stuffed form holds no bare CR or LF,
   * ends exactly at its terminator, and is at most twice the content plus the terminator.
   */
  @FuzzTest
  void stuffThenUnstuffRoundTrips(FuzzedDataProvider data) {
    long seed = data.consumeLong();
    boolean readOnly = data.consumeBoolean();
    byte[] content = data.consumeRemainingAsBytes();

    byte[] stuffed = stuff(content, seed, readOnly);
    assertThat(stuffed.length).isLessThanOrEqualTo(2 * content.length + 5);
    for (int i = 0; i < stuffed.length; i++) {
      boolean crlf = stuffed[i] == '\r' ? i + 1 < stuffed.length && stuffed[i + 1] == '\n'
          : stuffed[i] != '\n' || i > 0 && stuffed[i - 1] == '\r';
      if (!crlf) {
        throw new AssertionError("bare CR or LF at " + i);
      }
    }
    Unstuffed back = Unstuffed.run(stuffed, seed, readOnly, BareLineEndingPolicy.REJECT, Integer.MAX_VALUE);
    assertThat(back.endOffset()).isEqualTo(stuffed.length);
    assertThat(back.content()).isEqualTo(Feeding.text(canonical(content)));
    assertThat(back.bare()).isFalse();
    assertThat(stuff(content, 0, false)).isEqualTo(stuffed);
  }

  private static byte[] stuff(byte[] content, long seed, boolean readOnly) {
    DotStuffer stuffer = new DotStuffer();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SplittableRandom random = new SplittableRandom(seed);
    for (ByteBuffer chunk : Chunks.cut(content, seed, readOnly)) {
      while (chunk.hasRemaining()) {
        ByteBuffer room = ByteBuffer.allocate(seed == 0 ? 3 * chunk.remaining() : 3 + random.nextInt(16));
        stuffer.encode(chunk, room);
        out.write(room.array(), 0, room.position());
      }
    }
    ByteBuffer tail = ByteBuffer.allocate(5);
    assertThat(stuffer.finish(ByteBuffer.allocate(4))).isFalse();
    assertThat(stuffer.finish(tail)).isTrue();
    out.write(tail.array(), 0, tail.position());
    return out.toByteArray();
  }

  /** Every CR, LF or CRLF made CRLF, and a last line without an ending ended. */
  private static byte[] canonical(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < content.length; i++) {
      byte b = content[i];
      if (b == '\r' || b == '\n') {
        out.write('\r');
        out.write('\n');
        if (b == '\r' && i + 1 < content.length && content[i + 1] == '\n') {
          i++;
        }
      } else {
        out.write(b);
      }
    }
    byte[] c = out.toByteArray();
    if (c.length > 0 && c[c.length - 1] != '\n') {
      out.write('\r');
      out.write('\n');
    }
    return out.toByteArray();
  }

  /** What an unstuffing gave: content, input octets up to and including the terminator, and the flags. */
  record Unstuffed(String content, int endOffset, boolean bare, boolean tooLong, boolean eightBit) {

    static Unstuffed run(byte[] input, long seed, boolean readOnly, BareLineEndingPolicy policy, int maxLine) {
      DotUnstuffer u = new DotUnstuffer(policy, maxLine);
      ByteArrayOutputStream content = new ByteArrayOutputStream();
      int consumed = 0;
      for (ByteBuffer chunk : Chunks.cut(input, seed, readOnly)) {
        int before = chunk.position();
        for (ByteBuffer piece; (piece = u.decode(chunk)) != null; ) {
          byte[] b = new byte[piece.remaining()];
          piece.get(b);
          content.writeBytes(b);
        }
        consumed += chunk.position() - before;
        if (u.isEnded()) {
          break;
        }
        assertThat(chunk.hasRemaining()).as("decode consumes all input before the end").isFalse();
      }
      assertThat(u.contentLength()).isEqualTo(content.size());
      assertThat(u.hasPartialInput()).isEqualTo(!u.isEnded() && input.length > 0);
      return new Unstuffed(Feeding.text(content.toByteArray()), u.isEnded() ? consumed : -1,
          u.sawBareLineEnding(), u.sawLineTooLong(), u.sawEightBit());
    }

    /** RFC 5321 §4.5.2 read literally, over the whole input at once. */
    static Unstuffed reference(byte[] input, BareLineEndingPolicy policy, int maxLine) {
      int end = -1;
      for (int i = -2; i + 5 <= input.length && end < 0; i++) {
        boolean crlf = i == -2 || i >= 0 && input[i] == '\r' && input[i + 1] == '\n';
        if (crlf && input[i + 2] == '.' && input[i + 3] == '\r' && input[i + 4] == '\n') {
          end = i + 5;
        }
      }
      int contentEnd = Math.max(0, end - 3);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      boolean bare = false;
      boolean tooLong = false;
      boolean eightBit = false;
      int lineStart = 0;
      for (int i = 0; i < contentEnd; i++) {
        byte b = input[i];
        boolean atLineStart = i == 0 || input[i - 1] == '\n';
        if (atLineStart) {
          lineStart = i;
        }
        if (b == '\n') {
          boolean afterCr = i > 0 && input[i - 1] == '\r';
          int length = i - lineStart - (afterCr ? 1 : 0);
          tooLong |= length > maxLine;
          if (!afterCr) {
            bare = true;
            if (policy == BareLineEndingPolicy.NORMALIZE) {
              out.write('\r');
            }
          }
        } else if (b == '\r' && input[i + 1] != '\n') {
          bare = true;
        }
        eightBit |= b < 0;
        if (!(atLineStart && b == '.')) {
          out.write(b);
        }
      }
      return new Unstuffed(Feeding.text(out.toByteArray()), end, bare, tooLong, eightBit);
    }
  }

}
