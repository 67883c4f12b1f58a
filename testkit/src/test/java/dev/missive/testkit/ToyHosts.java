package dev.missive.testkit;

import dev.missive.testkit.internal.Escapes;
import java.io.ByteArrayOutputStream;

/** Hosts for the toy engines that log only what must not depend on how input was split. */
final class ToyHosts {

  private ToyHosts() {}

  /** A fresh server host: answers DECIDE with {@code accept}, logs decisions, whole messages and TLS. */
  static EngineHost<ToyServer> server(boolean accept) {
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    return (server, log) -> {
      for (ToyServer.Event e; (e = server.nextEvent()) != null; ) {
        if (e instanceof ToyServer.Decide d) {
          log.add("decide " + d.what());
          server.decide(accept);
        } else if (e instanceof ToyServer.DataChunk c) {
          message.writeBytes(c.bytes());
        } else if (e instanceof ToyServer.DataEnd end) {
          log.add("message " + end.length() + " \"" + Escapes.show(message.toByteArray()) + "\""
              + (end.bareLineEnding() ? " bare" : ""));
          message.reset();
        } else if (e instanceof ToyServer.TlsUp t) {
          log.add("tls " + t.info().protocol());
        }
      }
    };
  }

  /** A client host that logs every reply line. */
  static EngineHost<ToyClient> client() {
    return (client, log) -> {
      for (String r; (r = client.nextReply()) != null; ) {
        log.add(r);
      }
    };
  }
}
