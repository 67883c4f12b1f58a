package dev.missive.smtp.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.message.address.ForwardPath;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.RcptParameters;
import dev.missive.smtp.Recipient;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.server.MessageSink;
import dev.missive.smtp.server.SmtpDecision;
import dev.missive.smtp.server.SmtpHandler;
import dev.missive.smtp.server.SmtpLimits;
import dev.missive.smtp.server.SmtpServerConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sender honours the server's LIMITS (RFC 9422) against the library's own listener over loopback: more
 * recipients than RCPTMAX go as several transactions of the same message, MAILMAX ends a session and the rest goes on
 * a new connection, RCPTDOMAINMAX groups recipients by domain; every recipient is delivered exactly once and keeps
 * its own outcome (a recipient refused at RCPT stays refused, RFC 5321 §4.1.1.3).
 */
@Timeout(60)
class SenderLimitsTest {

  private static final byte[] MESSAGE = "Subject: many\r\n\r\nto all of you\r\n".getBytes(StandardCharsets.US_ASCII);

  /** One accepted transaction: the session (by its handler) and its recipients. */
  private record Transaction(int session, List<String> recipients) {}

  private final List<Transaction> transactions = new CopyOnWriteArrayList<>();
  private final AtomicInteger sessions = new AtomicInteger();
  private SmtpListener listener;

  @AfterEach
  void stop() throws IOException {
    if (listener != null) {
      listener.close();
    }
  }

  /** A listener announcing {@code LIMITS} with these bounds; recipients whose local part starts "no" get 550. */
  private SmtpSender server(int rcptMax, int mailMax) throws IOException {
    return server(rcptMax, mailMax, Integer.MAX_VALUE);
  }

  /** As {@link #server(int, int)}, also announcing and enforcing {@code RCPTDOMAINMAX} (RFC 9422 §4.3). */
  private SmtpSender server(int rcptMax, int mailMax, int domainMax) throws IOException {
    SmtpServerConfig config = SmtpServerConfig.defaults("localhost").toBuilder()
        .extensions(SmtpExtension.PIPELINING, SmtpExtension.ENHANCED_STATUS_CODES, SmtpExtension.LIMITS)
        .limits(SmtpLimits.builder().maxRecipients(rcptMax).maxTransactions(mailMax).maxRecipientDomains(domainMax)
            .build()).build();
    listener = SmtpListener.builder("localhost", session -> {
      int id = sessions.incrementAndGet();
      return new SmtpHandler() {
        @Override
        public SmtpDecision rcptTo(ForwardPath to, RcptParameters parameters) {
          return to.toString().startsWith("<no") ? SmtpDecision.reject(Reply.of(550, "5.1.1", "No such user"))
              : SmtpDecision.accept();
        }

        @Override
        public MessageSink data(Envelope envelope, dev.missive.smtp.ReceivedField trace) {
          return MessageSink.collecting((info, bytes) -> {
            transactions.add(new Transaction(id, envelope.recipients().stream()
                .map(r -> r.forwardPath().toString()).toList()));
            return SmtpDecision.accept();
          });
        }
      };
    }).config(config).port(0).start();
    return SmtpSender.smarthost("localhost").port(listener.port()).insecurePlaintext().build();
  }

  private static Envelope envelope(List<String> recipients) {
    Envelope e = Envelope.of("sender@example.org", recipients.get(0));
    return new Envelope(e.reversePath(), e.parameters(), recipients.stream().map(Recipient::of).toList());
  }

  private static List<String> recipients(int n) {
    return IntStream.range(0, n).mapToObj(i -> (i % 50 == 7 ? "nobody" : "user") + i + "@example.net").toList();
  }

  @Test
  void twoHundredFiftyRecipientsOverRcptMaxHundredAreThreeTransactions() throws Exception {
    List<String> to = recipients(250);
    SendResult result = server(100, Integer.MAX_VALUE).send(envelope(to), MessageContent.of(MESSAGE));
    assertThat(transactions).extracting(t -> t.recipients().size()).containsExactly(98, 98, 49);
    assertThat(transactions).extracting(Transaction::session).containsOnly(1);
    assertEveryRecipientOnce(to, result);
  }

  @Test
  void mailMaxOpensANewConnectionForTheRest() throws Exception {
    List<String> to = recipients(250);
    SendResult result = server(100, 2).send(envelope(to), MessageContent.of(MESSAGE));
    assertThat(transactions).extracting(Transaction::session).containsExactly(1, 1, 2);
    assertThat(sessions).hasValue(2);
    assertEveryRecipientOnce(to, result);
  }

  /**
   * RFC 9422 §4.3: the listener takes at most two recipient domains per session, so recipients of five domains go
   * in three sessions (two domains, two, one), grouped by domain, each recipient once.
   */
  @Test
  void rcptDomainMaxOpensANewConnectionForFurtherDomains() throws Exception {
    List<String> to = IntStream.range(0, 40).mapToObj(i -> (i % 13 == 7 ? "nobody" : "user") + i + "@d" + (i % 5)
        + ".example").toList();
    SendResult result = server(100, Integer.MAX_VALUE, 2).send(envelope(to), MessageContent.of(MESSAGE));
    assertThat(transactions).extracting(Transaction::session).containsExactly(1, 2, 3);
    assertThat(transactions).extracting(t -> t.recipients().stream().map(r -> r.substring(r.indexOf('@')))
        .distinct().toList()).containsExactly(List.of("@d0.example>", "@d1.example>"),
            List.of("@d2.example>", "@d3.example>"), List.of("@d4.example>"));
    assertThat(result.recipients()).extracting(r -> r.recipient().forwardPath().toString())
        .containsExactlyElementsOf(to.stream().map(a -> "<" + a + ">").toList());
    assertThat(result.recipients()).allSatisfy(r -> assertThat(r.status()).isEqualTo(
        r.recipient().forwardPath().toString().startsWith("<no") ? DeliveryStatus.PERMANENT_FAILURE
            : DeliveryStatus.DELIVERED));
  }

  @Test
  void anOpenConnectionReportsWhatMailMaxLeftUnsent() throws Exception {
    List<String> to = recipients(250);
    SendResult result;
    try (SenderConnection c = server(100, 2).connect()) {
      result = c.send(envelope(to), MessageContent.of(MESSAGE));
    }
    assertThat(transactions).hasSize(2);
    assertThat(result.recipients()).hasSize(250);
    assertThat(result.recipients().subList(200, 250)).allSatisfy(r -> {
      assertThat(r.status()).isEqualTo(DeliveryStatus.TEMPORARY_FAILURE);
      assertThat(r.detail()).contains("MAILMAX=2");
    });
    assertThat(result.recipients().subList(0, 200).stream().filter(RecipientResult::delivered)).hasSize(196);
  }

  @Test
  void aStreamThatWouldNeedSeveralTransactionsIsRefusedBeforeAnythingIsSent() throws Exception {
    SmtpSender sender = server(100, Integer.MAX_VALUE);
    MessageContent stream = MessageContent.of(new ByteArrayInputStream(MESSAGE), MESSAGE.length,
        dev.missive.smtp.BodyType.SEVEN_BIT, false);
    assertThatThrownBy(() -> sender.send(envelope(recipients(101)), stream))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RCPTMAX=100");
    assertThat(transactions).isEmpty();
  }

  private void assertEveryRecipientOnce(List<String> to, SendResult result) {
    assertThat(result.recipients()).extracting(r -> r.recipient().forwardPath().toString())
        .containsExactlyElementsOf(to.stream().map(a -> "<" + a + ">").toList());
    Map<String, Integer> seen = new ConcurrentHashMap<>();
    transactions.forEach(t -> t.recipients().forEach(r -> seen.merge(r, 1, Integer::sum)));
    List<String> delivered = new ArrayList<>();
    for (RecipientResult r : result.recipients()) {
      String address = r.recipient().forwardPath().toString();
      if (address.startsWith("<no")) {
        assertThat(r.status()).as(address).isEqualTo(DeliveryStatus.PERMANENT_FAILURE);
        assertThat(r.reply().orElseThrow().code()).isEqualTo(550);
        assertThat(seen).doesNotContainKey(address);
      } else {
        assertThat(r.delivered()).as(r.toString()).isTrue();
        delivered.add(address);
      }
    }
    assertThat(seen.values()).containsOnly(1);
    assertThat(new ArrayList<>(seen.keySet())).containsExactlyInAnyOrderElementsOf(delivered);
    assertThat(Collections.frequency(result.recipients().stream().map(RecipientResult::delivered).toList(), true))
        .isEqualTo(245);
  }
}
