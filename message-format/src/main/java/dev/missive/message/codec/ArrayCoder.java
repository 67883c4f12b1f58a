package dev.missive.message.codec;

import java.nio.ByteBuffer;

/**
 * The buffer plumbing shared by the decoders and encoders: subclasses work on arrays (heap buffers directly,
 * other buffers through one reusable scratch array), so no allocation happens per byte or per call.
 */
abstract class ArrayCoder {

  private static final int SCRATCH = 4096;

  /** Set by {@link #process} and {@link #flush}: the next unread source index and next free target index. */
  int srcPos;
  int dstPos;

  private byte[] scratchIn;
  private byte[] scratchOut;

  /** Transforms {@code src[sp, sl)} into {@code dst[dp, dl)}, setting {@link #srcPos} and {@link #dstPos}. */
  abstract void process(byte[] src, int sp, int sl, byte[] dst, int dp, int dl);

  /** Writes the end of the data into {@code dst[dp, dl)}, setting {@link #dstPos}; true when done. */
  abstract boolean flush(byte[] dst, int dp, int dl);

  final void run(ByteBuffer in, ByteBuffer out) {
    while (in.hasRemaining() && out.hasRemaining()) {
      int inBefore = in.position();
      int outBefore = out.position();
      step(in, out);
      if (in.position() == inBefore && out.position() == outBefore) {
        return;
      }
    }
  }

  private void step(ByteBuffer in, ByteBuffer out) {
    byte[] src;
    int sp;
    int sl;
    if (in.hasArray()) {
      src = in.array();
      sp = in.arrayOffset() + in.position();
      sl = in.arrayOffset() + in.limit();
    } else {
      src = scratchIn == null ? scratchIn = new byte[SCRATCH] : scratchIn;
      int n = Math.min(in.remaining(), SCRATCH);
      in.get(in.position(), src, 0, n);
      sp = 0;
      sl = n;
    }
    boolean direct = out.hasArray() && !out.isReadOnly();
    byte[] dst;
    int dp;
    int dl;
    if (direct) {
      dst = out.array();
      dp = out.arrayOffset() + out.position();
      dl = out.arrayOffset() + out.limit();
    } else {
      dst = scratchOut == null ? scratchOut = new byte[SCRATCH] : scratchOut;
      dp = 0;
      dl = Math.min(out.remaining(), SCRATCH);
    }
    process(src, sp, sl, dst, dp, dl);
    in.position(in.position() + (srcPos - sp));
    if (direct) {
      out.position(out.position() + (dstPos - dp));
    } else {
      out.put(dst, 0, dstPos);
    }
  }

  final boolean end(ByteBuffer out) {
    if (out.hasArray() && !out.isReadOnly()) {
      int dp = out.arrayOffset() + out.position();
      boolean done = flush(out.array(), dp, out.arrayOffset() + out.limit());
      out.position(out.position() + (dstPos - dp));
      return done;
    }
    byte[] dst = scratchOut == null ? scratchOut = new byte[SCRATCH] : scratchOut;
    boolean done = flush(dst, 0, Math.min(out.remaining(), SCRATCH));
    out.put(dst, 0, dstPos);
    return done;
  }
}
