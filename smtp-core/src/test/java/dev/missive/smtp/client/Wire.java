package dev.missive.smtp.client;

import dev.missive.smtp.Envelope;
import dev.missive.smtp.Recipient;
import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.PeerInfo;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Drives one client engine by hand: the test plays the server, line by line, and reads what the client wrote. */
final class Wire {

  final ManualTime time = new ManualTime();
  final SmtpClient client;
  private final List<SmtpClientEvent> taken = new ArrayList<>();

  Wire(SmtpClientConfig config) {
    this.client = new SmtpClient(config, time.environment());
  }

  /** A client on a connection of the given security ({@code IMPLICIT_TLS}: RFC 8314 §3.3, no STARTTLS). */
  Wire(SmtpClientConfig config, ConnectionSecurity security) {
    this.client = new SmtpClient(config, time.environment(), new PeerInfo("[192.0.2.25]", "wire", security));
  }

  /** The recipient's mailbox as text ({@code Postmaster} for the domain-less one), for assertions. */
  static String mailbox(Recipient r) {
    return r.forwardPath().mailbox().map(Object::toString).orElse("Postmaster");
  }

  /**
   * Feeds server bytes (UTF-8) as a host does: the engine stops at each event it queues, so the events are taken
   * (kept for {@link #events()}) and the rest is offered again while the engine wants input; what it never takes
   * (a pause for TLS, a closed session) is dropped, as a host drops it. The events are taken at the end too, so a
   * test may feed the engine directly afterwards.
   */
  Wire server(String text) {
    ByteBuffer in = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    client.receive(in);
    while (in.hasRemaining() && !client.isClosed()) {
      take();
      if (!client.wantsInput()) {
        break;
      }
      client.receive(in);
    }
    take();
    return this;
  }

  private void take() {
    for (SmtpClientEvent e; (e = client.nextEvent()) != null; ) {
      taken.add(e);
    }
  }

  /** Everything the client wrote since the last call, as octets. */
  byte[] outputBytes() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    ByteBuffer buf = ByteBuffer.allocate(4096);
    while (client.hasOutput()) {
      buf.clear();
      client.drainOutput(buf);
      buf.flip();
      all.write(buf.array(), 0, buf.limit());
    }
    return all.toByteArray();
  }

  /** Everything the client wrote since the last call, as UTF-8 text. */
  String output() {
    return new String(outputBytes(), StandardCharsets.UTF_8);
  }

  /** The events since the last call. */
  List<SmtpClientEvent> events() {
    take();
    List<SmtpClientEvent> list = new ArrayList<>(taken);
    taken.clear();
    return list;
  }

  /** The events of one type since the last call (the others are dropped). */
  <T extends SmtpClientEvent> List<T> events(Class<T> type) {
    return events().stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Greets and answers EHLO with the given extension lines; returns the EHLO line the client sent. */
  String greet(String... extensions) {
    server("220 mx.example ESMTP\r\n");
    String ehlo = output();
    StringBuilder reply = new StringBuilder();
    String[] lines = new String[extensions.length + 1];
    lines[0] = "mx.example";
    System.arraycopy(extensions, 0, lines, 1, extensions.length);
    for (int i = 0; i < lines.length; i++) {
      reply.append("250").append(i == lines.length - 1 ? ' ' : '-').append(lines[i]).append("\r\n");
    }
    server(reply.toString());
    return ehlo;
  }

  /**
   * Sends a one-recipient envelope and answers MAIL, RCPT and DATA (250, 250, 354) one at a time; returns what the
   * client wrote meanwhile. The client is then streaming content.
   */
  String openData(Envelope envelope) {
    client.send(envelope);
    server("250 OK\r\n").server("250 OK\r\n").server("354 Go\r\n");
    return output();
  }
}
