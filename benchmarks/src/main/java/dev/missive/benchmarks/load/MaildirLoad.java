package dev.missive.benchmarks.load;

import dev.missive.examples.imap.MaildirMailStore;
import dev.missive.examples.maildir.Maildir;
import dev.missive.imap.server.ImapHandlerServer;
import dev.missive.imap.server.ImapServerConfig;
import dev.missive.imap.server.MailStore;
import dev.missive.transport.EngineSession;
import dev.missive.transport.netty.NettyServer;
import dev.missive.wire.EngineEnvironment;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
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
  static NettyServer server(MailStore store, InetSocketAddress bind, int maxConnections,
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

  /**
   * A blocking IMAP client that reads until a line starting with a prefix. It is built to cost little next to the
   * server it measures, and the same for every server: it scans the octets it read in place (no string per read or
   * per line), and skips the octets of each literal ({@code {n}} at the end of a line, RFC 9051 §4.3) without looking
   * at them, so a message's lines are never taken for the tagged answer either.
   */
  static final class Client implements AutoCloseable {
    private final ReadableByteChannel from;
    private final WritableByteChannel to;
    private ByteBuffer in = ByteBuffer.allocate(1 << 16);
    /** The first octet of {@code in} not consumed yet; {@code in.position()} is the end of what was read. */
    private int start;
    /** Where to look for the next line's end: the octets from {@code start} to here hold none. */
    private int scanned;
    /** Octets of a literal still to skip. */
    private long literal;

    Client(int port) throws IOException {
      this(SocketChannel.open(new InetSocketAddress("127.0.0.1", port)));
      readUntil("* OK");
    }

    private Client(SocketChannel channel) {
      this(channel, channel);
    }

    /** A client over any channels (tests), the greeting not read. */
    Client(ReadableByteChannel from, WritableByteChannel to) {
      this.from = from;
      this.to = to;
    }

    void send(String line) throws IOException {
      ByteBuffer b = ByteBuffer.wrap((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
      while (b.hasRemaining()) {
        to.write(b);
      }
    }

    /** Reads until a line starts with {@code prefix}; returns the octets read, that line included. */
    long readUntil(String prefix) throws IOException {
      byte[] want = prefix.getBytes(StandardCharsets.US_ASCII);
      long total = 0;
      while (true) {
        byte[] b = in.array();
        int end = in.position();
        while (true) {
          if (literal > 0) {
            int n = (int) Math.min(literal, end - start);
            start += n;
            literal -= n;
            if (literal > 0) {
              break;
            }
          }
          int lf = indexOf(b, (byte) '\n', Math.max(start, scanned), end);
          if (lf < 0) {
            scanned = end;
            break;
          }
          if (startsWith(b, start, lf, want)) {
            start = lf + 1;
            return total;
          }
          literal = literalAtEnd(b, start, lf);
          start = lf + 1;
        }
        compact();
        int n = from.read(in);
        if (n < 0) {
          throw new IOException("server closed the connection waiting for " + prefix);
        }
        total += n;
      }
    }

    /** Makes room: moves the unconsumed octets to the front once the buffer is full; a longer line doubles it. */
    private void compact() {
      if (start == in.position()) {
        in.clear();
        start = 0;
        scanned = 0;
        return;
      }
      if (in.hasRemaining()) {
        return;
      }
      int left = in.position() - start;
      if (start == 0) {
        ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
        in.flip();
        in = bigger.put(in);
        return;
      }
      System.arraycopy(in.array(), start, in.array(), 0, left);
      in.position(left);
      scanned = Math.max(0, scanned - start);
      start = 0;
    }

    private static int indexOf(byte[] b, byte x, int from, int to) {
      for (int i = from; i < to; i++) {
        if (b[i] == x) {
          return i;
        }
      }
      return -1;
    }

    private static boolean startsWith(byte[] b, int from, int to, byte[] prefix) {
      if (to - from < prefix.length) {
        return false;
      }
      for (int i = 0; i < prefix.length; i++) {
        if (b[from + i] != prefix[i]) {
          return false;
        }
      }
      return true;
    }

    /** The length of the literal announced at the end of the line {@code b[from..lf]} ({@code {n}\r\n}), or 0. */
    private static long literalAtEnd(byte[] b, int from, int lf) {
      int close = lf - 1;
      if (close > from && b[close] == '\r') {
        close--;
      }
      if (close <= from || b[close] != '}') {
        return 0;
      }
      long n = 0;
      long scale = 1;
      int i = close - 1;
      for (; i > from && b[i] >= '0' && b[i] <= '9' && scale <= 1_000_000_000_000L; i--) {
        n += (b[i] - '0') * scale;
        scale *= 10;
      }
      return i < close - 1 && b[i] == '{' ? n : 0;
    }

    @Override
    public void close() throws IOException {
      from.close();
      to.close();
    }
  }
}
