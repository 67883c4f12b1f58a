package dev.missive.examples.maildir;

import java.nio.ByteBuffer;

/**
 * Counts the size a message will have with CRLF line endings: every LF not preceded by CR adds one octet
 * (RFC 1939 §11: POP3 reports sizes as sent, with CRLF, before dot-stuffing).
 */
final class CrlfSizeCounter {

  private long size;
  private boolean lastWasCr;

  void count(ByteBuffer bytes) {
    while (bytes.hasRemaining()) {
      byte b = bytes.get();
      if (b == '\n' && !lastWasCr) {
        size++;
      }
      size++;
      lastWasCr = b == '\r';
    }
  }

  long crlfSize() {
    return size;
  }
}
