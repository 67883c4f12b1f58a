package dev.missive.message.stream;

/**
 * The limits the streaming parser applies to one message (RFC 5322 §2.1.1 line lengths, RFC 2046 §5.1 nesting),
 * in one immutable value validated at construction; past each limit the parser records a
 * {@link dev.missive.message.DefectKind#LIMIT_EXCEEDED} defect on the current part and carries on in bounded
 * memory and linear time, as documented on each component.
 *
 * <p>Defaults follow trusted servers: Dovecot's 100 nesting levels and 10 000 MIME parts (CVE-2020-12100) and a
 * bounded header (Postfix {@code header_size_limit}, CPython gh-136063).
 *
 * @param maxFieldLength     octets of one header field including its folding; a longer field is dropped whole
 *                           (its excess is skipped, never buffered) with a defect
 * @param maxFieldCount      header fields per header block; further fields are skipped with one defect
 * @param maxHeaderBlockSize octets of one header block; once reached, further fields are skipped with a defect
 * @param maxDepth           nesting of multiparts and message/rfc822 entities; deeper content is delivered as
 *                           the body of the entity at the limit, with a defect
 * @param maxParts           body parts in the whole message (encapsulated messages included); at the delimiter
 *                           that would start one more, the rest of that multipart becomes its epilogue, with a
 *                           defect
 * @param bodyChunkSize      the size of the decoding buffer (the most one decoded event carries) and the least
 *                           size of the input buffer (which also holds one header line of maxFieldLength)
 */
public record MessageLimits(int maxFieldLength, int maxFieldCount, int maxHeaderBlockSize, int maxDepth,
                            int maxParts, int bodyChunkSize) {

  /**
   * Sensible limits for mail servers and clients: 100 000-octet fields, 1 000 fields, 1 MiB headers, depth 100,
   * 10 000 parts.
   */
  public static final MessageLimits DEFAULT = new MessageLimits(100_000, 1_000, 1 << 20, 100, 10_000, 64 * 1024);
  /** Tight limits for untrusted submissions: 8 KiB fields, 200 fields, 64 KiB headers, depth 20, 1 000 parts. */
  public static final MessageLimits STRICT = new MessageLimits(8 * 1024, 200, 64 * 1024, 20, 1_000, 16 * 1024);
  /** Generous limits for archives: 1 MiB fields, 10 000 fields, 16 MiB headers, depth 200, 100 000 parts. */
  public static final MessageLimits PERMISSIVE =
      new MessageLimits(1 << 20, 10_000, 16 << 20, 200, 100_000, 256 * 1024);

  /**
   * Rejects limits that are not positive or cannot hold one minimal line.
   *
   * @param maxFieldLength     octets of one header field including its folding; a longer field is dropped whole
   *                           (its excess is skipped, never buffered) with a defect
   * @param maxFieldCount      header fields per header block; further fields are skipped with one defect
   * @param maxHeaderBlockSize octets of one header block; once reached, further fields are skipped with a defect
   * @param maxDepth           nesting of multiparts and message/rfc822 entities; deeper content is delivered as
   *                           the body of the entity at the limit, with a defect
   * @param maxParts           body parts in the whole message (encapsulated messages included); at the delimiter
   *                           that would start one more, the rest of that multipart becomes its epilogue, with a
   *                           defect
   * @param bodyChunkSize      the size of the decoding buffer (the most one decoded event carries) and the least
   *                           size of the input buffer (which also holds one header line of maxFieldLength)
   */
  public MessageLimits {
    requireAtLeast("maxFieldLength", maxFieldLength, 78);
    requireAtLeast("maxFieldCount", maxFieldCount, 1);
    requireAtLeast("maxHeaderBlockSize", maxHeaderBlockSize, maxFieldLength);
    requireAtLeast("maxDepth", maxDepth, 1);
    requireAtLeast("maxParts", maxParts, 1);
    requireAtLeast("bodyChunkSize", bodyChunkSize, 1024);
    if (maxFieldLength > (1 << 28) || bodyChunkSize > (1 << 26)) {
      throw new IllegalArgumentException("maxFieldLength must be at most 2^28 and bodyChunkSize at most 2^26");
    }
  }

  private static void requireAtLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
    }
  }

  /**
   * A copy with another nesting depth.
   *
   * @param depth nesting of multiparts and message/rfc822 entities; deeper content is delivered as
   *              the body of the entity at the limit, with a defect
   * @return a copy with that value
   */
  public MessageLimits withMaxDepth(int depth) {
    return new MessageLimits(maxFieldLength, maxFieldCount, maxHeaderBlockSize, depth, maxParts, bodyChunkSize);
  }

  /**
   * A copy with another part count.
   *
   * @param parts body parts in the whole message (encapsulated messages included); at the delimiter
   *              that would start one more, the rest of that multipart becomes its epilogue, with a
   *              defect
   * @return a copy with that value
   */
  public MessageLimits withMaxParts(int parts) {
    return new MessageLimits(maxFieldLength, maxFieldCount, maxHeaderBlockSize, maxDepth, parts, bodyChunkSize);
  }
}
