package dev.missive.message.stream;

/**
 * How the streaming parser delivers leaf bodies: raw, or with the Content-Transfer-Encoding removed
 * (RFC 2045 §6).
 */
public enum BodyMode {
  /** Bodies as {@link MimeEvent.BodyBytes}, exactly the input octets; encoded message/rfc822 bodies are not entered. */
  RAW,
  /**
   * Bodies as {@link MimeEvent.DecodedBodyBytes} with base64 and quoted-printable removed; a base64 or
   * quoted-printable message/rfc822 body is decoded and parsed as a nested message.
   */
  DECODED
}
