package dev.missive.benchmarks.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The client side of {@link IdleSessions}, run in its own JVM so that its sockets are not counted in the server's
 * heap: opens N SMTP sessions (RFC 5321 §3.1 greeting, §4.1.1.1 EHLO) and keeps them idle; on the line
 * {@code send} from standard input, sends one message on each (MAIL, RCPT, DATA, §3.3) and QUIT.
 *
 * <p>Usage: {@code IdleSessionsClient PORT SESSIONS}; prints {@code idle N} and then {@code sent N}.
 */
public final class IdleSessionsClient {

  private static final byte[] MESSAGE = ("From: load@client.example\r\nTo: user@server.example\r\n"
      + "Subject: idle session\r\n\r\n" + "x".repeat(900) + "\r\n.\r\n").getBytes(StandardCharsets.US_ASCII);

  private IdleSessionsClient() {}

  /** Opens {@code args[1]} sessions to loopback port {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    int count = Integer.parseInt(args[1]);
    InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
    ByteBuffer buffer = ByteBuffer.allocate(8192);
    List<SocketChannel> sessions = new ArrayList<>(count);
    try {
      for (int i = 0; i < count; i++) {
        SocketChannel channel = SocketChannel.open(server);
        sessions.add(channel);
        expect(channel, buffer, "220");
        send(channel, "EHLO client.example\r\n".getBytes(StandardCharsets.US_ASCII));
        expect(channel, buffer, "250");
      }
    } catch (IOException e) {
      System.out.println("failed after " + (sessions.size() - 1) + " idle sessions: " + e.getMessage());
      return;
    }
    System.out.println("idle " + sessions.size());
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
    if (!"send".equals(in.readLine())) {
      return;
    }
    int sent = 0;
    for (SocketChannel channel : sessions) {
      send(channel, "MAIL FROM:<load@client.example>\r\n".getBytes(StandardCharsets.US_ASCII));
      expect(channel, buffer, "250");
      send(channel, "RCPT TO:<user@server.example>\r\n".getBytes(StandardCharsets.US_ASCII));
      expect(channel, buffer, "250");
      send(channel, "DATA\r\n".getBytes(StandardCharsets.US_ASCII));
      expect(channel, buffer, "354");
      send(channel, MESSAGE);
      expect(channel, buffer, "250");
      sent++;
    }
    System.out.println("sent " + sent);
    System.out.flush();
    in.readLine(); // the server has counted; close everything
    for (SocketChannel channel : sessions) {
      channel.close();
    }
  }

  static void send(SocketChannel channel, byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      channel.write(b);
    }
  }

  /** Reads one whole reply (its last line has a space after the code) and checks its code. */
  static void expect(SocketChannel channel, ByteBuffer buffer, String code) throws IOException {
    buffer.clear();
    while (true) {
      if (channel.read(buffer) < 0) {
        throw new IOException("the server closed the session, expecting " + code);
      }
      String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
      if (text.endsWith("\r\n")) {
        int previous = text.lastIndexOf("\r\n", text.length() - 3);
        int last = previous < 0 ? 0 : previous + 2;
        if (text.length() - last >= 4 && text.charAt(last + 3) == ' ') {
          if (!text.startsWith(code)) {
            throw new IOException("expected " + code + ", got " + text.trim());
          }
          return;
        }
      }
    }
  }
}
