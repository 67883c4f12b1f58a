package dev.missive.wire;

import java.util.Locale;
import java.util.Objects;

/**
 * A change of the byte stream under an engine that the host must make: TLS starts, compression starts, or the two
 * ends swap roles (docs/architecture.md, "Stream changes"). A server engine requests it once the reply that
 * announces it is queued; a client engine once it has read that reply and nothing after it.
 *
 * <p>The host's rule is the same for every change: drain the output, drop the bytes it read but did not feed
 * (unless {@link #keepsUnfedInput()}), make the change, and tell the engine with
 * {@link ProtocolEngine#streamChanged(StreamLayer)} — except for a {@link Handover}, after which the host drives the
 * successor engine and drops the old one. New kinds of change add a record here, never a method to the contract.
 */
public sealed interface StreamChange permits StreamChange.StartTls, StreamChange.Compress, StreamChange.Handover {

  /**
   * Whether the bytes the host read but did not feed belong to the new stream, so the host keeps them and feeds them
   * through the new layer. True only for a client's COMPRESS: the server compresses from the octet after its OK
   * (RFC 4978 §3). For every other change the peer must wait for the announcing reply, so anything read already
   * was sent too early and is dropped (RFC 3207 §4.2, CVE-2011-0411).
   *
   * @return whether unfed input is kept for the new stream
   */
  boolean keepsUnfedInput();

  /**
   * TLS starts on the connection: STARTTLS (RFC 3207 §4), STLS (RFC 2595 §4), IMAP STARTTLS (RFC 9051 §6.2.1).
   * The host completes the handshake and calls {@link ProtocolEngine#streamChanged(StreamLayer)} with the
   * negotiated {@link TlsInfo}.
   *
   * @param clientMode whether the host handshakes as the TLS client (a client engine) or as the server
   */
  record StartTls(boolean clientMode) implements StreamChange {

    /** {@return false: the peer must wait for the announcing reply, so unfed bytes are dropped} */
    @Override
    public boolean keepsUnfedInput() {
      return false;
    }
  }

  /**
   * Compression starts above the current layers (RFC 4978 §3: IMAP COMPRESS, above TLS). The host installs the
   * compressor and decompressor and calls {@link ProtocolEngine#streamChanged(StreamLayer)} with
   * {@link StreamLayer.Deflate}.
   *
   * @param mechanism  the compression mechanism as the protocol names it, in upper case, such as {@code DEFLATE}
   * @param clientSide whether the engine is the client (then the bytes after the OK are already compressed)
   */
  record Compress(String mechanism, boolean clientSide) implements StreamChange {

    /**
     * Validates the mechanism name.
     *
     * @param mechanism  the compression mechanism, such as {@code DEFLATE}
     * @param clientSide whether the engine is the client
     */
    public Compress {
      Objects.requireNonNull(mechanism, "mechanism");
      if (mechanism.isEmpty() || !mechanism.equals(mechanism.toUpperCase(Locale.ROOT))) {
        throw new IllegalArgumentException("a compression mechanism name in upper case: " + mechanism);
      }
    }

    /** {@return whether the engine is the client side, whose peer compresses right after its OK} */
    @Override
    public boolean keepsUnfedInput() {
      return clientSide;
    }
  }

  /**
   * The two ends swap roles on the same connection (RFC 2645 §5.3, ATRN): the host drives {@code successor} from
   * now on and drops the old engine, which stays in {@link ProtocolEngine.Status#STREAM_CHANGE}; the old engine is
   * not told. The peer waits for the announcing reply before it speaks in its new role, so unfed bytes are
   * dropped and the successor starts clean.
   *
   * @param successor the engine that takes over the connection, built by the host for its new role
   */
  record Handover(ProtocolEngine successor) implements StreamChange {

    /**
     * Checks that a successor is given.
     *
     * @param successor the engine that takes over the connection
     */
    public Handover {
      Objects.requireNonNull(successor, "successor");
    }

    /** {@return false: the peer waits for the announcing reply, so unfed bytes are dropped} */
    @Override
    public boolean keepsUnfedInput() {
      return false;
    }
  }
}
