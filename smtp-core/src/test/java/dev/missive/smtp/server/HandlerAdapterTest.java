package dev.missive.smtp.server;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.message.address.ForwardPath;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.RcptParameters;
import dev.missive.smtp.ReceivedField;
import dev.missive.smtp.Reply;
import dev.missive.testkit.ManualTime;
import dev.missive.testkit.TestEnvironments;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.PeerInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.commons.net.smtp.SMTPClient;
import org.junit.jupiter.api.Test;

/** The synchronous handler facade: decisions from methods, content into a sink, failures contained. */
class HandlerAdapterTest {

  private final List<String> stored = new ArrayList<>();
  private final List<String> calls = new ArrayList<>();

  private final SmtpHandler handler = new SmtpHandler() {
    @Override
    public SmtpDecision rcptTo(ForwardPath to, RcptParameters parameters, Envelope envelope) {
      calls.add("rcpt " + to + " after " + envelope.recipients().size());
      if (to.toWireForm().contains("nobody")) {
        return SmtpDecision.reject(Reply.of(550, "5.1.1", "No such user here"));
      }
      if (to.toWireForm().contains("crash")) {
        throw new IllegalStateException("database down");
      }
      return SmtpDecision.accept();
    }

    @Override
    public MessageSink message(Envelope envelope, ReceivedField trace) {
      return MessageSink.collecting((info, bytes) -> {
        stored.add(trace.toString() + new String(bytes, StandardCharsets.UTF_8));
        return SmtpDecision.accept(Reply.of(250, "2.0.0", "Queued as 42"));
      });
    }

    @Override
    public void reset() {
      calls.add("reset");
    }
  };

  private String turn(ServerFixtures.Driver d, SmtpHandlerAdapter adapter, String text) {
    d.send(text);
    do {
      adapter.handleEvents();
    } while (d.feed()); // the engine stops at each event; the host offers the rest again
    return d.drain();
  }

  @Test
  void decisionsComeFromTheHandlerAndContentReachesTheSink() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.defaults("mx.example.org"));
    SmtpHandlerAdapter adapter = new SmtpHandlerAdapter(d.smtp, handler);
    turn(d, adapter, "EHLO c.example\r\n");
    String out = turn(d, adapter, "MAIL FROM:<a@example.org>\r\nRCPT TO:<nobody@example.org>\r\n"
        + "RCPT TO:<crash@example.org>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n");
    assertThat(out).isEqualTo("250 2.1.0 OK\r\n550 5.1.1 No such user here\r\n451 4.3.0 Local error in processing\r\n"
        + "250 2.1.5 OK\r\n354 Start mail input; end with <CRLF>.<CRLF>\r\n");
    assertThat(turn(d, adapter, "Subject: x\r\n\r\n..hi\r\n.\r\n")).isEqualTo("250 2.0.0 Queued as 42\r\n");
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0)).startsWith("Received: from c.example ([192.0.2.1])\r\n\tby mx.example.org with ESMTP")
        .endsWith("\r\nSubject: x\r\n\r\n.hi\r\n");
    assertThat(turn(d, adapter, "RSET\r\n")).startsWith("250");
    assertThat(calls).containsExactly("rcpt <nobody@example.org> after 0", "rcpt <crash@example.org> after 0",
        "rcpt <b@example.org> after 0", "reset");
  }

  /** Issue 12 item 12: the handler sees who authenticated, and refuses a sender that is not theirs (RFC 6409 §6.1). */
  @Test
  void mailFromSeesTheAuthenticatedIdentitySoTheHandlerCanRefuseAForeignSender() {
    List<Optional<Authentication>> seen = new ArrayList<>();
    SmtpHandler submission = new SmtpHandler() {
      @Override
      public SmtpDecision mailFrom(dev.missive.message.address.ReversePath from, dev.missive.smtp.MailParameters p,
          Optional<Authentication> authentication) {
        seen.add(authentication);
        boolean own = authentication.isPresent() && from.mailbox().map(m -> m.localPart().value()
            .equals(authentication.get().authorizationId())).orElse(true);
        return own ? SmtpDecision.accept() : SmtpDecision.reject(Reply.of(553, "5.7.1", "Sender address rejected"));
      }

      @Override
      public MessageSink message(Envelope envelope, ReceivedField trace) {
        return MessageSink.collecting((info, bytes) -> SmtpDecision.accept());
      }
    };
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.builder().hostname("mx.example.org")
        .plaintextAuthAllowed(true).authMechanisms(AuthTest.mechanisms()).limits(AuthTest.NO_DELAY).build());
    SmtpHandlerAdapter adapter = new SmtpHandlerAdapter(d.smtp, submission);
    turn(d, adapter, "EHLO c.example\r\n");
    assertThat(turn(d, adapter, "MAIL FROM:<test@example.org>\r\n")).startsWith("553 5.7.1");
    assertThat(turn(d, adapter, "AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=\r\n")).startsWith("235");
    assertThat(turn(d, adapter, "MAIL FROM:<bob@example.org>\r\n"))
        .isEqualTo("553 5.7.1 Sender address rejected\r\n");
    assertThat(turn(d, adapter, "MAIL FROM:<test@example.org>\r\n")).isEqualTo("250 2.1.0 OK\r\n");
    Authentication test = new Authentication("PLAIN", "test", "test");
    assertThat(seen).containsExactly(Optional.empty(), Optional.of(test), Optional.of(test));
    assertThat(d.smtp.authentication()).contains(test);
  }

  @Test
  void abortedMessagesNeverReachTheStore() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.defaults("mx.example.org"));
    SmtpHandlerAdapter adapter = new SmtpHandlerAdapter(d.smtp, handler);
    turn(d, adapter, "EHLO c.example\r\n");
    turn(d, adapter, "MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n");
    assertThat(turn(d, adapter, "smuggle\n.\nMAIL FROM:<x@y>\r\n.\r\n")).startsWith("550 5.5.2");
    assertThat(stored).isEmpty();
  }

  @Test
  void serveRunsAWholeSessionOverASocket() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> served = serveOne(listener, 10_000,
          SmtpServer.create(SmtpServerConfig.defaults("localhost"), "[127.0.0.1]"));
      SMTPClient c = new SMTPClient();
      c.connect("127.0.0.1", listener.getLocalPort());
      c.login("client.example");
      c.setSender("a@example.org");
      c.addRecipient("b@example.org");
      assertThat(c.sendShortMessageData("Subject: sock\r\n\r\nhello\r\n")).isTrue();
      c.logout();
      c.disconnect();
      served.get(10, TimeUnit.SECONDS);
      assertThat(stored).singleElement().asString().endsWith("Subject: sock\r\n\r\nhello\r\n");
    }
  }

  @Test
  void serveTellsTheEngineAboutSocketTimeoutsAndEndsWith421OnceItsDeadlinePassed() throws Exception {
    ManualTime time = new ManualTime();
    SmtpServer smtp = new SmtpServer(SmtpServerConfig.defaults("localhost"), TestEnvironments.of(time),
        new PeerInfo("[127.0.0.1]", "t1", ConnectionSecurity.PLAINTEXT));
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      // a read that times out after 20 ms is reported; only the engine's own clock decides
      CompletableFuture<Void> served = serveOne(listener, 20, smtp);
      try (Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
        client.setSoTimeout(10_000);
        java.io.BufferedReader r = new java.io.BufferedReader(
            new java.io.InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        assertThat(r.readLine()).startsWith("220 ");
        client.getOutputStream().write("NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(r.readLine()).isEqualTo("250 2.0.0 OK"); // socket timeouts before the deadline change nothing
        time.advance(SmtpLimits.DEFAULT.commandTimeout().plusSeconds(1));
        assertThat(r.readLine()).isEqualTo("421 4.4.2 localhost Error: timeout exceeded");
        assertThat(r.readLine()).isNull();
      }
      served.get(10, TimeUnit.SECONDS);
      assertThat(smtp.isClosed()).isTrue();
    }
  }

  @Test
  void serveAnswersAThousandPipelinedEhlosAndWhatCameBeforeAHalfClose() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> served = serveOne(listener, 10_000,
          SmtpServer.create(SmtpServerConfig.defaults("localhost"), "[127.0.0.1]"));
      try (Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
        client.setSoTimeout(10_000);
        java.io.BufferedReader r = new java.io.BufferedReader(
            new java.io.InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        assertThat(r.readLine()).startsWith("220 ");
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
          burst.append("EHLO c").append(i).append(".example\r\n"); // RFC 2920 §3.1: replies in order
        }
        client.getOutputStream().write(burst.append("NOOP\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        client.shutdownOutput(); // the end of the stream follows the commands (`nc -N`)
        for (int i = 0; i < 1000; i++) {
          assertThat(r.readLine()).as("reply %d", i).isEqualTo("250-localhost greets c" + i + ".example");
          for (String line; (line = r.readLine()) != null && line.startsWith("250-"); ) {
            // the keywords
          }
        }
        assertThat(r.readLine()).isEqualTo("250 2.0.0 OK");
        assertThat(r.readLine()).isNull();
      }
      served.get(10, TimeUnit.SECONDS);
    }
  }

  /** Serves the next connection to {@code listener} with {@code smtp} on another thread. */
  private CompletableFuture<Void> serveOne(ServerSocket listener, int soTimeout, SmtpServer smtp) {
    return CompletableFuture.runAsync(() -> {
      try (Socket socket = listener.accept()) {
        socket.setSoTimeout(soTimeout);
        SmtpHandlerAdapter.serve(smtp, handler, socket.getInputStream(), socket.getOutputStream());
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
  }
}
