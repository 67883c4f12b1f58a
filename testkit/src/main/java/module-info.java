/**
 * Test support for any Missive {@link dev.missive.wire.ProtocolEngine}: transcripts in the RFCs' own
 * {@code S:}/{@code C:} notation played turn by turn ({@link dev.missive.testkit.TranscriptRunner}), feeding each
 * turn whole, byte by byte or in seeded random splits ({@link dev.missive.testkit.ChunkingCheck}; docs/architecture.md,
 * "Chunking independence"), an in-memory client/server pair with manual time ({@link dev.missive.testkit.InMemoryPair})
 * and a loopback-socket driver with STARTTLS and implicit TLS ({@link dev.missive.testkit.LoopbackServer}).
 * Depends on {@code dev.missive.wire} only, so every module above it can take the testkit in test scope.
 */
module dev.missive.testkit {
  requires transitive dev.missive.wire;

  exports dev.missive.testkit;
}
