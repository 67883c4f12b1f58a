package dev.missive.consumer;

import dev.missive.message.tree.Message;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.client.SmtpClient;
import dev.missive.smtp.client.SmtpClientConfig;
import dev.missive.smtp.client.SmtpClientEvent;
import dev.missive.smtp.server.SmtpServer;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.smtp.server.SmtpServerEvent;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.ProtocolEngine;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Sends one message from the SMTP client engine to the SMTP server engine in memory, pumping the bytes between the
 * two {@link ProtocolEngine}s by hand, and parses what the server received with message-format. Exits non-zero on
 * any failure; {@link ModuleChecks} then checks the mode (class path or module path) it was asked to run in.
 */
public final class SendOneMessage {

  private static final String MESSAGE = "From: Alice <alice@example.net>\r\nTo: bob@example.org\r\n"
      + "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n\r\nHello Bob.\r\n.dot-stuffed line\r\n";

  private SendOneMessage() {
  }

  /**
   * Runs the session and the checks.
   *
   * @param args one argument, {@code class-path} or {@code module-path}
   */
  public static void main(String[] args) {
    SmtpServer server = SmtpServer.create(SmtpServerConfig.defaults("mx.example.org"), "192.0.2.7");
    SmtpClient client = new SmtpClient(SmtpClientConfig.builder().ehloName("client.example.net").build(),
        EngineEnvironment.system());
    client.send(Envelope.of("alice@example.net", "bob@example.org"));
    ByteBuffer toServer = ByteBuffer.allocate(8192).flip(); // read mode, empty
    ByteBuffer toClient = ByteBuffer.allocate(8192).flip();
    ByteBuffer content = null;
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    SmtpClientEvent.TransactionResult result = null;
    for (int round = 0; round < 1000 && !(client.isClosed() && server.isClosed()); round++) {
      pump(client, toServer, server);
      for (SmtpServerEvent e; (e = server.nextEvent()) != null; ) {
        if (e instanceof SmtpServerEvent.DataChunk) {
          ByteBuffer bytes = ((SmtpServerEvent.DataChunk) e).bytes();
          byte[] copy = new byte[bytes.remaining()];
          bytes.duplicate().get(copy);
          received.writeBytes(copy);
        } else if (e.needsDecision()) {
          server.accept();
        }
      }
      pump(server, toClient, client);
      for (SmtpClientEvent e; (e = client.nextEvent()) != null; ) {
        if (e instanceof SmtpClientEvent.DataReady) {
          content = ByteBuffer.wrap(MESSAGE.getBytes(StandardCharsets.US_ASCII));
        } else if (e instanceof SmtpClientEvent.TransactionResult) {
          result = (SmtpClientEvent.TransactionResult) e;
          client.quit();
        }
      }
      if (content != null && client.canWriteContent()) {
        client.writeContent(content); // the whole message, or an exception and none of it
        client.endContent();
        content = null;
      }
    }
    Message message = Message.parse(received.toByteArray());
    check(result != null && result.outcome() == SmtpClientEvent.Outcome.ACCEPTED, "accepted: " + result);
    check(client.isClosed() && server.isClosed(), "both engines closed after QUIT");
    check(message.subject().orElse("").equals("Grüße"), "subject decoded: " + message.subject());
    check(message.from().size() == 1, "one From mailbox: " + message.from());
    check(message.root().text().equals("Hello Bob.\r\n.dot-stuffed line\r\n"), "body: " + message.root().text());
    ModuleChecks.run(args.length == 1 ? args[0] : "");
    System.out.println("consumer OK (" + args[0] + "): sent and parsed \"" + message.subject().get() + "\"");
  }

  /**
   * One step of a transport: what {@code from} has to write goes into {@code wire} (which keeps the bytes
   * {@code to} has not taken yet), and {@code to} receives what it will. The buffer is compacted only at the next
   * step, after the host handled the events of this one: their content slices are views of it.
   */
  private static void pump(ProtocolEngine from, ByteBuffer wire, ProtocolEngine to) {
    wire.compact();
    if (from.hasOutput()) {
      from.drainOutput(wire);
    }
    wire.flip();
    if (wire.hasRemaining() && to.wantsInput()) {
      to.receive(wire);
    }
  }

  static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError("consumer check failed: " + what);
    }
  }
}
