package dev.missive.wire;

import dev.missive.wire.ProxyHeaderException.Reason;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the PROXY protocol header that a trusted proxy puts before everything else on a connection (HAProxy's
 * specification "The PROXY protocol": the version 1 line, §2.1, or the version 2 binary header, §2.2), without I/O.
 *
 * <p>The host feeds what it reads to {@link #decode}; the decoder takes octets up to the end of the header and not
 * one more, so the buffer's remaining octets are the protocol's first (the engine's, or the TLS handshake's). It
 * tells a wrong start as early as the first octet that differs from both signatures (§2.2: "otherwise the protocol
 * is not covered by this specification and the connection must be dropped"), refuses a version 1 line without CRLF
 * in 107 octets and a version 2 header longer than its maximum before buffering it, and checks every address, port,
 * TLV bound and checksum. Every failure is a {@link ProxyHeaderException} with its {@link Reason}; nothing from the
 * peer makes an unchecked exception. The specification's rule that the receiver "MUST not try to guess whether the
 * protocol header is present" is the host's: only connections from trusted proxies get a decoder, and each must
 * begin with a header.
 *
 * <pre>{@code
 * ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
 * Optional<ProxyHeader> header = decoder.decode(buffer);   // empty: read more and call again
 * // at the end of input before a header: decoder.endOfInput() throws TRUNCATED
 * }</pre>
 */
public final class ProxyHeaderDecoder {

  /** The longest version 1 line with its CRLF (§2.1: "PROXY UNKNOWN" with two IPv6 addresses and two ports). */
  public static final int V1_MAX_LINE = 107;

  /** The fixed part of a version 2 header: signature, version and command, family and transport, length (§2.2). */
  public static final int V2_FIXED_LENGTH = 16;

  /** The shortest maximum a decoder accepts: a version 2 header with two UNIX paths and no TLV (§2.2). */
  public static final int MIN_MAX_LENGTH = V2_FIXED_LENGTH + 216;

  /** The default maximum length of a version 2 header: addresses and room for HAProxy's TLVs. */
  public static final int DEFAULT_MAX_LENGTH = 1024;

  static final byte[] V1_SIGNATURE = {'P', 'R', 'O', 'X', 'Y', ' '};
  static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

  private final int maxLength;
  private byte[] header = new byte[V1_MAX_LINE];
  private int count;
  /** -1 while the signature is read, 0 for a version 1 line, else the version 2 header's length so far known. */
  private int total = -1;
  private boolean fixedPartRead;
  private ProxyHeader result;
  private boolean failed;

  /** A decoder for headers up to {@link #DEFAULT_MAX_LENGTH} octets. */
  public ProxyHeaderDecoder() {
    this(DEFAULT_MAX_LENGTH);
  }

  /**
   * A decoder for version 2 headers up to a length (version 1 lines are always at most {@link #V1_MAX_LINE}).
   *
   * @param maxLength the most octets a version 2 header may have, {@link #MIN_MAX_LENGTH} to 65551 (16 + 65535)
   */
  public ProxyHeaderDecoder(int maxLength) {
    if (maxLength < MIN_MAX_LENGTH || maxLength > V2_FIXED_LENGTH + 0xFFFF) {
      throw new IllegalArgumentException("maxLength out of range: " + maxLength);
    }
    this.maxLength = maxLength;
  }

  /**
   * Takes octets of the header from the input, up to its end and no further.
   *
   * @param input what was read from the connection; its position moves past the octets taken
   * @return the header once it is complete, or empty when all input was taken and more is needed
   * @throws ProxyHeaderException  if the octets are not a valid header (the connection must be closed)
   * @throws IllegalStateException if called after a header or a failure
   */
  public Optional<ProxyHeader> decode(ByteBuffer input) throws ProxyHeaderException {
    Objects.requireNonNull(input, "input");
    if (result != null || failed) {
      throw new IllegalStateException("the header was already " + (failed ? "refused" : "decoded"));
    }
    try {
      while (input.hasRemaining()) {
        if (count == 0) {
          start(input.get(input.position()));
        }
        if (total > 0) {
          int n = Math.min(input.remaining(), total - count);
          input.get(header, count, n);
          count += n;
          if (count == V2_FIXED_LENGTH && !fixedPartRead) {
            fixedPart();
          }
          if (fixedPartRead && count == total) {
            result = ProxyV2Parser.parse(header, total);
            return Optional.of(result);
          }
        } else {
          byte b = input.get();
          header[count++] = b;
          if (count <= V2_FIXED_LENGTH && total < 0) {
            checkSignature();
          }
          if (total == 0 && b == '\n') {
            result = ProxyV1Parser.parse(header, count);
            return Optional.of(result);
          }
          if (total == 0 && count == V1_MAX_LINE) {
            throw new ProxyHeaderException(Reason.LINE_TOO_LONG, "no CRLF in the first 107 octets");
          }
        }
      }
      return Optional.empty();
    } catch (ProxyHeaderException e) {
      failed = true;
      throw e;
    }
  }

  /**
   * Tells the decoder the input ended.
   *
   * @throws ProxyHeaderException  with {@link Reason#TRUNCATED}: the connection ended before a whole header
   * @throws IllegalStateException if a header was decoded or refused already
   */
  public void endOfInput() throws ProxyHeaderException {
    if (result != null || failed) {
      throw new IllegalStateException("the header was already " + (failed ? "refused" : "decoded"));
    }
    failed = true;
    throw new ProxyHeaderException(Reason.TRUNCATED,
        count == 0 ? "the connection ended before a PROXY header" : "the connection ended within the PROXY header");
  }

  /**
   * The fewest octets the decoder needs before the header can be complete: a host that cannot give octets back
   * (a blocking socket handed on to TLS, say) reads no more than this at a time and so never reads past the header.
   * It is 1 while the version is not known and along a version 1 line, the rest of the fixed part or of the whole
   * header for version 2, and 0 once the header is decoded or refused.
   *
   * @return how many octets may be read without reading past the header
   */
  public int octetsNeeded() {
    if (result != null || failed) {
      return 0;
    }
    if (total > 0) {
      return total - count;
    }
    return count > 0 && header[0] == V2_SIGNATURE[0] ? V2_SIGNATURE.length - count : 1;
  }

  /** {@return the number of header octets taken so far} */
  public int octetsTaken() {
    return count;
  }

  /** Decides the version from the first octet: 'P' begins a line, CR the binary signature. */
  private void start(byte first) throws ProxyHeaderException {
    if (first != V1_SIGNATURE[0] && first != V2_SIGNATURE[0]) {
      throw new ProxyHeaderException(Reason.WRONG_SIGNATURE, "the connection did not begin with a PROXY header");
    }
  }

  /**
   * Compares the octets so far with the signature their first octet chose, and marks a version 1 line once
   * {@code "PROXY "} is complete; a version 2 header's fixed part is read in bulk after its signature.
   */
  private void checkSignature() throws ProxyHeaderException {
    byte[] signature = header[0] == 'P' ? V1_SIGNATURE : V2_SIGNATURE;
    int i = count - 1;
    if (i < signature.length && header[i] != signature[i]) {
      throw new ProxyHeaderException(Reason.WRONG_SIGNATURE, "the connection did not begin with a PROXY header");
    }
    if (count == signature.length) {
      if (signature == V1_SIGNATURE) {
        total = 0;
      } else {
        header = Arrays.copyOf(header, V2_FIXED_LENGTH);
        total = V2_FIXED_LENGTH;
      }
    }
  }

  /** Checks version, command and length once the 16 fixed octets are in, and makes room for the rest. */
  private void fixedPart() throws ProxyHeaderException {
    int versionCommand = header[12] & 0xFF;
    if (versionCommand >>> 4 != 2) {
      throw new ProxyHeaderException(Reason.UNSUPPORTED_VERSION, "version nibble " + (versionCommand >>> 4));
    }
    if ((versionCommand & 0x0F) > 1) {
      throw new ProxyHeaderException(Reason.UNKNOWN_COMMAND, "command " + (versionCommand & 0x0F));
    }
    int length = ((header[14] & 0xFF) << 8) | (header[15] & 0xFF);
    if (V2_FIXED_LENGTH + length > maxLength) {
      throw new ProxyHeaderException(Reason.HEADER_TOO_LONG,
          (V2_FIXED_LENGTH + length) + " octets, more than the " + maxLength + " allowed");
    }
    total = V2_FIXED_LENGTH + length;
    header = Arrays.copyOf(header, total);
    fixedPartRead = true;
  }
}
