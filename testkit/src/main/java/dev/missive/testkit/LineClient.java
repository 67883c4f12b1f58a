package dev.missive.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A plain loopback socket that speaks CRLF lines, for tests that talk to a running listener line by line the way
 * the RFCs' example sessions are written: one command out, a line or a whole reply back. Reads time out after ten
 * seconds, so a listener that says nothing fails the test instead of hanging it.
 *
 * <pre>{@code
 * try (LineClient smtp = LineClient.connect(listener.port())) {
 *   assertThat(smtp.reply()).startsWith("220 ");
 *   assertThat(smtp.send("EHLO client.example")).contains("STARTTLS");
 * }
 * }</pre>
 */
public final class LineClient implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private LineClient(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(10_000);
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /**
   * Connects to a port of the loopback address {@code 127.0.0.1}.
   *
   * @param port the port
   * @return the connected client
   * @throws IOException if the connection fails
   */
  public static LineClient connect(int port) throws IOException {
    return new LineClient(new Socket("127.0.0.1", port));
  }

  /**
   * Writes one line and its CRLF.
   *
   * @param line the line, without its CRLF (it may hold CRLFs of its own, to write several lines at once)
   * @throws IOException if the write fails
   */
  public void write(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /**
   * Reads one line.
   *
   * @return the line without its CR and LF; what was read so far (maybe empty) when the peer closed
   * @throws IOException if the read fails or times out
   */
  public String line() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c; (c = in.read()) != '\n'; ) {
      if (c < 0) {
        return b.toString();
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  /**
   * Reads one SMTP reply, every line of it (RFC 5321 §4.2.1: {@code 250-} goes on, {@code 250 } ends it).
   *
   * @return the reply's lines joined with {@code \n}
   * @throws IOException if the read fails or times out
   */
  public String reply() throws IOException {
    StringBuilder all = new StringBuilder();
    while (true) {
      String line = line();
      all.append(line);
      if (line.length() < 4 || line.charAt(3) != '-') {
        return all.toString();
      }
      all.append('\n');
    }
  }

  /**
   * Writes a command and reads its SMTP reply.
   *
   * @param command the command line without its CRLF
   * @return the reply's lines joined with {@code \n}
   * @throws IOException if the write or the read fails
   */
  public String send(String command) throws IOException {
    write(command);
    return reply();
  }

  /**
   * Writes a tagged IMAP command and reads lines up to its tagged answer (RFC 9051 §2.2.2), skipping untagged ones.
   *
   * @param command the command line beginning with its tag and a space
   * @return the tagged answer line, or an empty line if the peer closed first
   * @throws IOException if the write or the read fails
   */
  public String tagged(String command) throws IOException {
    write(command);
    String tag = command.substring(0, command.indexOf(' ') + 1);
    for (String l; ; ) {
      l = line();
      if (l.startsWith(tag) || l.isEmpty()) {
        return l;
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
