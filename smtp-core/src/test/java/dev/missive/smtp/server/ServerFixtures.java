package dev.missive.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.smtp.SmtpExtension;
import dev.missive.testkit.ChunkingCheck;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.ManualTime;
import dev.missive.testkit.Outcome;
import dev.missive.testkit.Side;
import dev.missive.testkit.TestEnvironments;
import dev.missive.testkit.Transcript;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.PeerInfo;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** Shared set-up for the server tests: configurations, transcripts, and a direct byte-level driver. */
final class ServerFixtures {

  private ServerFixtures() {
  }

  /** The configuration of RFC 5321 Appendix D: foo.com, enhanced codes off, SIZE without a fixed maximum. */
  static SmtpServerConfig.Builder appendixD(SmtpExtension... extensions) {
    return SmtpServerConfig.builder().hostname("foo.com").greeting("Simple Mail Transfer Service Ready")
        .enhancedStatusCodes(false).extensions(extensions)
        .limits(SmtpLimits.DEFAULT.withMaxMessageSize(Long.MAX_VALUE));
  }

  static Transcript transcript(String name) {
    InputStream in = ServerFixtures.class.getResourceAsStream("/transcripts/server/" + name);
    assertThat(in).as(name).isNotNull();
    return Transcript.parse(in);
  }

  static PeerInfo peer() {
    return new PeerInfo("[192.0.2.1]", "s1", ConnectionSecurity.PLAINTEXT);
  }

  /** Plays {@code name} whole, byte by byte and at 20 random splits, asserting the same outcome each time. */
  static Outcome playEveryWay(String name, SmtpServerConfig config, Supplier<ScriptedHost> hosts) {
    ChunkingCheck<SmtpServer> check = ChunkingCheck.of(transcript(name), Side.SERVER, () -> {
      ManualTime time = new ManualTime();
      return HostedEngine.of(new SmtpServer(config, TestEnvironments.of(time), peer()), hosts.get(), time);
    });
    return check.assertIndependent(20);
  }

  /** A server driven directly: feed bytes, drain output as text; the host answers nothing by itself. */
  static final class Driver {
    final SmtpServer smtp;
    final ManualTime time = new ManualTime();

    Driver(SmtpServerConfig config) {
      EngineEnvironment env = TestEnvironments.of(time);
      smtp = new SmtpServer(config, env, peer());
    }

    /** A server with {@code config} whose greeting has been drained. */
    static Driver greeted(SmtpServerConfig config) {
      Driver d = new Driver(config);
      d.drain();
      return d;
    }

    /** Drains all output as text. */
    String drain() {
      StringBuilder sb = new StringBuilder();
      ByteBuffer buf = ByteBuffer.allocate(4096);
      while (smtp.hasOutput()) {
        buf.clear();
        smtp.drainOutput(buf);
        buf.flip();
        sb.append(StandardCharsets.UTF_8.decode(buf));
      }
      return sb.toString();
    }

    final java.util.List<SmtpServerEvent> events = new java.util.ArrayList<>();
    /** Every DataChunk's bytes, copied in order. */
    final java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();

    /** Takes every event, accepting each decision; returns this. */
    Driver pump() {
      for (SmtpServerEvent e; (e = smtp.nextEvent()) != null; ) {
        events.add(e);
        if (e instanceof SmtpServerEvent.DataChunk) {
          ByteBuffer b = ((SmtpServerEvent.DataChunk) e).bytes().duplicate();
          while (b.hasRemaining()) {
            content.write(b.get());
          }
        }
        if (e.needsDecision()) {
          smtp.accept();
        }
      }
      return this;
    }

    /** Sends {@code raw} in one call, accepts every decision and returns the drained output. */
    String exchange(String raw) {
      send(raw);
      pump();
      return drain();
    }

    /** Event class names seen so far, in order, DataChunks left out (their number depends on the split). */
    java.util.List<String> eventNames() {
      java.util.List<String> names = new java.util.ArrayList<>();
      for (SmtpServerEvent e : events) {
        if (!(e instanceof SmtpServerEvent.DataChunk)) {
          names.add(e.getClass().getSimpleName());
        }
      }
      return names;
    }

    /** Feeds {@code text} (ISO-8859-1 octets) in one call. */
    void send(String text) {
      smtp.receive(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** Feeds one octet at a time. */
    void sendBytewise(String text) {
      for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) {
        smtp.receive(ByteBuffer.wrap(new byte[] {b}));
      }
    }
  }
}
