package dev.missive.message.codec;

import dev.missive.message.DefectKind;

/**
 * The lenient quoted-printable decoder of RFC 2045 §6.7: {@code =XX} escapes (lower-case hex tolerated), soft line
 * breaks ({@code =} before CRLF or a bare LF, transport padding after the {@code =} allowed), trailing white space
 * of each line deleted (rule 3); a bad escape is kept literally with an INVALID_QUOTED_PRINTABLE defect.
 * A final {@code =} at the end of the body is a soft break (the body ends without a line break).
 */
final class QuotedPrintableDecoder extends ArrayDecoder {

  private static final int TEXT = 0;
  private static final int CR = 1;
  private static final int EQ = 2;
  private static final int EQ_HEX = 3;
  private static final int EQ_WS = 4;
  private static final int EQ_CR = 5;
  /** Pending white space beyond this is flushed early: it cannot all be a line's trailing padding. */
  private static final int MAX_WS = 1024;
  private static final byte[] HEX_VALUES = new byte[256];

  static {
    java.util.Arrays.fill(HEX_VALUES, (byte) -1);
    for (int i = 0; i < 10; i++) {
      HEX_VALUES['0' + i] = (byte) i;
    }
    for (int i = 0; i < 6; i++) {
      HEX_VALUES['A' + i] = (byte) (10 + i);
      HEX_VALUES['a' + i] = (byte) (10 + i);
    }
  }

  /** Pending white space, grown up to {@link #MAX_WS} only when a run of it needs the room. */
  private byte[] ws = new byte[16];
  private int wsLen;
  private int wsOut = -1;
  private int state = TEXT;
  private byte hexChar;

  private void pushWs(byte b) {
    if (wsLen == ws.length) {
      ws = java.util.Arrays.copyOf(ws, Math.min(MAX_WS, 2 * ws.length));
    }
    ws[wsLen++] = b;
  }

  private static boolean isSpaceOrEnd(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }

  private void badEscape() {
    defects.report(DefectKind.INVALID_QUOTED_PRINTABLE, "invalid quoted-printable escape kept literally");
  }

  @Override
  void process(byte[] src, int sp, int sl, byte[] dst, int dp, int dl) {
    while (true) {
      if (wsOut >= 0) {
        int n = Math.min(wsLen - wsOut, dl - dp);
        System.arraycopy(ws, wsOut, dst, dp, n);
        dp += n;
        wsOut += n;
        if (wsOut < wsLen) {
          break;
        }
        wsOut = -1;
        wsLen = 0;
      }
      if (sp >= sl || dl - dp < 3) {
        break;
      }
      byte b = src[sp];
      switch (state) {
        case TEXT:
          if (b == ' ' || b == '\t') {
            if (wsLen == MAX_WS) {
              wsOut = 0;
            } else {
              pushWs(b);
              sp++;
            }
          } else if (b == '\r') {
            state = CR;
            sp++;
          } else if (b == '\n') {
            wsLen = 0;
            dst[dp++] = '\n';
            sp++;
          } else if (wsLen > 0) {
            wsOut = 0;
          } else if (b == '=') {
            state = EQ;
            sp++;
          } else {
            dst[dp++] = b;
            sp++;
            // the common cases without a state change, each decided on the octets at hand only (so the result
            // does not depend on how the input was split): literal text, a white space octet that is followed by
            // text (so it is not trailing), CRLF, a bare LF, =XX and the soft break =CRLF
            while (sp < sl && dl - dp >= 2) {
              byte c = src[sp];
              if (c == ' ' || c == '\t') {
                if (sp + 1 >= sl || isSpaceOrEnd(src[sp + 1])) {
                  break;
                }
                dst[dp++] = c;
                sp++;
              } else if (c == '\r') {
                if (sp + 1 >= sl || src[sp + 1] != '\n') {
                  break;
                }
                dst[dp++] = '\r';
                dst[dp++] = '\n';
                sp += 2;
              } else if (c == '=') {
                if (sp + 2 >= sl) {
                  break;
                }
                byte h = src[sp + 1];
                int hi = HEX_VALUES[h & 0xff];
                int lo = HEX_VALUES[src[sp + 2] & 0xff];
                if (hi >= 0 && lo >= 0) {
                  dst[dp++] = (byte) (hi << 4 | lo);
                } else if (h != '\r' || src[sp + 2] != '\n') {
                  break;
                }
                sp += 3;
              } else if (c == '\n') {
                dst[dp++] = '\n';
                sp++;
              } else {
                dst[dp++] = c;
                sp++;
              }
            }
          }
          break;
        case CR:
          if (b == '\n') {
            wsLen = 0;
            dst[dp++] = '\r';
            dst[dp++] = '\n';
            sp++;
            state = TEXT;
          } else if (wsLen > 0) {
            wsOut = 0;
          } else {
            dst[dp++] = '\r';
            state = TEXT;
          }
          break;
        case EQ:
          if (HEX_VALUES[b & 0xff] >= 0) {
            hexChar = b;
            state = EQ_HEX;
          } else if (b == '\r') {
            state = EQ_CR;
          } else if (b == '\n') {
            state = TEXT;
          } else if (b == ' ' || b == '\t') {
            pushWs(b);
            state = EQ_WS;
          } else {
            badEscape();
            dst[dp++] = '=';
            state = TEXT;
            break;
          }
          sp++;
          break;
        case EQ_HEX:
          int lo = HEX_VALUES[b & 0xff];
          if (lo >= 0) {
            dst[dp++] = (byte) (HEX_VALUES[hexChar & 0xff] << 4 | lo);
            sp++;
          } else {
            badEscape();
            dst[dp++] = '=';
            dst[dp++] = hexChar;
          }
          state = TEXT;
          break;
        case EQ_WS:
          if ((b == ' ' || b == '\t') && wsLen < MAX_WS) {
            pushWs(b);
            sp++;
          } else if (b == '\r' || b == '\n') {
            wsLen = 0;
            state = b == '\r' ? EQ_CR : TEXT;
            sp++;
          } else {
            badEscape();
            dst[dp++] = '=';
            wsOut = 0;
            state = TEXT;
          }
          break;
        default:
          // EQ_CR: a soft line break; a CR not followed by LF is read as one too
          if (b == '\n') {
            sp++;
          }
          state = TEXT;
          break;
      }
    }
    srcPos = sp;
    dstPos = dp;
  }

  @Override
  boolean flush(byte[] dst, int dp, int dl) {
    process(dst, 0, 0, dst, dp, dl);
    dp = dstPos;
    if (wsOut >= 0 || dl - dp < 2) {
      return false;
    }
    if (state == CR) {
      dst[dp++] = '\r';
    } else if (state == EQ_HEX) {
      badEscape();
      dst[dp++] = '=';
      dst[dp++] = hexChar;
    }
    wsLen = 0;
    state = TEXT;
    dstPos = dp;
    return true;
  }
}
