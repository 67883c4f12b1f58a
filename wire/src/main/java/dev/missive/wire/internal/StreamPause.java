package dev.missive.wire.internal;

import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamChange;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.TlsInfo;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * An engine's pause for a {@link StreamChange} (docs/architecture.md, "Stream changes"): the change asked for, from
 * the moment the engine asks until the host reports the new layer with
 * {@link ProtocolEngine#streamChanged(StreamLayer)}. The one home of the pause's checks for servers
 * ({@link SessionGuard} holds one) and clients alike: what {@code pendingStreamChange()} reports, the bytes a client
 * must not see during the pause, and what {@code streamChanged} accepts.
 */
public final class StreamPause {

  private StreamChange pending;

  /** A pause with no change pending. */
  public StreamPause() {
  }

  /**
   * Pauses for {@code change}.
   *
   * @param change the change the host must make
   * @throws IllegalStateException if a change is already pending
   */
  public void pause(StreamChange change) {
    Objects.requireNonNull(change, "change");
    if (pending != null) {
      throw new IllegalStateException("a stream change is already pending: " + pending);
    }
    pending = change;
  }

  /** {@return whether a change is pending} */
  public boolean isPaused() {
    return pending != null;
  }

  /** {@return the change the engine waits for, if any: what {@code pendingStreamChange()} reports} */
  public Optional<StreamChange> pending() {
    return Optional.ofNullable(pending);
  }

  /**
   * Whether a client must end the session because of {@code in}: the server sent bytes during the pause, or after
   * the reply that announced the change in the same read — an attacker's bytes injected before the handshake
   * (RFC 3207 §5, RFC 2595 §4, RFC 9051 §6.2.1; docs/security.md, "Replies injected before the client's
   * handshake"). Never for a change that {@link StreamChange#keepsUnfedInput() keeps} those bytes (a client's
   * COMPRESS, whose first compressed octets may share the read).
   *
   * @param in the bytes the engine was given and has not consumed
   * @return whether they break the pause
   */
  public boolean injected(ByteBuffer in) {
    return pending != null && in.hasRemaining() && !pending.keepsUnfedInput();
  }

  /**
   * Ends the pause: the host reported the new layer.
   *
   * @return the change that was pending
   * @throws IllegalStateException if no change is pending
   */
  public StreamChange resume() {
    if (pending == null) {
      throw new IllegalStateException("no stream change is pending");
    }
    StreamChange done = pending;
    pending = null;
    return done;
  }

  /**
   * Ends a STARTTLS/STLS pause with the layer the host reported: what every engine's
   * {@link ProtocolEngine#streamChanged(StreamLayer)} checks first (docs/architecture.md, "The TLS pause").
   *
   * @param layer   the layer the host put in place
   * @param command the command that asked for TLS, for the messages ({@code "STARTTLS"}, {@code "STLS"})
   * @param state   the engine's state, for the message
   * @return the handshake's outcome
   * @throws IllegalStateException    if no change is pending
   * @throws IllegalArgumentException if the layer is not a {@link TlsInfo}
   */
  public TlsInfo resumeWithTls(StreamLayer layer, String command, Object state) {
    Objects.requireNonNull(layer, "layer");
    if (pending == null) {
      throw new IllegalStateException("streamChanged without a pending " + command + " (state " + state + ")");
    }
    if (!(layer instanceof TlsInfo info)) {
      throw new IllegalArgumentException(command + " puts TLS in place, not " + layer);
    }
    pending = null;
    return info;
  }

  /** Forgets a pending change: the session ended before the host made it. */
  public void cancel() {
    pending = null;
  }
}
