package dev.missive.transport.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.smtp.Envelope;
import dev.missive.smtp.client.SmtpClient;
import dev.missive.smtp.client.SmtpClientConfig;
import dev.missive.smtp.client.SmtpClientEvent;
import dev.missive.testkit.TestTls;
import dev.missive.transport.BlockingClient;
import dev.missive.transport.EngineSession;
import dev.missive.transport.SessionErrorHandler;
import dev.missive.transport.TlsHandshakes;
import dev.missive.transport.TlsSettings;
import dev.missive.transport.TransportOptions;
import dev.missive.transport.netty.EngineChannelHandler;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.TlsPolicy;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The client side of both transports: an SMTP client engine (RFC 5321) that requires STARTTLS (RFC 3207) sends one
 * message to the SMTP server engine, checking the server's name against its certificate (RFC 6125), on every
 * combination of client and server transport; and a client handshake that stalls ends at its deadline.
 */
@Timeout(60)
class ClientTransportTest {

  static final String MESSAGE = "Subject: both ends\r\n\r\n.leading dot\r\n";

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void blockingClientSendsOneMessageOverStartTls(TransportKind server) throws Exception {
    List<String> messages = new CopyOnWriteArrayList<>();
    SendOne session = new SendOne();
    try (TransportKind.Listening mx = server.start(false, TransportOptions.defaults(),
        c -> TestSessions.smtp(c, messages));
         BlockingClient client = BlockingClient.builder("out").tls(TlsSettings.client(TestTls.clientContext()))
             .connectTimeout(Duration.ofSeconds(5)).build()) {
      client.run(TestTls.HOST, mx.port(), c -> session);
      assertThat(session.result.get(1, TimeUnit.SECONDS).outcome()).isEqualTo(SmtpClientEvent.Outcome.ACCEPTED);
      assertThat(messages).containsExactly(MESSAGE);
    }
  }

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void nettyClientSendsOneMessageOverStartTls(TransportKind server) throws Exception {
    List<String> messages = new CopyOnWriteArrayList<>();
    SendOne session = new SendOne();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try (TransportKind.Listening mx = server.start(false, TransportOptions.defaults(),
        c -> TestSessions.smtp(c, messages))) {
      new Bootstrap().group(group).channel(NioSocketChannel.class)
          .handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(EngineChannelHandler.client("out-1", false,
                  TlsSettings.client(TestTls.clientContext()), TestTls.HOST, c -> session,
                  TransportOptions.defaults(), SessionErrorHandler.LOG));
            }
          })
          .connect("127.0.0.1", mx.port()).sync();
      assertThat(session.result.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(SmtpClientEvent.Outcome.ACCEPTED);
      for (int i = 0; i < 100 && messages.isEmpty(); i++) {
        Thread.sleep(20);
      }
      assertThat(messages).containsExactly(MESSAGE);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void aServerThatNeverAnswersTheClientHelloFailsTheClientAtTheDeadline() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
         BlockingClient client = BlockingClient.builder("out").tls(TlsSettings.client(TestTls.clientContext()))
             .implicitTls(true).handshakeTimeout(Duration.ofMillis(300)).build()) {
      Thread acceptor = new Thread(() -> {
        try (Socket s = silent.accept()) {
          s.getInputStream().readAllBytes(); // reads the ClientHello, says nothing
        } catch (java.io.IOException ignored) {
          // the client went away
        }
      });
      acceptor.start();
      SendOne session = new SendOne();
      assertThatThrownBy(() -> client.run("127.0.0.1", silent.getLocalPort(), c -> session))
          .isInstanceOf(TlsHandshakes.HandshakeFailedException.class)
          .hasMessage("no handshake within 300 ms");
      acceptor.join(5_000);
    }
  }

  /** Sends one message, then quits. */
  static final class SendOne implements EngineSession {
    final SmtpClient engine = new SmtpClient(SmtpClientConfig.builder().ehloName("client.example")
        .tlsPolicy(TlsPolicy.REQUIRED).build(), EngineEnvironment.system());
    final CompletableFuture<SmtpClientEvent.TransactionResult> result = new CompletableFuture<>();
    final ByteBuffer content = ByteBuffer.wrap(MESSAGE.getBytes(StandardCharsets.US_ASCII));
    boolean sent;
    boolean writing;

    @Override
    public SmtpClient engine() {
      return engine;
    }

    @Override
    public void handleEvents() {
      for (SmtpClientEvent e; (e = engine.nextEvent()) != null; ) {
        if (e instanceof SmtpClientEvent.Ready && !sent) {
          sent = true;
          engine.send(Envelope.of("alice@example.org", "bob@example.net"));
        } else if (e instanceof SmtpClientEvent.DataReady) {
          writing = true;
        } else if (e instanceof SmtpClientEvent.TransactionResult t) {
          result.complete(t);
          engine.quit();
        } else if (e instanceof SmtpClientEvent.Failed f) {
          result.completeExceptionally(new AssertionError(f.reason()));
        }
      }
      if (writing && engine.canWriteContent()) {
        writing = false;
        engine.writeContent(content); // takes the whole message, or throws and takes none of it
        engine.endContent();
      }
    }

    @Override
    public boolean wantsToWrite() {
      return writing && engine.canWriteContent();
    }
  }
}
