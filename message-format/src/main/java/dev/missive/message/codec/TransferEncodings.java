package dev.missive.message.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * The Content-Transfer-Encodings of RFC 2045 §6 ({@code 7bit}, {@code 8bit}, {@code binary},
 * {@code quoted-printable}, {@code base64}): lenient streaming decoders, strict streaming encoders, and the choice
 * of an encoding for given content.
 */
public final class TransferEncodings {

  /** {@code 7bit}, the default of RFC 2045 §6.1. */
  public static final String SEVEN_BIT = "7bit";
  /** {@code 8bit} (RFC 2045 §6.2). */
  public static final String EIGHT_BIT = "8bit";
  /** {@code binary} (RFC 2045 §6.2). */
  public static final String BINARY = "binary";
  /** {@code quoted-printable} (RFC 2045 §6.7). */
  public static final String QUOTED_PRINTABLE = "quoted-printable";
  /** {@code base64} (RFC 2045 §6.8). */
  public static final String BASE64 = "base64";

  private static final int MAX_LINE = 998;

  private TransferEncodings() {
  }

  /**
   * A lenient decoder for a Content-Transfer-Encoding value (case-insensitive; comments and white space ignored);
   * null or empty means 7bit; an unknown encoding gives an identity decoder holding an UNKNOWN_TRANSFER_ENCODING
   * defect (RFC 2045 §6.4).
   *
   * @param contentTransferEncoding the Content-Transfer-Encoding value, or {@code null}
   * @return the decoder
   */
  public static ContentDecoder decoder(String contentTransferEncoding) {
    String cte = normalise(contentTransferEncoding);
    switch (cte) {
      case BASE64:
        return new Base64Decoder();
      case QUOTED_PRINTABLE:
        return new QuotedPrintableDecoder();
      case "":
      case SEVEN_BIT:
      case EIGHT_BIT:
      case BINARY:
        return new IdentityCoder();
      default:
        return IdentityCoder.unknown(contentTransferEncoding);
    }
  }

  /**
   * A strict encoder for a Content-Transfer-Encoding.
   *
   * @param cte the Content-Transfer-Encoding
   * @return the encoder
   * @throws IllegalArgumentException for an encoding other than the five of RFC 2045 §6
   */
  public static ContentEncoder encoder(String cte) {
    switch (normalise(cte)) {
      case BASE64:
        return new Base64Encoder();
      case QUOTED_PRINTABLE:
        return new QuotedPrintableEncoder();
      case SEVEN_BIT:
      case EIGHT_BIT:
      case BINARY:
        return new IdentityCoder();
      default:
        throw new IllegalArgumentException("no encoder for Content-Transfer-Encoding " + cte);
    }
  }

  /**
   * Whether the value names one of the five encodings of RFC 2045 §6 (or is empty, meaning 7bit).
   *
   * @param contentTransferEncoding the Content-Transfer-Encoding value
   * @return whether it is known
   */
  public static boolean isKnown(String contentTransferEncoding) {
    switch (normalise(contentTransferEncoding)) {
      case "":
      case SEVEN_BIT:
      case EIGHT_BIT:
      case BINARY:
      case QUOTED_PRINTABLE:
      case BASE64:
        return true;
      default:
        return false;
    }
  }

  private static String normalise(String cte) {
    if (cte == null) {
      return "";
    }
    int start = 0;
    int end = cte.length();
    while (start < end && cte.charAt(start) <= ' ') {
      start++;
    }
    int i = start;
    while (i < end && cte.charAt(i) > ' ' && cte.charAt(i) != '(' && cte.charAt(i) != ';') {
      i++;
    }
    return cte.substring(start, i).toLowerCase(Locale.ROOT);
  }

  /**
   * Picks the encoding for content (RFC 2045 §6, RFC 2049 §3): {@code 7bit} when every line is US-ASCII without
   * NUL, at most 998 octets and ended by CRLF; otherwise {@code quoted-printable} for text that is mostly ASCII,
   * else {@code base64}.
   *
   * @param sample the content, or a representative prefix of it
   * @param isText whether the content is text (line-oriented)
   * @return the encoding's name
   */
  public static String choose(byte[] sample, boolean isText) {
    int nonAscii = 0;
    boolean sevenBitSafe = true;
    int lineLength = 0;
    for (int i = 0; i < sample.length; i++) {
      int b = sample[i] & 0xff;
      if (b == '\r' && i + 1 < sample.length && sample[i + 1] == '\n') {
        i++;
        lineLength = 0;
        continue;
      }
      if (b >= 0x80 || b < 0x20 && b != '\t') {
        sevenBitSafe = false;
        nonAscii++;
      }
      if (++lineLength > MAX_LINE) {
        sevenBitSafe = false;
      }
    }
    if (sevenBitSafe) {
      return SEVEN_BIT;
    }
    return isText && nonAscii * 4L <= sample.length ? QUOTED_PRINTABLE : BASE64;
  }

  /**
   * Decodes a whole array with a fresh decoder (a convenience for small bodies; defects are dropped).
   *
   * @param encoded                 the encoded body
   * @param contentTransferEncoding the Content-Transfer-Encoding value
   * @return the decoded body
   */
  public static byte[] decode(byte[] encoded, String contentTransferEncoding) {
    ContentDecoder decoder = decoder(contentTransferEncoding);
    ByteBuffer in = ByteBuffer.wrap(encoded);
    ByteBuffer out = ByteBuffer.allocate(encoded.length + 16);
    decoder.decode(in, out);
    decoder.finish(out);
    return Arrays.copyOf(out.array(), out.position());
  }

  /**
   * Encodes a whole array strictly; base64 uses {@code java.util.Base64}'s MIME encoder (76-character lines).
   *
   * @param data the content
   * @param cte  the Content-Transfer-Encoding
   * @return the encoded body
   */
  public static byte[] encode(byte[] data, String cte) {
    if (BASE64.equals(normalise(cte))) {
      return Base64.getMimeEncoder().encode(data);
    }
    ContentEncoder encoder = encoder(cte);
    ByteBuffer in = ByteBuffer.wrap(data);
    ByteBuffer out = ByteBuffer.allocate(data.length / 24 * 79 + 32);
    encoder.encode(in, out);
    while (in.hasRemaining()) {
      out = grow(out);
      encoder.encode(in, out);
    }
    while (!encoder.finish(out)) {
      out = grow(out);
    }
    return Arrays.copyOf(out.array(), out.position());
  }

  private static ByteBuffer grow(ByteBuffer out) {
    ByteBuffer bigger = ByteBuffer.allocate(out.capacity() * 2);
    out.flip();
    return bigger.put(out);
  }
}
