package dev.missive.examples.relay;

import dev.missive.examples.listener.MailListener;
import dev.missive.examples.listener.MailListenerExample;
import dev.missive.smtp.host.SmtpListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-test next hop: an SMTP server engine on the blocking transport that records what it accepts (public for
 * the server's relay tests).
 */
public final class NextHop implements AutoCloseable {

  /** One message as the next hop received it. */
  /** One accepted message. */
  public record Received(String from, List<String> to, String content) {}

  final BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
  final AtomicInteger temporaryFailuresLeft = new AtomicInteger();
  private final SmtpListener server;

  /** Listens on {@code port} (0 for any); refuses recipients whose local part is {@code unknown} with 550. */
  public NextHop(int port) throws IOException {
    server = MailListenerExample.listen(new InetSocketAddress("127.0.0.1", port), new MailListener() {
      @Override
      public boolean accept(String reversePath, String recipient) {
        return !recipient.startsWith("unknown@");
      }

      @Override
      public void deliver(String reversePath, List<String> recipients, byte[] content) throws IOException {
        if (temporaryFailuresLeft.getAndDecrement() > 0) {
          throw new IOException("try again later"); // 451 4.3.0
        }
        inbox.add(new Received(reversePath, recipients, new String(content, StandardCharsets.UTF_8)));
      }
    });
  }

  public int port() {
    return server.port();
  }

  public Received next() throws InterruptedException {
    return inbox.poll(15, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
