package dev.missive.examples.relay;

import dev.missive.transport.EngineSession;
import dev.missive.smtp.BodyType;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.MailParameters;
import dev.missive.smtp.client.SmtpClient;
import dev.missive.smtp.client.SmtpClientEvent;
import dev.missive.mailauth.dkim.DkimSigner;
import dev.missive.mailauth.dkim.DkimSigningKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Optional;

/**
 * Sends one spooled message to the smarthost with the client engine (RFC 5321 §3.3): submits the envelope once the
 * session is ready, streams the file when the engine asks for content, then quits, remembering the outcome. With a
 * DKIM key the file is signed first (RFC 6376 §5, one streaming pass) and the DKIM-Signature field goes out on top.
 */
final class RelayClientSession implements EngineSession {

  private final SmtpClient engine;
  private final RelaySpool.SpooledMessage message;
  private final byte[] signature;
  private final ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
  private InputStream content;
  private boolean contentDone;
  private SmtpClientEvent.TransactionResult result;
  private Optional<String> failure = Optional.empty();

  RelayClientSession(SmtpClient engine, RelaySpool.SpooledMessage message, Optional<DkimSigningKey> dkim)
      throws IOException {
    this.engine = engine;
    this.message = message;
    this.signature = dkim.isPresent() ? signatureField(message, dkim.get()) : new byte[0];
  }

  /** The DKIM-Signature field for the spooled file, with its CRLF. */
  private static byte[] signatureField(RelaySpool.SpooledMessage message, DkimSigningKey key) throws IOException {
    try (InputStream in = Files.newInputStream(message.data())) {
      byte[] field = DkimSigner.sign(in, key, DkimSigner.Options.DEFAULT).raw();
      byte[] out = Arrays.copyOf(field, field.length + 2);
      out[field.length] = '\r';
      out[field.length + 1] = '\n';
      return out;
    }
  }

  @Override
  public SmtpClient engine() {
    return engine;
  }

  @Override
  public void handleEvents() throws IOException {
    for (SmtpClientEvent e; (e = engine.nextEvent()) != null; ) {
      if (e instanceof SmtpClientEvent.Ready && result == null && content == null) {
        engine.send(envelope());
      } else if (e instanceof SmtpClientEvent.DataReady) {
        content = new SequenceInputStream(new ByteArrayInputStream(signature), Files.newInputStream(message.data()));
      } else if (e instanceof SmtpClientEvent.TransactionResult t) {
        result = t;
        engine.quit();
      } else if (e instanceof SmtpClientEvent.Failed f) {
        failure = Optional.of(f.reason() + f.reply().map(r -> ": " + r).orElse(""));
      } else if (e instanceof SmtpClientEvent.AuthFailed a) {
        failure = Optional.of("authentication failed: " + a.reason());
      }
    }
    writeContent();
  }

  /**
   * Streams the spooled file while the engine takes content: each piece read is taken whole (or the engine
   * throws), so what reaches the smarthost is the file octet for octet; end of file ends the content.
   */
  private void writeContent() throws IOException {
    while (content != null && !contentDone && engine.canWriteContent()) {
      int n = content.read(buffer.array(), 0, buffer.capacity());
      if (n < 0) {
        content.close();
        contentDone = true;
        engine.endContent();
        return;
      }
      engine.writeContent(buffer.clear().limit(n));
    }
  }

  @Override
  public boolean wantsToWrite() {
    return content != null && !contentDone && engine.canWriteContent();
  }

  private Envelope envelope() throws IOException {
    MailParameters params = MailParameters.NONE.withSize(Files.size(message.data()) + signature.length);
    if (hasEightBit()) {
      params = params.withBody(BodyType.EIGHT_BIT_MIME);
    }
    // sent with RecipientPolicy.EACH: each recipient on its own, refusals are bounced one by one
    return Envelope.of(message.reversePath(), message.recipients().toArray(String[]::new)).withParameters(params);
  }

  private boolean hasEightBit() throws IOException {
    try (InputStream in = Files.newInputStream(message.data())) {
      byte[] buf = new byte[16 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        for (int i = 0; i < n; i++) {
          if (buf[i] < 0) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** The transaction's result, if it got that far. */
  Optional<SmtpClientEvent.TransactionResult> result() {
    return Optional.ofNullable(result);
  }

  /** Why the session failed before a result, if it did. */
  Optional<String> failure() {
    return failure;
  }

  @Override
  public void closed() {
    if (content != null) {
      try {
        content.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
