package dev.missive.benchmarks.message;

/**
 * The five benchmark messages of issue 3 (RFC 5322 §3 messages with RFC 2045/2046 MIME bodies), each scored on its
 * own; their bytes come from {@link SampleMessages}, generated deterministically from a fixed seed.
 */
public enum Sample {
  /** A short text/plain mail of about 1 KiB. */
  PLAIN,
  /** A multipart/alternative newsletter: quoted-printable text/plain and text/html (RFC 2046 §5.1.4). */
  NEWSLETTER,
  /** A multipart/mixed mail with a short text and a 1 MiB base64 attachment (RFC 2045 §6.8). */
  ATTACHMENT,
  /** A forward: multipart/mixed holding a text and a message/rfc822 part (RFC 2046 §5.2.1). */
  FORWARD,
  /** A header-heavy mail: 60 fields, among them long folded Received chains (RFC 5322 §2.2.3, §3.6.7). */
  HEADERS;

  /** The message's bytes, CRLF line endings; the same array on every call, never to be changed. */
  public byte[] bytes() {
    return SampleMessages.of(this);
  }
}
