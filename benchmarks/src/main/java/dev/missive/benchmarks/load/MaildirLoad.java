package dev.missive.benchmarks.load;

import dev.missive.examples.imap.MaildirMailStore;
import dev.missive.examples.maildir.Maildir;
import dev.missive.imap.server.ImapHandlerServer;
import dev.missive.imap.server.ImapServerConfig;
import dev.missive.transport.EngineSession;
import dev.missive.transport.netty.NettyServer;
import dev.missive.wire.EngineEnvironment;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the IMAP load programs of issue 19 share: a Maildir with one user ({@code load}, password {@code pw}) and
 * {@code n} messages written straight into {@code cur/} (as a Maildir tool would leave them, so the store numbers
 * them at the first SELECT), the example server's {@link MaildirMailStore} over it on Missive's Netty transport, and
 * a blocking IMAP line client.
 */
final class MaildirLoad {

  static final String USER = "load";
  static final String PASSWORD = "pw";

  private MaildirLoad() {}

  /** The message numbered {@code i}, about 2 KiB. */
  static byte[] message(int i) {
    StringBuilder m = new StringBuilder("From: load@example.org\r\nTo: load@example.org\r\nSubject: message " + i
        + "\r\nMessage-ID: <" + i + "@load.example>\r\n\r\n");
    for (int line = 0; line < 28; line++) {
      m.append("line ").append(line).append(" of message ").append(i).append(" ......................................\r\n");
    }
    return m.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** Writes {@code n} messages into the user's INBOX under {@code root}. */
  static Maildir fill(Path root, int n) throws IOException {
    Maildir maildir = new Maildir(root, "load.example");
    Path cur = maildir.mailbox(USER).resolve("cur");
    for (int i = 1; i <= n; i++) {
      byte[] m = message(i);
      Files.write(cur.resolve(String.format("%010d.M000000P1Q%d.load.example,S=%d:2,", 1_700_000_000L + i, i,
          m.length)), m);
    }
    return maildir;
  }

  /** The store over {@code maildir} with the one user. */
  static MaildirMailStore store(Maildir maildir) {
    return new MaildirMailStore(maildir, new MaildirMailStore.Accounts() {
      @Override
      public boolean check(String user, char[] password) {
        return user.equals(USER) && Arrays.equals(password, PASSWORD.toCharArray());
      }

      @Override
      public Optional<String> canonical(String user) {
        return user.equals(USER) ? Optional.of(USER) : Optional.empty();
      }
    });
  }

  /** An IMAP server on Netty over {@code store}, plaintext logins allowed (loopback load only). */
  static NettyServer server(MaildirMailStore store, InetSocketAddress bind, int maxConnections,
                            Consumer<ImapHandlerServer> engines) throws IOException {
    ImapServerConfig config = ImapServerConfig.builder().plaintextLoginBeforeTls(true).build();
    return NettyServer.builder("imap-load", c -> {
      ImapHandlerServer e = new ImapHandlerServer(store, config, EngineEnvironment.system(),
          c.connection().peer(true));
      engines.accept(e);
      return EngineSession.of(e);
    }).bind(bind).options(dev.missive.transport.TransportOptions.defaults()
        .withMaxConnections(maxConnections, maxConnections)).start();
  }

  /** A blocking IMAP client that reads until a line starting with {@code until} and returns what it read. */
  static final class Client implements AutoCloseable {
    final SocketChannel channel;
    private final ByteBuffer in = ByteBuffer.allocate(1 << 16);
    private final StringBuilder pending = new StringBuilder();

    Client(int port) throws IOException {
      channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
      readUntil("* OK");
    }

    void send(String line) throws IOException {
      ByteBuffer b = ByteBuffer.wrap((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
      while (b.hasRemaining()) {
        channel.write(b);
      }
    }

    /** Reads until a line starts with {@code prefix}; returns the octets read, that line included. */
    long readUntil(String prefix) throws IOException {
      long total = 0;
      while (true) {
        int lineStart = 0;
        for (int i = 0; i < pending.length(); i++) {
          if (pending.charAt(i) == '\n') {
            if (pending.substring(lineStart).startsWith(prefix)) {
              pending.delete(0, i + 1);
              return total;
            }
            lineStart = i + 1;
          }
        }
        pending.delete(0, lineStart);
        in.clear();
        int n = channel.read(in);
        if (n < 0) {
          throw new IOException("server closed the connection waiting for " + prefix);
        }
        total += n;
        pending.append(new String(in.array(), 0, n, StandardCharsets.ISO_8859_1));
      }
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
