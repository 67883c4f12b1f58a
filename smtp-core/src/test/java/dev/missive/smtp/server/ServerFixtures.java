package dev.missive.smtp.server;


import dev.missive.smtp.SmtpExtension;
import dev.missive.testkit.ChunkingCheck;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.ManualTime;
import dev.missive.testkit.Outcome;
import dev.missive.testkit.Side;
import dev.missive.testkit.Transcript;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.PeerInfo;
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
        .limits(SmtpLimits.builder().maxMessageSize(Long.MAX_VALUE).build());
  }

  static Transcript transcript(String name) {
    return Transcript.resource(ServerFixtures.class::getResourceAsStream, "smtp/server/" + name);
  }

  static PeerInfo peer() {
    return peer(ConnectionSecurity.PLAINTEXT);
  }

  static PeerInfo peer(ConnectionSecurity security) {
    return new PeerInfo("[192.0.2.1]", "s1", security);
  }

  /** Plays {@code name} whole, byte by byte and at 20 random splits, asserting the same outcome each time. */
  static Outcome playEveryWay(String name, SmtpServerConfig config, Supplier<ScriptedHost> hosts) {
    ChunkingCheck<SmtpServer> check = ChunkingCheck.of(transcript(name), Side.SERVER, () -> {
      ManualTime time = new ManualTime();
      return HostedEngine.of(new SmtpServer(config, time.environment(), peer()), hosts.get(), time);
    });
    return check.assertIndependent(20);
  }

  /** A server driven directly: feed bytes, drain output as text; the host answers nothing by itself. */
  static final class Driver {
    final SmtpServer smtp;
    final ManualTime time = new ManualTime();

    Driver(SmtpServerConfig config) {
      this(config, ConnectionSecurity.PLAINTEXT);
    }

    Driver(SmtpServerConfig config, ConnectionSecurity security) {
      EngineEnvironment env = time.environment();
      smtp = new SmtpServer(config, env, peer(security));
    }

    /** A server with {@code config} whose greeting has been drained. */
    static Driver greeted(SmtpServerConfig config) {
      return greeted(config, ConnectionSecurity.PLAINTEXT);
    }

    /** A server with {@code config} for a connection of {@code security} whose greeting has been drained. */
    static Driver greeted(SmtpServerConfig config, ConnectionSecurity security) {
      Driver d = new Driver(config, security);
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

    /** Input sent but not yet taken by the engine (it parses the host's buffer in place and stops at events). */
    private ByteBuffer unfed = ByteBuffer.allocate(0);

    /** Takes every event, accepting each decision, and feeds the rest of the input as the engine takes it. */
    Driver pump() {
      do {
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
      } while (feed());
      return this;
    }

    /**
     * Offers the input not yet taken while the engine wants it, as a host does after each event.
     *
     * @return whether the engine took any
     */
    boolean feed() {
      boolean took = false;
      while (unfed.hasRemaining() && !smtp.isClosed() && smtp.wantsInput()) {
        int before = unfed.position();
        smtp.receive(unfed);
        if (unfed.position() == before) {
          break;
        }
        took = true;
      }
      return took;
    }

    /** {@return how many octets sent are still waiting to be fed} */
    int unfed() {
      return unfed.remaining();
    }

    private void append(byte[] more) {
      ByteBuffer joined = ByteBuffer.allocate(unfed.remaining() + more.length);
      joined.put(unfed).put(more).flip();
      unfed = joined;
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

    /** Sends {@code text} (ISO-8859-1 octets) in one piece and feeds as much as the engine takes now. */
    void send(String text) {
      if (smtp.isClosed()) {
        smtp.receive(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1))); // throws, as a host would see
      }
      append(text.getBytes(StandardCharsets.ISO_8859_1));
      feed();
    }

    /** Sends {@code length} octets of {@code bytes} from {@code offset} in one piece, feeding what the engine takes. */
    void send(byte[] bytes, int offset, int length) {
      append(java.util.Arrays.copyOfRange(bytes, offset, offset + length));
      feed();
    }

    /** Sends one octet at a time, each offered in a call of its own. */
    void sendBytewise(String text) {
      for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) {
        append(new byte[] {b});
        feed();
      }
    }
  }
}
