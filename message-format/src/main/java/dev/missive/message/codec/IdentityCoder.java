package dev.missive.message.codec;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The identity encodings {@code 7bit}, {@code 8bit} and {@code binary} of RFC 2045 §6.2, in both directions; also
 * the decoder for an unknown encoding, which passes the body through with an UNKNOWN_TRANSFER_ENCODING defect
 * (RFC 2045 §6.4).
 */
final class IdentityCoder implements ContentDecoder, ContentEncoder {

  private final DefectLog defects = new DefectLog();

  IdentityCoder() {
  }

  /** An identity decoder that records that the encoding was not understood. */
  static IdentityCoder unknown(String encoding) {
    IdentityCoder c = new IdentityCoder();
    String shown = encoding.length() > 40 ? encoding.substring(0, 40) + "…" : encoding;
    c.defects.report(DefectKind.UNKNOWN_TRANSFER_ENCODING,
        "unknown Content-Transfer-Encoding passed through undecoded (RFC 2045 §6.4): " + shown);
    return c;
  }

  @Override
  public void decode(ByteBuffer in, ByteBuffer out) {
    copy(in, out);
  }

  @Override
  public void encode(ByteBuffer in, ByteBuffer out) {
    copy(in, out);
  }

  private static void copy(ByteBuffer in, ByteBuffer out) {
    int n = Math.min(in.remaining(), out.remaining());
    if (n == in.remaining()) {
      out.put(in);
    } else {
      int limit = in.limit();
      in.limit(in.position() + n);
      out.put(in);
      in.limit(limit);
    }
  }

  @Override
  public boolean finish(ByteBuffer out) {
    return true;
  }

  @Override
  public List<Defect> defects() {
    return defects.list();
  }
}
