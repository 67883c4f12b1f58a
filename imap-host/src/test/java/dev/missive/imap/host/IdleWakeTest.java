package dev.missive.imap.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.store.InMemoryMailStore;
import dev.missive.testkit.LineClient;
import dev.missive.testkit.ManualTime;
import dev.missive.transport.Transport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A delivery wakes an idling session at once on both transports (RFC 9051 §6.3.13, RFC 2177 §3): the transports give
 * {@code ImapHandlerServer} its wake-up ({@code WakeableEngine}), so the report goes out without the engine's IDLE
 * poll. The engines run on a manual clock that never moves, so that poll never comes: every EXISTS here was brought
 * by a wake-up. Deliveries from several threads at once lose none (the last EXISTS counts them all).
 */
@Timeout(60)
class IdleWakeTest {

  private static final byte[] MESSAGE = "Subject: hi\r\n\r\nwake up\r\n".getBytes(StandardCharsets.US_ASCII);

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aDeliveryReachesTheIdlingClientWithoutAPoll(Transport transport) throws Exception {
    InMemoryMailStore store = new InMemoryMailStore();
    store.addUser("alice", "secret");
    try (ImapListener imap = ImapListener.builder(store).port(0).trustLoopback(true).transport(transport)
        .environment(new ManualTime().environment()).start();
         LineClient c = LineClient.connect(imap.port())) {
      assertThat(c.line()).startsWith("* OK");
      assertThat(c.tagged("a LOGIN alice secret")).startsWith("a OK");
      assertThat(c.tagged("e ENABLE IMAP4rev2")).startsWith("e OK");
      assertThat(c.tagged("s SELECT INBOX")).startsWith("s OK");
      c.write("i IDLE");
      assertThat(c.line()).startsWith("+ ");

      long start = System.nanoTime();
      store.deliver("alice", "INBOX", MESSAGE);
      assertThat(c.line()).isEqualTo("* 1 EXISTS");
      long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
      System.out.printf("IdleWakeTest %s: delivery to EXISTS %d us%n", transport, micros); // a record, no assertion

      int threads = 4;
      int each = 50;
      List<Thread> senders = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Thread sender = new Thread(() -> {
          for (int i = 0; i < each; i++) {
            store.deliver("alice", "INBOX", MESSAGE);
          }
        });
        senders.add(sender);
        sender.start();
      }
      String last = "";
      String expected = "* " + (1 + threads * each) + " EXISTS";
      while (!last.equals(expected)) {
        last = c.line();
        assertThat(last).matches("\\* \\d+ EXISTS");
      }
      for (Thread sender : senders) {
        sender.join();
      }
      c.write("DONE");
      assertThat(c.line()).startsWith("i OK");
      c.write("n NOOP");
      assertThat(c.line()).isEqualTo("n OK NOOP completed"); // nothing was left behind after the last wake-up
    }
  }
}
