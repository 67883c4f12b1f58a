package dev.missive.pop3.pop2;

import dev.missive.pop3.Password;
import dev.missive.testkit.EngineHost;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BiConsumer;

/** Shared set-up of the POP2 tests. */
final class Pop2Fixtures {

  private Pop2Fixtures() {
  }

  static final Pop2Limits NO_DELAY = Pop2Limits.builder().failedLoginDelay(Duration.ZERO).build();

  static PeerInfo peer(ConnectionSecurity security) {
    return new PeerInfo("[127.0.0.1]", "pop2-test", security);
  }

  /** A handler server over {@code folders} for host {@code hostname}, on a trusted connection. */
  static HostedEngine<Pop2HandlerServer> server(MemoryFolders folders, String hostname, Pop2Limits limits) {
    ManualTime time = new ManualTime();
    return HostedEngine.of(new Pop2HandlerServer(new Pop2ServerConfig(hostname, limits),
        time.environment(1), peer(ConnectionSecurity.TRUSTED), folders), EngineHost.none(), time);
  }

  /** A client logging in as {@code user}, whose host answers each event with {@code script}. */
  static HostedEngine<Pop2Client> client(String user, String password,
      BiConsumer<Pop2Client, Pop2ClientEvent> script) {
    ManualTime time = new ManualTime();
    Pop2Client client = new Pop2Client(Pop2ClientConfig.of(user, Password.of(password)),
        time.environment(2), peer(ConnectionSecurity.TRUSTED));
    StringBuilder content = new StringBuilder();
    EngineHost<Pop2Client> host = (c, log) -> {
      for (Pop2ClientEvent e; (e = c.nextEvent()) != null; ) {
        if (e instanceof Pop2ClientEvent.MessageChunk m) {
          content.append(StandardCharsets.ISO_8859_1.decode(m.content().duplicate()));
          continue; // chunks depend on the feeding; their sum, logged at the end, does not
        }
        if (e instanceof Pop2ClientEvent.MessageEnd end) {
          log.add("content " + end.messageNumber() + " " + content);
          content.setLength(0);
        }
        log.add(e);
        script.accept(c, e);
      }
    };
    return HostedEngine.of(client, host, time);
  }

  /** Feeds {@code text} whole and returns everything drained afterwards. */
  static String exchange(ProtocolEngine engine, String text) {
    if (!text.isEmpty()) {
      engine.receive(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)));
    }
    return drain(engine);
  }

  /** Everything the engine has to send now. */
  static String drain(ProtocolEngine engine) {
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
