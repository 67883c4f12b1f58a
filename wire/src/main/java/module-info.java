/**
 * What every Missive protocol engine shares on the wire: the {@link dev.missive.wire.ProtocolEngine} contract with
 * its {@link dev.missive.wire.StreamChange}s, the {@link dev.missive.wire.EngineEnvironment} and
 * {@link dev.missive.wire.PeerInfo}, and the pieces engines are built from: CRLF line framing
 * ({@link dev.missive.wire.LineFramer}), dot transparency ({@link dev.missive.wire.DotUnstuffer},
 * {@link dev.missive.wire.DotStuffer}) and bounded output ({@link dev.missive.wire.OutputQueue}). No dependencies:
 * this is the bottom of the module graph.
 *
 * <p>The plumbing Missive's own engines share — the session guard (synchronisation marks, stream-change pause,
 * timers), the stream pause, the failed-login throttle and a client's command pipeline — is in
 * {@code dev.missive.wire.internal}, exported only to the engine modules (docs/architecture.md, "Dependency rules").
 */
// the engine modules are built after this one, so javac cannot see them yet (its "module not found" lint)
@SuppressWarnings("module")
module dev.missive.wire {
  exports dev.missive.wire;
  exports dev.missive.wire.internal to dev.missive.smtp, dev.missive.pop3, dev.missive.imap;
}
