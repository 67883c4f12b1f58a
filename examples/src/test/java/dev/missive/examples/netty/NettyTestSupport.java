package dev.missive.examples.netty;

import dev.missive.examples.listener.ListenerHandler;
import dev.missive.examples.listener.MailListener;
import dev.missive.smtp.server.SmtpServer;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.transport.EngineSession;
import dev.missive.transport.netty.NettyConnection;
import dev.missive.wire.EngineEnvironment;
import java.io.IOException;
import java.io.InputStream;

/** What the Netty example tests share: an SMTP server engine per connection and a raw reply reader. */
final class NettyTestSupport {

  private NettyTestSupport() {}

  /** A plaintext SMTP server engine (RFC 5321) for the connection. */
  static SmtpServer engine(NettyConnection c) {
    SmtpServerConfig config = SmtpServerConfig.builder().hostname("mx.example").build();
    return new SmtpServer(config, EngineEnvironment.system(), c.connection().peer(false));
  }

  /** A session that hands every accepted message to {@code listener}, on the handler engine. */
  static EngineSession listening(NettyConnection c, MailListener listener) {
    SmtpServerConfig config = SmtpServerConfig.builder().hostname("mx.example").build();
    return EngineSession.of(ListenerHandler.engine(config, EngineEnvironment.system(), c.connection().peer(false),
        listener));
  }

  /** Reads one (possibly multi-line) reply, byte by byte so nothing after it is consumed. */
  static String readReply(InputStream in) throws IOException {
    StringBuilder all = new StringBuilder();
    StringBuilder line = new StringBuilder();
    for (int b; (b = in.read()) >= 0; ) {
      line.append((char) b);
      if (b == '\n') {
        all.append(line);
        if (line.length() >= 4 && line.charAt(3) == ' ') {
          return all.toString();
        }
        line.setLength(0);
      }
    }
    return all.append(line).toString();
  }
}
