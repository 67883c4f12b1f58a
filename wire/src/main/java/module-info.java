/**
 * What every Missive protocol engine shares on the wire: the {@link dev.missive.wire.ProtocolEngine} contract,
 * the {@link dev.missive.wire.EngineEnvironment}, CRLF line framing ({@link dev.missive.wire.LineFramer}) and
 * dot transparency ({@link dev.missive.wire.DotUnstuffer}, {@link dev.missive.wire.DotStuffer}).
 * No dependencies: this is the bottom of the module graph.
 */
module dev.missive.wire {
  exports dev.missive.wire;
}
