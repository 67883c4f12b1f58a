package dev.missive.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.smtp.Envelope;
import dev.missive.smtp.Recipient;
import dev.missive.smtp.Reply;
import dev.missive.smtp.client.SmtpClientEvent.Closed;
import dev.missive.smtp.client.SmtpClientEvent.DataReady;
import dev.missive.smtp.client.SmtpClientEvent.Failed;
import dev.missive.smtp.client.SmtpClientEvent.Outcome;
import dev.missive.smtp.client.SmtpClientEvent.Ready;
import dev.missive.smtp.client.SmtpClientEvent.TransactionResult;
import dev.missive.smtp.server.SmtpServer;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.smtp.server.SmtpServerEvent;
import dev.missive.testkit.EngineHost;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.InMemoryPair;
import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamChange;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.TlsPolicy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which reply answers which command when a BDAT chunk is refused (RFC 3030 §2) under PIPELINING (RFC 2920 §3.1)
 * and LMTP (RFC 2033 §4.2): the client must never count on replies the server does not owe it, or a later reply
 * is taken as the answer to another command. The first test is the server input of issue 12 item 2, which made
 * {@code receive} throw a {@code NullPointerException}.
 */
class ReplyAccountingTest {

  private static final String CONTENT = "Subject: x\r\n\r\nhi\r\n"; // 18 octets

  private static Wire lmtpReadyForContent() {
    Wire w = new Wire(SmtpClientConfig.builder().ehloName("client.example").tlsPolicy(TlsPolicy.NONE).lmtp(true)
        .build());
    w.client.send(Envelope.of("a@b", "c@d", "e@f"));
    w.server("220 x\r\n250-x\r\n250-PIPELINING\r\n250 CHUNKING\r\n250 ok\r\n250 ok\r\n250 ok\r\n");
    assertThat(w.output()).isEqualTo("LHLO client.example\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nRCPT TO:<e@f>\r\n");
    assertThat(w.events(DataReady.class)).containsExactly(new DataReady(true));
    w.client.writeContent(ByteBuffer.wrap(CONTENT.getBytes(StandardCharsets.US_ASCII)));
    w.client.endContent();
    return w;
  }

  /**
   * An LMTP server that refuses every recipient and still answers the pipelined DATA with 354 owes no reply after
   * the client's lone dot (RFC 2033 §4.2): the client must not wait for one until the data timeout. The
   * transaction ends refused at once and the session with QUIT, whatever the server sends next.
   */
  @ParameterizedTest
  @ValueSource(strings = {"221 bye\r\n", "250 ok\r\n221 bye\r\n"})
  void lmtp354WithoutAnAcceptedRecipientDoesNotWaitForTheDataTimeout(String afterTheDot) {
    Wire w = new Wire(SmtpClientConfig.builder().ehloName("client.example").tlsPolicy(TlsPolicy.NONE).lmtp(true)
        .chunking(false).build());
    w.client.send(Envelope.of("a@b", "c@d", "e@f"));
    w.server("220 x\r\n250-x\r\n250 PIPELINING\r\n250 ok\r\n550 no\r\n550 no\r\n354 go\r\n");
    assertThat(w.output()).isEqualTo("LHLO client.example\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nRCPT TO:<e@f>\r\n"
        + "DATA\r\n.\r\nQUIT\r\n");
    List<SmtpClientEvent> events = w.events();
    assertThat(events).filteredOn(TransactionResult.class::isInstance).map(TransactionResult.class::cast)
        .singleElement().satisfies(t -> {
          assertThat(t.outcome()).isEqualTo(Outcome.REJECTED);
          assertThat(t.reason()).contains("no recipient");
        });
    assertThat(events).filteredOn(Failed.class::isInstance).map(Failed.class::cast).singleElement()
        .satisfies(f -> assertThat(f.reason()).contains("RFC 2033"));
    assertThat(w.client.state()).isEqualTo(SmtpClientState.QUIT);
    w.server(afterTheDot);
    assertThat(w.client.isClosed()).isTrue();
  }

  /**
   * The issue's input. BDAT LAST now waits for the chunk's reply under LMTP, so after the 554 nothing more is sent
   * and the two 250s that followed answer no command: a protocol error that ends the session, never an exception
   * and never an accepted message.
   */
  @ParameterizedTest
  @ValueSource(strings = {"554 no\r\n250 ok\r\n250 ok\r\n", "554 no\r\n554 no\r\n554 no\r\n"})
  void theIssuesServerInputThrowsNothing(String replies) {
    Wire w = lmtpReadyForContent();
    assertThat(w.output()).isEqualTo("BDAT 18\r\n" + CONTENT);
    assertThatCode(() -> w.server(replies)).doesNotThrowAnyException();
    List<SmtpClientEvent> events = w.events();
    assertThat(events).filteredOn(TransactionResult.class::isInstance).map(TransactionResult.class::cast)
        .singleElement().satisfies(t -> {
          assertThat(t.outcome()).isEqualTo(Outcome.REJECTED);
          assertThat(t.reply()).map(Reply::code).contains(554);
        });
    assertThat(events).filteredOn(Failed.class::isInstance).map(Failed.class::cast).singleElement()
        .satisfies(f -> assertThat(f.reason()).contains("unexpected reply"));
    assertThat(w.client.isClosed()).isTrue();
  }

  @Test
  void lmtpRefusedChunkEndsTheTransactionWithoutLastAndTheNextCommandsGetTheirOwnReplies() {
    Wire w = lmtpReadyForContent();
    w.output();
    w.server("554 5.3.4 no\r\n");
    assertThat(w.output()).isEmpty(); // RFC 3030 §2: no further BDAT after a refused chunk
    assertThat(w.events(TransactionResult.class)).singleElement()
        .satisfies(t -> assertThat(t.outcome()).isEqualTo(Outcome.REJECTED));
    w.client.send(Envelope.of("a@b", "c@d"));
    assertThat(w.output()).isEqualTo("RSET\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\n");
    w.server("250 reset\r\n250 sender\r\n250 recipient\r\n");
    assertThat(w.events(DataReady.class)).hasSize(1);
    w.client.writeContent(ByteBuffer.wrap(CONTENT.getBytes(StandardCharsets.US_ASCII)));
    w.client.endContent();
    assertThat(w.output()).isEqualTo("BDAT 18\r\n" + CONTENT);
    w.server("250 chunk\r\n");
    assertThat(w.output()).isEqualTo("BDAT 0 LAST\r\n");
    w.server("250 delivered to c@d\r\n");
    assertThat(w.events(TransactionResult.class)).singleElement().satisfies(t -> {
      assertThat(t.outcome()).isEqualTo(Outcome.ACCEPTED);
      assertThat(t.deliveries()).extracting(d -> d.reply().lines().get(0)).containsExactly("delivered to c@d");
    });
    w.client.quit();
    assertThat(w.output()).isEqualTo("QUIT\r\n");
    w.server("221 bye\r\n");
    assertThat(w.events()).containsExactly(new Closed());
  }

  @Test
  void lmtpLastAfterAcceptedChunksTakesOneReplyPerAcceptedRecipient() {
    Wire w = lmtpReadyForContent();
    w.output();
    w.server("250 chunk\r\n");
    assertThat(w.output()).isEqualTo("BDAT 0 LAST\r\n");
    w.server("250 c@d ok\r\n452 4.2.2 e@f full\r\n");
    assertThat(w.events(TransactionResult.class)).singleElement().satisfies(t -> {
      assertThat(t.outcome()).isEqualTo(Outcome.ACCEPTED);
      assertThat(t.deliveredTo()).extracting(Wire::mailbox).containsExactly("c@d");
    });
    w.client.quit();
    assertThat(w.output()).isEqualTo("QUIT\r\n");
    w.server("221 bye\r\n");
    assertThat(w.events()).containsExactly(new Closed());
  }

  /** Under SMTP, BDAT LAST goes with the chunks and gets one reply whatever befell them (RFC 3030 §2). */
  @Test
  void smtpPipelinedLastAfterARefusedChunkGetsOneReplyAndRsetItsOwn() {
    Wire w = new Wire(SmtpClientConfig.builder().ehloName("client.example").tlsPolicy(TlsPolicy.NONE).build());
    w.greet("PIPELINING", "CHUNKING");
    w.output();
    w.client.send(Envelope.of("a@b", "c@d", "e@f"));
    w.server("250 ok\r\n250 ok\r\n250 ok\r\n");
    w.output();
    w.client.writeContent(ByteBuffer.wrap(CONTENT.getBytes(StandardCharsets.US_ASCII)));
    w.client.endContent();
    assertThat(w.output()).isEqualTo("BDAT 18\r\n" + CONTENT + "BDAT 0 LAST\r\n");
    w.server("554 5.3.4 no\r\n554 5.5.1 discarded\r\n");
    assertThat(w.events(TransactionResult.class)).singleElement().satisfies(t -> {
      assertThat(t.outcome()).isEqualTo(Outcome.REJECTED);
      assertThat(t.reply()).map(r -> r.lines().get(0)).contains("no");
    });
    w.client.send(Envelope.of("a@b", "c@d"));
    assertThat(w.output()).isEqualTo("RSET\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\n");
    w.server("250 reset\r\n250 sender\r\n550 no such user\r\n");
    assertThat(w.events(TransactionResult.class)).singleElement().satisfies(t -> {
      assertThat(t.outcome()).isEqualTo(Outcome.REJECTED);
      assertThat(t.recipients()).extracting(r -> r.reply().code()).containsExactly(550);
    });
    assertThat(w.client.state()).isEqualTo(SmtpClientState.READY);
  }

  /**
   * RFC 3030 §2 under PIPELINING: the chunks already in flight after a refused one get their replies, then the
   * transaction ends without LAST, during {@code receive}, whether or not the host has ended its content; a host
   * that blocks on the socket after its last write is not left waiting for a result only its own call would make.
   */
  @Test
  void pipelinedChunksAfterARefusedOneEndTheTransactionOnceAnswered() {
    Wire w = new Wire(SmtpClientConfig.builder().ehloName("client.example").tlsPolicy(TlsPolicy.NONE).build());
    w.greet("PIPELINING", "CHUNKING");
    w.client.send(Envelope.of("a@b", "c@d"));
    w.server("250 ok\r\n250 ok\r\n");
    w.output();
    w.events();
    w.client.writeContent(ByteBuffer.wrap("one\r\n".getBytes(StandardCharsets.US_ASCII)));
    w.client.writeContent(ByteBuffer.wrap("two\r\n".getBytes(StandardCharsets.US_ASCII)));
    assertThat(w.output()).isEqualTo("BDAT 5\r\none\r\nBDAT 5\r\ntwo\r\n");
    w.server("552 5.3.4 too big\r\n");
    assertThat(w.client.canWriteContent()).isFalse();
    assertThatThrownBy(() -> w.client.writeContent(ByteBuffer.allocate(1))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("refused a BDAT chunk");
    assertThat(w.events()).isEmpty();
    w.server("554 5.5.1 discarded\r\n");
    assertThat(w.output()).isEmpty(); // no BDAT LAST
    assertThat(w.events()).satisfiesExactly(
        result -> assertThat(result).isInstanceOfSatisfying(TransactionResult.class, t -> {
          assertThat(t.outcome()).isEqualTo(Outcome.REJECTED);
          assertThat(t.reply()).map(Reply::code).contains(552);
        }),
        ready -> assertThat(ready).isInstanceOf(Ready.class));
    w.client.send(Envelope.of("a@b", "c@d"));
    assertThat(w.output()).startsWith("RSET\r\n");
  }

  /**
   * A reply that makes the session ready and a line that is no reply, in one buffer: the engine stops after the
   * reply that queued {@code Ready} (docs/architecture.md, "Input while events are pending"), so a host answering
   * {@code Ready} finds the engine open and may send; the rest then ends the session, and the transaction is
   * reported as not delivered. No event can send the host to a closed engine.
   */
  @Test
  void aSessionEndedAfterTheReplyThatMadeItReadyLetsTheHostAnswerReadyFirst() {
    Wire w = new Wire(SmtpClientConfig.builder().ehloName("client.example").tlsPolicy(TlsPolicy.NONE).build());
    w.server("220 mx.example ESMTP\r\n");
    w.output();
    w.events();
    ByteBuffer in = ByteBuffer.wrap("250 mx.example\r\ngarbage\r\n".getBytes(StandardCharsets.US_ASCII));
    w.client.receive(in);
    assertThat(StandardCharsets.US_ASCII.decode(in.duplicate()).toString()).isEqualTo("garbage\r\n");
    assertThat(w.events()).last().isEqualTo(new Ready());
    assertThat(w.client.isClosed()).isFalse();
    w.client.send(Envelope.of("a@example.org", "b@example.org"));
    w.client.receive(in);
    assertThat(w.events()).anyMatch(Failed.class::isInstance)
        .anyMatch(e -> e instanceof TransactionResult t && t.outcome() != Outcome.ACCEPTED)
        .last().isEqualTo(new Closed());
    assertThat(w.client.isClosed()).isTrue();
  }

  /**
   * The server engine as an LMTP peer that refuses the content at its first chunk answers BDAT LAST once; the
   * client used to await one reply per recipient, took the next transaction's RSET reply as the second, reported
   * that transaction accepted from it, and then, replies shifted by one, threw: a {@code NullPointerException} on
   * the MAIL reply, or with a third transaction of fewer recipients an {@code IndexOutOfBoundsException} on a RCPT
   * reply.
   */
  @ParameterizedTest(name = "pipelining={0} byteByByte={1}")
  @CsvSource({"false,false", "true,false", "false,true", "true,true"})
  void lmtpServerRefusingTheFirstMessageAtItsChunkStaysInStepForTheOthers(boolean pipelining, boolean byteByByte) {
    ManualTime time = new ManualTime();
    SendingHost client = new SendingHost()
        .message(Envelope.of("a@example.org", "one@example.org", "two@example.org"), "first\r\n")
        .message(Envelope.of("a@example.org", "one@example.org", "two@example.org"), "second\r\n")
        .message(Envelope.of("a@example.org", "three@example.org"), "third\r\n");
    int[] messages = {0};
    EngineHost<SmtpServer> lmtpHost = (server, log) -> {
      for (SmtpServerEvent e; (e = server.nextEvent()) != null; ) {
        if (e instanceof SmtpServerEvent.DataStart && messages[0]++ == 0) {
          server.reject(Reply.of(554, "5.3.4", "not this one"));
        } else if (e instanceof SmtpServerEvent.DataEnd d) {
          server.complete(d.info().acceptedRecipients() == 1 ? List.of(Reply.of(250, "2.1.5", "three ok"))
              : List.of(Reply.of(250, "2.1.5", "one ok"), Reply.of(450, "4.2.2", "two busy")));
        } else if (e.needsDecision()) {
          server.accept();
        }
      }
    };
    SmtpClient engine = new SmtpClient(SmtpClientConfig.builder().ehloName("client.example").tlsPolicy(TlsPolicy.NONE)
        .lmtp(true).pipelining(pipelining).build(), time.environment(1));
    InMemoryPair<ProtocolEngine, SmtpServer> pair = new InMemoryPair<>(
        byteByByte ? HostedEngine.of(new OneOctetPerReceive(engine), (e, log) -> client.handle(engine, log), time)
            : HostedEngine.of(engine, (e, log) -> client.handle(engine, log), time),
        HostedEngine.of(new SmtpServer(SmtpServerConfig.builder().hostname("mx.example").tlsAvailable(false)
            .lmtp(true).build(), time.environment(2),
                new PeerInfo("[192.0.2.1]", "lmtp", ConnectionSecurity.PLAINTEXT)), lmtpHost, time),
        time);
    pair.drive();
    assertThat(client.events(TransactionResult.class)).satisfiesExactly(
        first -> assertThat(first.outcome()).isEqualTo(Outcome.REJECTED),
        second -> {
          assertThat(second.outcome()).isEqualTo(Outcome.ACCEPTED);
          assertThat(second.deliveries()).extracting(d -> d.reply().code()).containsExactly(250, 450);
        },
        third -> assertThat(third.deliveredTo()).extracting(Wire::mailbox)
            .containsExactly("three@example.org"));
    assertThat(client.events(Failed.class)).isEmpty();
    assertThat(pair.client().isClosed()).isTrue();
    assertThat(pair.conversation()).contains("S: 221");
  }

  /** The client engine fed one octet per {@code receive}, so its host acts between any two replies. */
  private record OneOctetPerReceive(SmtpClient client) implements ProtocolEngine {

    @Override
    public void receive(ByteBuffer in) {
      ByteBuffer one = in.slice(in.position(), Math.min(1, in.remaining()));
      client.receive(one);
      in.position(in.position() + one.position());
    }

    @Override
    public void receiveEnd() {
      client.receiveEnd();
    }

    @Override
    public boolean hasOutput() {
      return client.hasOutput();
    }

    @Override
    public void drainOutput(ByteBuffer out) {
      client.drainOutput(out);
    }

    @Override
    public Status status() {
      return client.status();
    }

    @Override
    public OptionalLong nextDeadline() {
      return client.nextDeadline();
    }

    @Override
    public void onTimeout() {
      client.onTimeout();
    }

    @Override
    public Optional<StreamChange> pendingStreamChange() {
      return client.pendingStreamChange();
    }

    @Override
    public void streamChanged(StreamLayer layer) {
      client.streamChanged(layer);
    }

    @Override
    public EngineEnvironment environment() {
      return client.environment();
    }

    @Override
    public void shutdown() {
      client.shutdown();
    }
  }
}
