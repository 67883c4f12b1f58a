/**
 * What every Missive protocol engine shares on the wire: the {@link dev.missive.wire.ProtocolEngine} contract with
 * its {@link dev.missive.wire.StreamChange}s, the {@link dev.missive.wire.EngineEnvironment} and
 * {@link dev.missive.wire.PeerInfo}, and the pieces engines are built from: CRLF line framing
 * ({@link dev.missive.wire.LineFramer}), dot transparency ({@link dev.missive.wire.DotUnstuffer},
 * {@link dev.missive.wire.DotStuffer}), bounded output ({@link dev.missive.wire.OutputQueue}), the synchronisation
 * marks, stream-change pause and timers ({@link dev.missive.wire.SessionGuard}) and a client's command pipeline
 * ({@link dev.missive.wire.CommandPipeline}). No dependencies: this is the bottom of the module graph.
 */
module dev.missive.wire {
  exports dev.missive.wire;
}
