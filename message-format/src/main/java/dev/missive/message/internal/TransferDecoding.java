package dev.missive.message.internal;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import dev.missive.message.codec.ContentDecoder;
import dev.missive.message.codec.TransferEncodings;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;

/** Which Content-Transfer-Encodings the parser and the tree remove (RFC 2045 §6.1), and their decoders. */
public final class TransferDecoding {

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

  /** Decodes {@code encoded} (its remaining octets) whole; an unknown encoding is passed through with a defect. */
  public static byte[] decodeAll(ByteBuffer encoded, String cte, List<Defect> defects) {
    ContentDecoder d = decoder(cte);
    ByteBuffer in = encoded.duplicate();
    if (d == null) {
      if (!isIdentity(cte) && !defects.contains(unknownEncoding())) {
        defects.add(unknownEncoding());
      }
      byte[] copy = new byte[in.remaining()];
      in.get(copy);
      return copy;
    }
    ByteBuffer out = ByteBuffer.allocate(Math.max(64, Math.min(in.remaining(), 1 << 16)));
    ByteArrayOutputStream all = new ByteArrayOutputStream(in.remaining());
    while (in.hasRemaining()) {
      int before = in.remaining();
      d.decode(in, out);
      drain(out, all);
      if (in.remaining() == before) {
        break;
      }
    }
    while (!d.finish(out)) {
      drain(out, all);
    }
    drain(out, all);
    for (Defect x : d.defects()) {
      if (!defects.contains(x)) {
        defects.add(x);
      }
    }
    return all.toByteArray();
  }

  private static void drain(ByteBuffer out, ByteArrayOutputStream all) {
    out.flip();
    all.write(out.array(), out.arrayOffset() + out.position(), out.remaining());
    out.clear();
  }
}
