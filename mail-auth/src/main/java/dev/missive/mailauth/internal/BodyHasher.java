package dev.missive.mailauth.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The body hash of a DKIM or ARC signature computed while the body streams by (RFC 6376 §3.4.3–§3.4.5, §3.7):
 * the "simple" or "relaxed" canonical form is made octet by octet with only a few pending line ends and white
 * space held back, and SHA-256 sees at most {@code limit} canonical octets (the {@code l=} tag). A bare LF ends a
 * line as CRLF does. Memory does not depend on the body's size.
 */
public final class BodyHasher {

  private static final byte[] CRLF = {'\r', '\n'};

  private final boolean relaxed;
  private final long limit;
  private final MessageDigest digest;
  private final byte[] out = new byte[8192];
  private int outLength;
  private long written;
  private long pendingLineEnds;
  private boolean pendingCr;
  private boolean pendingWsp;
  private boolean lineOpen;

  /**
   * A hasher for one canonicalization and length limit.
   *
   * @param relaxed whether the body canonicalization is "relaxed" (otherwise "simple")
   * @param limit   the most canonical octets hashed ({@code l=}), or -1 for all
   */
  public BodyHasher(boolean relaxed, long limit) {
    this.relaxed = relaxed;
    this.limit = limit;
    this.digest = sha256();
  }

  /** {@return a new SHA-256 digest} */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * Takes the next body octets.
   *
   * @param b   the bytes
   * @param off where they start
   * @param len how many
   */
  public void update(byte[] b, int off, int len) {
    int end = off + len;
    int i = off;
    while (i < end) {
      byte c = b[i];
      if (c == '\n') {
        pendingCr = false;
        pendingWsp = false;
        lineOpen = false;
        pendingLineEnds++;
        i++;
        continue;
      }
      if (pendingCr) {
        pendingCr = false;
        beforeContent();
        put((byte) '\r');
      }
      if (c == '\r') {
        pendingCr = true;
        i++;
        continue;
      }
      if (relaxed && (c == ' ' || c == '\t')) {
        pendingWsp = true;
        i++;
        continue;
      }
      int j = i + 1;
      while (j < end && isOrdinary(b[j])) {
        j++;
      }
      beforeContent();
      put(b, i, j - i);
      i = j;
    }
  }

  private boolean isOrdinary(byte c) {
    return c != '\n' && c != '\r' && (!relaxed || (c != ' ' && c != '\t'));
  }

  private void beforeContent() {
    while (pendingLineEnds > 0) {
      put(CRLF, 0, 2);
      pendingLineEnds--;
    }
    if (pendingWsp) {
      pendingWsp = false;
      put((byte) ' ');
    }
    lineOpen = true;
  }

  /**
   * Ends the body (RFC 6376 §3.4.3: empty lines at the end removed, a missing final CRLF added, an empty body is
   * one CRLF under "simple" and nothing under "relaxed", §3.4.4).
   *
   * @return the SHA-256 body hash
   */
  public byte[] finish() {
    if (pendingCr) {
      pendingCr = false;
      beforeContent();
      put((byte) '\r');
    }
    boolean any = written + outLength > 0;
    if (any && (lineOpen || pendingLineEnds > 0)) {
      put(CRLF, 0, 2);
    } else if (!any && !relaxed) {
      put(CRLF, 0, 2);
    }
    pendingLineEnds = 0;
    flush();
    return digest.digest();
  }

  /** {@return the canonical body's length so far (all of it, not only what {@code l=} covers)} */
  public long canonicalLength() {
    return written + outLength;
  }

  private void put(byte c) {
    if (outLength == out.length) {
      flush();
    }
    out[outLength++] = c;
  }

  private void put(byte[] b, int off, int len) {
    while (len > 0) {
      if (outLength == out.length) {
        flush();
      }
      int n = Math.min(len, out.length - outLength);
      System.arraycopy(b, off, out, outLength, n);
      outLength += n;
      off += n;
      len -= n;
    }
  }

  private void flush() {
    int n = outLength;
    if (limit >= 0) {
      n = (int) Math.max(0, Math.min(n, limit - written));
    }
    if (n > 0) {
      digest.update(out, 0, n);
    }
    written += outLength;
    outLength = 0;
  }
}
