package dev.missive.examples.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.examples.listener.ListenerSession;
import dev.missive.examples.transport.EngineSession;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.client.SmtpClient;
import dev.missive.smtp.client.SmtpClientConfig;
import dev.missive.smtp.client.SmtpClientEvent;
import dev.missive.testkit.TestTls;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.TlsPolicy;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

/**
 * The same channel handler drives the client engine too: an SMTP client (RFC 5321) on a Netty client channel
 * that requires STARTTLS (RFC 3207) sends one message to the SMTP server engine on {@link NettyServer}.
 */
class NettyClientEngineTest {

  static final String MESSAGE = "Subject: both ends on Netty\r\n\r\n.leading dot\r\n";

  /** Sends one message, then quits. */
  static final class SendOne implements EngineSession {
    final SmtpClient engine = new SmtpClient(SmtpClientConfig.defaults("client.example")
        .withTlsPolicy(TlsPolicy.REQUIRED), EngineEnvironment.system());
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

  @Test
  void smtpClientEngineOverNettyWithStartTls() throws Exception {
    BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
    SendOne client = new SendOne();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try (NettyServer server = NettyServer.start("mx", new InetSocketAddress("127.0.0.1", 0),
        TestTls.serverContext(), false, c -> new ListenerSession(NettySmtpTest.engine(c, true),
            (from, to, content) -> inbox.add(new String(content, StandardCharsets.US_ASCII))))) {
      new Bootstrap().group(group).channel(NioSocketChannel.class)
          .handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(new EngineChannelHandler("client", false, NettyClientEngineTest::clientTls,
                  (NettyConnection c) -> client));
            }
          })
          .connect("127.0.0.1", server.port()).sync();
      SmtpClientEvent.TransactionResult result = client.result.get(10, TimeUnit.SECONDS);
      assertThat(result.outcome()).isEqualTo(SmtpClientEvent.Outcome.ACCEPTED);
      assertThat(inbox.poll(10, TimeUnit.SECONDS)).isEqualTo(MESSAGE);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  private static SSLEngine clientTls() {
    SSLEngine engine = TestTls.clientContext().createSSLEngine(TestTls.HOST, 25);
    engine.setUseClientMode(true);
    var params = engine.getSSLParameters();
    params.setEndpointIdentificationAlgorithm("HTTPS"); // check the server's name (RFC 6125)
    engine.setSSLParameters(params);
    return engine;
  }
}
