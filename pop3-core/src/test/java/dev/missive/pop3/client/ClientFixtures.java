package dev.missive.pop3.client;

import dev.missive.testkit.EngineHost;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.ManualTime;
import dev.missive.testkit.Transcript;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.TlsPolicy;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Consumer;

/** Shared set-up for the client engine's tests: transcripts, a recording host, and raw feeding helpers. */
final class ClientFixtures {

  /** Events a {@link #feed} took so that the engine would go on, per client, until {@link #events} returns them. */
  private static final Map<Pop3Client, List<Pop3ClientEvent>> TAKEN = new WeakHashMap<>();

  private ClientFixtures() {
  }

  /** The client of a test session with the server, connected as {@code security} says. */
  static PeerInfo peer(ConnectionSecurity security) {
    return new PeerInfo("[192.0.2.1]", "pop3-test", security);
  }

  /** A transcript under {@code transcripts/}, such as {@code pop3/client/login-failed.txt}. */
  static Transcript transcript(String name) {
    return Transcript.resource(ClientFixtures.class::getResourceAsStream, name);
  }

  /** USER/PASS without TLS or CAPA: the RFC 1939 sessions as written. */
  static Pop3ClientConfig.Builder rfc1939(Pop3Login login) {
    return Pop3ClientConfig.builder().login(login).tlsPolicy(TlsPolicy.NONE).askCapabilities(false);
  }

  /**
   * A host that logs every event by its {@code toString()}, except that message chunks are gathered and logged
   * once, with the whole content, at {@code MessageEnd} (so logs do not depend on how input was split).
   */
  static EngineHost<Pop3Client> recordingHost() {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    return (client, log) -> {
      for (Pop3ClientEvent e; (e = client.nextEvent()) != null; ) {
        if (e instanceof Pop3ClientEvent.MessageChunk c) {
          ByteBuffer b = c.content();
          byte[] bytes = new byte[b.remaining()];
          b.get(bytes);
          content.writeBytes(bytes);
        } else if (e instanceof Pop3ClientEvent.MessageEnd m) {
          log.add(m + " content=" + content.toString(StandardCharsets.UTF_8));
          content.reset();
        } else {
          log.add(e);
        }
      }
    };
  }

  /** A client on a fresh manual time, with {@code commands} queued before the greeting, and a recording host. */
  static HostedEngine<Pop3Client> hosted(Pop3ClientConfig config, Consumer<Pop3Client> commands) {
    ManualTime time = new ManualTime();
    Pop3Client client = new Pop3Client(config, time.environment());
    commands.accept(client);
    return HostedEngine.of(client, recordingHost(), time);
  }

  /**
   * Feeds {@code text} (UTF-8) as a host does: the engine stops at each event it queues, so the events are taken
   * (kept for {@link #events(Pop3Client)}) and the rest is offered again while the engine wants input; what it never
   * takes (a pause for TLS, a closed session) is dropped, as a host drops it. The buffer is never reused, so message
   * chunks stay valid.
   */
  static void feed(Pop3Client client, String text) {
    ByteBuffer in = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    client.receive(in);
    while (in.hasRemaining() && !client.isClosed()) {
      take(client);
      if (!client.wantsInput()) {
        break;
      }
      client.receive(in);
    }
  }

  private static void take(Pop3Client client) {
    List<Pop3ClientEvent> list = TAKEN.computeIfAbsent(client, c -> new ArrayList<>());
    for (Pop3ClientEvent e; (e = client.nextEvent()) != null; ) {
      list.add(e);
    }
  }

  /** Feeds {@code serverText} whole, takes (and drops) the events, and returns what the engine sends next. */
  static String answer(Pop3Client client, String serverText) {
    feed(client, serverText);
    events(client);
    return drain(client);
  }

  /** Everything the engine has to send now, as text (ISO-8859-1, so each octet shows as one char). */
  static String drain(Pop3Client client) {
    StringBuilder b = new StringBuilder();
    ByteBuffer buf = ByteBuffer.allocate(4096);
    while (client.hasOutput()) {
      buf.clear();
      client.drainOutput(buf);
      buf.flip();
      b.append(StandardCharsets.ISO_8859_1.decode(buf));
    }
    return b.toString();
  }

  /** Takes every pending event, with those a {@link #feed} took before. */
  static List<Pop3ClientEvent> events(Pop3Client client) {
    take(client);
    List<Pop3ClientEvent> list = TAKEN.remove(client);
    return list == null ? new ArrayList<>() : list;
  }
}
