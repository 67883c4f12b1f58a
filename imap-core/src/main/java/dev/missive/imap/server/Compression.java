package dev.missive.imap.server;

import dev.missive.imap.ResponseCode;
import dev.missive.imap.command.AuthenticatedCommand;
import dev.missive.wire.StreamChange;
import dev.missive.wire.StreamLayer;
import java.util.Locale;

/**
 * COMPRESS=DEFLATE (RFC 4978) for one session: the command, valid once authenticated (RFC 4978 §5
 * {@code command-auth}), offered when the host says its transport can compress
 * ({@link ImapServerConfig#COMPRESS_DEFLATE}); the pause that hands the change to the host; and the state after.
 *
 * <p>The tagged OK is the last uncompressed octets: the engine then asks for {@link StreamChange.Compress} and, like
 * after STARTTLS, discards what the client sent before the host reported {@link StreamLayer.Deflate}, since the client
 * must wait for the result (RFC 4978 §3: "The client MUST NOT send any further commands until it has seen the result
 * of COMPRESS"). A second COMPRESS is answered {@code NO [COMPRESSIONACTIVE]}. TLS-level compression, the other reason
 * RFC 4978 §3 gives for that answer, never happens under the library's transports: JSSE negotiates none (TLS 1.3
 * has none at all, RFC 8446 §4.1.2).
 */
final class Compression {

  private static final String DEFLATE = "DEFLATE";
  private static final StreamChange COMPRESS = new StreamChange.Compress(DEFLATE, false);

  private final ServerSession s;
  private boolean active;

  Compression(ServerSession session) {
    this.s = session;
  }

  /** {@return whether DEFLATE is in place} */
  boolean active() {
    return active;
  }

  /** Answers COMPRESS (RFC 4978 §3): BAD for an unknown mechanism, NO once active, else OK and the pause. */
  void command(AuthenticatedCommand.Compress c) {
    if (!s.config.hostCapabilities().contains(ImapServerConfig.COMPRESS_DEFLATE)
        || !c.mechanism().toUpperCase(Locale.ROOT).equals(DEFLATE)) {
      s.commands.bad(c.tag(), "Unknown compression mechanism: " + c.mechanism());
      return;
    }
    if (active) {
      s.commands.no(c.tag(), ResponseCode.COMPRESSIONACTIVE, "DEFLATE active via COMPRESS");
      return;
    }
    s.commands.ok(c.tag(), "DEFLATE active");
    s.pauseFor(COMPRESS); // RFC 4978 §3: compressed from the octet after the OK's CRLF
  }

  /**
   * The host reported the layer after the pause.
   *
   * @throws IllegalArgumentException if the layer is not {@link StreamLayer.Deflate}
   */
  void resume(StreamLayer layer) {
    if (!(layer instanceof StreamLayer.Deflate)) {
      throw new IllegalArgumentException("COMPRESS puts DEFLATE in place, not " + layer);
    }
    s.guard.resume();
    active = true;
    ImapServer.LOG.debug("[{}] DEFLATE compression active", s.sessionId);
  }
}
