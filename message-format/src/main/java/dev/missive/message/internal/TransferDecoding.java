package dev.missive.message.internal;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import dev.missive.message.codec.ContentDecoder;
import dev.missive.message.codec.TransferEncodings;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/** Which Content-Transfer-Encodings the parser and the tree remove (RFC 2045 §6.1), and their decoders. */
public final class TransferDecoding {

  /** Room a decoder may want beyond its input's length at the end (a held-back escape, a final quantum). */
  private static final int SLACK = 16;

  private TransferDecoding() {
  }

  /** 7bit, 8bit and binary (and an empty value) leave the octets as they are (RFC 2045 §6.2). */
  public static boolean isIdentity(String cte) {
    return cte.isEmpty() || cte.equals("7bit") || cte.equals("8bit") || cte.equals("binary");
  }

  /** base64 and quoted-printable (RFC 2045 §6.7, §6.8). */
  public static boolean isKnown(String cte) {
    return cte.equals("base64") || cte.equals("quoted-printable");
  }

  /** A fresh decoder, or {@code null} for an encoding that is not removed. */
  public static ContentDecoder decoder(String cte) {
    return isKnown(cte) ? TransferEncodings.decoder(cte) : null;
  }

  /** The defect of a body in an encoding that is not removed (RFC 2045 §6.4). */
  public static Defect unknownEncoding() {
    return new Defect(DefectKind.UNKNOWN_TRANSFER_ENCODING,
        "unknown transfer encoding; body passed through undecoded (RFC 2045 §6.4)");
  }

  /**
   * Decodes {@code encoded} (its remaining octets, only read) whole; an unknown encoding is passed through with a
   * defect. Decodes into one array of the most the input can decode to (three octets per four base64 characters,
   * RFC 2045 §6.8; quoted-printable never makes its input longer, §6.7), grown only if a decoder ever needed more,
   * and trimmed once at the end.
   */
  public static byte[] decodeAll(ByteBuffer encoded, String cte, List<Defect> defects) {
    ContentDecoder d = decoder(cte);
    if (d == null) {
      if (!isIdentity(cte) && !defects.contains(unknownEncoding())) {
        defects.add(unknownEncoding());
      }
      if (encoded.hasArray()) {
        int from = encoded.arrayOffset() + encoded.position();
        return Arrays.copyOfRange(encoded.array(), from, from + encoded.remaining());
      }
      byte[] copy = new byte[encoded.remaining()];
      encoded.get(encoded.position(), copy);
      return copy;
    }
    ByteBuffer in = encoded.duplicate();
    int most = cte.equals("base64") ? in.remaining() / 4 * 3 : in.remaining();
    ByteBuffer out = ByteBuffer.allocate(most + SLACK);
    while (in.hasRemaining()) {
      int before = in.remaining();
      d.decode(in, out);
      if (in.remaining() == before) {
        if (out.remaining() >= SLACK) {
          break;
        }
        out = grown(out);
      }
    }
    while (!d.finish(out)) {
      out = grown(out);
    }
    for (Defect x : d.defects()) {
      if (!defects.contains(x)) {
        defects.add(x);
      }
    }
    byte[] all = out.array();
    return out.position() == all.length ? all : Arrays.copyOf(all, out.position());
  }

  private static ByteBuffer grown(ByteBuffer out) {
    ByteBuffer bigger = ByteBuffer.allocate(2 * out.capacity());
    return bigger.put(out.flip());
  }
}
