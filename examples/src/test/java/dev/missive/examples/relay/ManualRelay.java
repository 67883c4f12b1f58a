package dev.missive.examples.relay;

import dev.missive.smtp.Envelope;
import dev.missive.smtp.Recipient;
import dev.missive.smtp.Reply;
import dev.missive.smtp.host.DeliveryStatus;
import dev.missive.smtp.host.MessageContent;
import dev.missive.smtp.host.RecipientResult;
import dev.missive.smtp.host.SendResult;
import dev.missive.testkit.ManualTime;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A relayer on a manual clock with an in-memory next hop, for tests that move time by hand and run one pass at a
 * time ({@link SmarthostRelayer#pass()}): no thread, no sleep, no socket.
 */
final class ManualRelay {

  /** Retries after 10 minutes, doubling up to an hour. */
  static final RetrySchedule RETRY = new RetrySchedule(Duration.ofMinutes(10), Duration.ofHours(1));

  /** One message as the next hop got it. */
  record Sent(Envelope envelope, String content) {
    String from() {
      return envelope.reversePath().mailbox().map(Object::toString).orElse("");
    }

    List<String> to() {
      return envelope.recipients().stream().map(r -> r.forwardPath().mailbox().orElseThrow().toString()).toList();
    }
  }

  final ManualTime time = new ManualTime();
  final List<Sent> sent = new ArrayList<>();
  final Path dir;
  final RelaySpool spool;
  final SmarthostRelayer relayer;
  /** What the next hop answers for each recipient; delivers everything unless changed. */
  Function<Recipient, Reply> answer = r -> Reply.of(250, "2.0.0", "OK");
  /** Called after each message the next hop takes (a test's way to act in the middle of a pass). */
  Runnable afterEach = () -> { };
  /** Whether the next hop offers DSN (RFC 3461); when it does not, the relay reports "relayed" itself. */
  boolean nextHopOffersDsn = true;

  ManualRelay(Path dir, RelayPolicy policy) throws IOException {
    this.dir = dir;
    this.spool = new RelaySpool(dir, () -> { }, time.clock());
    this.relayer = new SmarthostRelayer(spool, "next.example", this::send, "relay.example", RETRY,
        Optional.empty(), policy, time.clock());
  }

  private NextHopDelivery.Handover send(Envelope envelope, MessageContent content) throws IOException {
    String text;
    try (InputStream in = open(content)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<RecipientResult> results = new ArrayList<>();
    boolean any = false;
    for (Recipient r : envelope.recipients()) {
      Reply reply = answer.apply(r);
      DeliveryStatus status = reply.isPositiveCompletion() ? DeliveryStatus.DELIVERED
          : reply.isPermanentFailure() ? DeliveryStatus.PERMANENT_FAILURE : DeliveryStatus.TEMPORARY_FAILURE;
      any |= status == DeliveryStatus.DELIVERED;
      results.add(new RecipientResult(r, status, Optional.of(reply), Optional.of("next.example"),
          reply.code() + " " + reply.text()));
    }
    if (any) {
      sent.add(new Sent(envelope, text));
    }
    afterEach.run();
    return new NextHopDelivery.Handover(new SendResult(results), !nextHopOffersDsn);
  }

  /** Reads a content's octets through its package-private {@code open()}, as the sender would. */
  private static InputStream open(MessageContent content) throws IOException {
    try {
      Method open = MessageContent.class.getDeclaredMethod("open");
      open.setAccessible(true);
      return (InputStream) open.invoke(content);
    } catch (ReflectiveOperationException e) {
      throw new IOException(e);
    }
  }

  /** Queues a message as the SMTP side would after its 250. */
  void accept(RelayEnvelope envelope, String message) throws IOException {
    spool.enqueue(envelope, message.getBytes(StandardCharsets.UTF_8));
  }

  /** A plain envelope from alice to {@code to}, arrived now. */
  RelayEnvelope envelope(String... to) {
    return RelayEnvelope.of("alice@example.org", List.of(to), time.instant());
  }

  Instant pass() throws IOException {
    return relayer.pass();
  }

  void advance(Duration d) {
    time.advance(d);
  }

  /** {@return the messages the next hop got with the null reverse path: the reports} */
  List<Sent> reports() {
    return sent.stream().filter(s -> s.from().isEmpty()).toList();
  }

  /** {@return the messages the next hop got that are not reports} */
  List<Sent> messages() {
    return sent.stream().filter(s -> !s.from().isEmpty()).toList();
  }

  long queued() throws IOException {
    return spool.queued().size();
  }

  long failed() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("failed"))) {
      return files.filter(p -> p.toString().endsWith(".env")).count();
    }
  }
}
