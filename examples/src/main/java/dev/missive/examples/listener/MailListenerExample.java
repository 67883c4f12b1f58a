package dev.missive.examples.listener;

import dev.missive.smtp.host.SmtpListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Teaches how an application receives mail on a port with one callback (the SubEthaSMTP use case): an SMTP server
 * handler engine (RFC 5321) per connection, run by the library's {@link SmtpListener} ({@code smtp-host}) on the
 * blocking transport, its calls turned into {@link MailListener} calls by {@link ListenerHandler}.
 *
 * <pre>{@code
 * try (SmtpListener server = MailListenerExample.listen(new InetSocketAddress("127.0.0.1", 2525),
 *     (from, to, content) -> System.out.println(from + " -> " + to + ": " + content.length + " bytes"))) {
 *   Thread.currentThread().join();
 * }
 * }</pre>
 *
 * <p>No TLS and no AUTH here: add {@code .tls(TlsSettings.of(sslContext))} to the builder to offer STARTTLS
 * (RFC 3207).
 */
public final class MailListenerExample {

  private MailListenerExample() {}

  /** Starts listening on {@code address}; every accepted message goes to {@code listener}. */
  public static SmtpListener listen(InetSocketAddress address, MailListener listener) throws IOException {
    return SmtpListener.builder("localhost", session -> new ListenerHandler(session, listener))
        .address(address.getAddress())
        .port(address.getPort())
        .maxConnections(64, 64)
        .start();
  }

  /** Runs a listener on port 2525 (or the first argument) that prints a line for every message. */
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 2525;
    try (SmtpListener server = listen(new InetSocketAddress("127.0.0.1", port), (from, to, content) ->
        System.out.println("mail from <" + from + "> to " + to + ":\n"
            + new String(content, StandardCharsets.UTF_8)))) {
      Thread.currentThread().join();
    }
  }
}
