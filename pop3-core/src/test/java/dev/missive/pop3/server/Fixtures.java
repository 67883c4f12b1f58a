package dev.missive.pop3.server;

import dev.missive.testkit.EngineHost;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.ManualTime;
import dev.missive.testkit.Transcript;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.PeerInfo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.random.RandomGenerator;

/** Shared set-up for the server tests: the RFC 1939 environment and configuration, transcripts, raw feeding. */
final class Fixtures {

  private Fixtures() {
  }

  /**
   * The environment of RFC 1939's examples: a clock at 697170952 seconds and a random source whose bounded
   * {@code nextInt} gives 1896, so the default timestamp supplier makes {@code <1896.697170952@dbc.mtview.ca.us>}.
   */
  /** The client of a test session, connected as {@code security} says. */
  static PeerInfo peer(ConnectionSecurity security) {
    return new PeerInfo("[192.0.2.1]", "pop3-test", security);
  }

  static EngineEnvironment rfcEnvironment(ManualTime time) {
    RandomGenerator random = new RandomGenerator() {
      @Override
      public long nextLong() {
        return 42;
      }

      @Override
      public int nextInt(int origin, int bound) {
        return 1896;
      }
    };
    return new EngineEnvironment(Clock.fixed(Instant.ofEpochSecond(697_170_952L), ZoneOffset.UTC), time, random);
  }

  /** RFC 1939's server: "dewey", APOP timestamps in dbc.mtview.ca.us, no failed-login delay. */
  static Pop3ServerConfig.Builder rfcConfig() {
    return Pop3ServerConfig.builder().hostname("dewey")
        .apopTimestamps(Pop3ServerConfig.standardApopTimestamps("dbc.mtview.ca.us"))
        .limits(Pop3Limits.builder().failedLoginDelay(java.time.Duration.ZERO).build());
  }

  /** The transcript at {@code path} under the module's {@code transcripts/} resources, e.g. {@code pop3/server/…}. */
  static Transcript transcript(String path) {
    return Transcript.resource(Fixtures.class::getResourceAsStream, path);
  }

  /** A handler-driven server over {@code store}, hosted for the testkit. */
  static HostedEngine<Pop3HandlerServer> hosted(MemoryStore store, Pop3ServerConfig config,
      ConnectionSecurity security) {
    ManualTime time = new ManualTime();
    return HostedEngine.of(new Pop3HandlerServer(config, rfcEnvironment(time), peer(security), session -> store),
        EngineHost.none(), time);
  }

  /** {@code engine} with its greeting drained, ready for the first command. */
  static <E extends dev.missive.wire.ProtocolEngine> E greeted(E engine) {
    drain(engine);
    return engine;
  }

  /** Feeds {@code text} whole and returns everything drained afterwards, as text. */
  static String exchange(dev.missive.wire.ProtocolEngine engine, String text) {
    if (!text.isEmpty()) {
      engine.receive(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }
    return drain(engine);
  }

  /** Everything the engine has to send now, as text. */
  static String drain(dev.missive.wire.ProtocolEngine engine) {
    StringBuilder b = new StringBuilder();
    ByteBuffer buf = ByteBuffer.allocate(4096);
    while (engine.hasOutput()) {
      buf.clear();
      engine.drainOutput(buf);
      buf.flip();
      b.append(StandardCharsets.ISO_8859_1.decode(buf));
    }
    return b.toString();
  }
}
