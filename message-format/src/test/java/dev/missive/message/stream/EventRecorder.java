package dev.missive.message.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Test helper: feeds a message in chunks and records the events as comparable lines: adjacent byte events of
 * one kind are merged (how a body is cut into chunks is not part of the contract), every other event — defects
 * included — is kept in its place, so a defect's position among the body bytes is compared too.
 */
final class EventRecorder {

  private EventRecorder() {
  }

  /** Records with chunk sizes from {@code chunkSize} (called with the chunk index). */
  static List<String> record(byte[] data, ParserOptions options, IntUnaryOperator chunkSize) {
    MessageStreamParser p = new MessageStreamParser(options);
    List<String> out = new ArrayList<>();
    StringBuilder bytes = new StringBuilder();
    String bytesKind = null;
    int offset = 0;
    int chunk = 0;
    ByteBuffer pending = ByteBuffer.allocate(0);
    int idle = 0;
    while (!p.isFinished()) {
      MimeEvent e = p.next();
      if (e == null) {
        if (pending.hasRemaining()) {
          p.feed(pending);
        } else if (offset < data.length) {
          int n = Math.max(1, Math.min(chunkSize.applyAsInt(chunk++), data.length - offset));
          pending = ByteBuffer.wrap(data, offset, n);
          offset += n;
          p.feed(pending);
        } else if (!p.isEnded()) {
          p.end();
        } else if (++idle > 3) {
          throw new AssertionError("parser stuck");
        }
        continue;
      }
      String kind = byteKind(e);
      if (kind != null) {
        if (!kind.equals(bytesKind)) {
          flush(out, bytesKind, bytes);
          bytesKind = kind;
        }
        bytes.append(text(bytesOf(e)));
        continue;
      }
      flush(out, bytesKind, bytes);
      bytesKind = null;
      out.add(describe(e));
    }
    flush(out, bytesKind, bytes);
    return out;
  }

  static List<String> whole(byte[] data, ParserOptions options) {
    return record(data, options, i -> Integer.MAX_VALUE);
  }

  private static void flush(List<String> out, String kind, StringBuilder bytes) {
    if (kind != null) {
      out.add(kind + "[" + bytes + "]");
      bytes.setLength(0);
    }
  }

  private static String describe(MimeEvent e) {
    if (e instanceof MimeEvent.HeaderFieldEvent h) {
      return "Field[" + text(ByteBuffer.wrap(h.field().raw())) + "@" + h.offset() + "]";
    }
    if (e instanceof MimeEvent.EndOfHeader h) {
      return "EndOfHeader[contentType=" + h.contentType() + ", transferEncoding=" + h.transferEncoding()
          + h.descriptor().disposition().map(d -> ", disposition=" + d).orElse("")
          + h.descriptor().contentId().map(id -> ", contentId=" + id).orElse("")
          + ", bodyOffset=" + h.bodyOffset() + ", skippedFields=" + h.skippedFields() + "]";
    }
    return e.toString();
  }

  static String byteKind(MimeEvent e) {
    if (e instanceof MimeEvent.BodyBytes) {
      return "Body";
    } else if (e instanceof MimeEvent.DecodedBodyBytes) {
      return "Decoded";
    } else if (e instanceof MimeEvent.Preamble) {
      return "Preamble";
    } else if (e instanceof MimeEvent.Epilogue) {
      return "Epilogue";
    }
    return null;
  }

  static ByteBuffer bytesOf(MimeEvent e) {
    if (e instanceof MimeEvent.BodyBytes b) {
      return b.bytes();
    } else if (e instanceof MimeEvent.DecodedBodyBytes b) {
      return b.bytes();
    } else if (e instanceof MimeEvent.Preamble b) {
      return b.bytes();
    }
    return ((MimeEvent.Epilogue) e).bytes();
  }

  static String text(ByteBuffer b) {
    byte[] x = new byte[b.remaining()];
    b.duplicate().get(x);
    return new String(x, StandardCharsets.ISO_8859_1);
  }
}
