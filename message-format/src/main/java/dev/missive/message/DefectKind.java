package dev.missive.message;

/**
 * The kinds of irregularity Missive records instead of throwing when it reads damaged input
 * (the model of CPython's {@code email} package). New kinds are added at the end.
 */
public enum DefectKind {
  /** A header line without a colon, or a field name with illegal characters (RFC 5322 §2.2, §3.6.8). */
  MALFORMED_HEADER_FIELD,
  /** White space between a field name and its colon (RFC 5322 §4.5, obsolete syntax). */
  WHITESPACE_BEFORE_COLON,
  /** A field that RFC 5322 §3.6 allows once appears more than once. */
  DUPLICATE_FIELD,
  /** A header block that ended without the empty line that separates it from the body. */
  MISSING_HEADER_BODY_SEPARATOR,
  /** A line ended by a bare LF or containing a bare CR (RFC 5322 §2.3). */
  BARE_LINE_ENDING,
  /** 8-bit octets in a header field without RFC 6532 framing, or not valid UTF-8. */
  EIGHT_BIT_HEADER,
  /**
   * An RFC 2047 encoded word that could not be decoded, kept as written; or one decoded despite raw 8-bit octets
   * in its encoded text (RFC 2047 §5), as common readers do.
   */
  MALFORMED_ENCODED_WORD,
  /** A charset name the JDK does not know; a fallback charset was used. */
  UNKNOWN_CHARSET,
  /** A Content-Type or Content-Disposition value, or one of its parameters, that does not parse (RFC 2045 §5.1). */
  MALFORMED_CONTENT_TYPE,
  /** A malformed RFC 2231 parameter (continuations out of order, bad percent-encoding). */
  MALFORMED_PARAMETER,
  /** A multipart entity without a boundary parameter (RFC 2046 §5.1.1); its body is read as text. */
  MISSING_BOUNDARY,
  /** A multipart entity whose closing delimiter never came (RFC 2046 §5.1.1). */
  MISSING_CLOSING_BOUNDARY,
  /** A multipart entity with no body parts at all. */
  NO_BODY_PARTS,
  /** Invalid characters or bad padding in base64 content (RFC 2045 §6.8). */
  INVALID_BASE64,
  /** An invalid escape or over-long line in quoted-printable content (RFC 2045 §6.7). */
  INVALID_QUOTED_PRINTABLE,
  /** An unknown Content-Transfer-Encoding; the body is passed through undecoded (RFC 2045 §6.4). */
  UNKNOWN_TRANSFER_ENCODING,
  /** An address that does not parse or parses only under the obsolete syntax (RFC 5322 §3.4, §4.4). */
  MALFORMED_ADDRESS,
  /** A date that does not parse (RFC 5322 §3.3, §4.3). */
  MALFORMED_DATE,
  /** A configured limit was reached (field length, field count, header size, nesting depth, part count). */
  LIMIT_EXCEEDED,
  /** Input ended in the middle of an entity. */
  TRUNCATED
}
