package dev.missive.examples.listener;

import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.transport.BlockingServer;
import dev.missive.transport.EngineSession;
import dev.missive.transport.TransportOptions;
import dev.missive.wire.EngineEnvironment;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Teaches how an application receives mail on a port with one callback (the SubEthaSMTP use case): an SMTP server
 * handler engine (RFC 5321) per connection on the library's blocking transport ({@code dev.missive.transport}), its
 * calls turned into {@link MailListener} calls by {@link ListenerHandler}.
 *
 * <pre>{@code
 * try (BlockingServer server = MailListenerExample.listen(new InetSocketAddress("127.0.0.1", 2525),
 *     (from, to, content) -> System.out.println(from + " -> " + to + ": " + content.length + " bytes"))) {
 *   Thread.currentThread().join();
 * }
 * }</pre>
 *
 * <p>No TLS and no AUTH here: add {@code tlsAvailable(true)} and an {@code SSLContext} to offer STARTTLS
 * (RFC 3207), as {@code MissiveServer} does.
 */
public final class MailListenerExample {

  private MailListenerExample() {}

  /** Starts listening on {@code address}; every accepted message goes to {@code listener}. */
  public static BlockingServer listen(InetSocketAddress address, MailListener listener) throws IOException {
    SmtpServerConfig config = SmtpServerConfig.defaults("localhost");
    return BlockingServer.builder("listener", connection -> EngineSession.of(
            ListenerHandler.engine(config, EngineEnvironment.system(), connection.peer(false), listener)))
        .bind(address)
        .options(TransportOptions.defaults().withMaxConnections(64, 64))
        .start();
  }

  /** Runs a listener on port 2525 (or the first argument) that prints a line for every message. */
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 2525;
    try (BlockingServer server = listen(new InetSocketAddress("127.0.0.1", port), (from, to, content) ->
        System.out.println("mail from <" + from + "> to " + to + ":\n"
            + new String(content, StandardCharsets.UTF_8)))) {
      Thread.currentThread().join();
    }
  }
}
