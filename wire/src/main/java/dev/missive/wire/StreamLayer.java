package dev.missive.wire;

/**
 * A layer the host put under an engine after a {@link StreamChange}, reported with
 * {@link ProtocolEngine#streamChanged(StreamLayer)}: {@link TlsInfo} after a TLS handshake, {@link Deflate} after
 * compression started (docs/architecture.md, "Stream changes").
 */
public sealed interface StreamLayer permits TlsInfo, StreamLayer.Deflate {

  /** DEFLATE compression (RFC 1951) is in place in both directions, as IMAP COMPRESS=DEFLATE sets it up (RFC 4978). */
  record Deflate() implements StreamLayer {
  }
}
