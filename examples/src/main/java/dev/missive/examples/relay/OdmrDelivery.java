package dev.missive.examples.relay;

import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.client.EhloCapabilities;
import dev.missive.smtp.client.SmtpClient;
import dev.missive.smtp.client.SmtpClientEvent;
import dev.missive.smtp.host.MessageContent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's side after ATRN's 250 (RFC 2645 §5.3): answers the SMTP client engine's events to deliver the
 * held messages of one collection, one transaction each, streaming each from its spool file, then QUIT. A message
 * leaves the held spool only for the recipients the customer accepted after the data; the rest stay held.
 *
 * <p>Each message's envelope carries what the relay passes on to any next hop, cut to what the customer's server
 * offers ({@link HeldMail#sending}: {@code BY=} with the time left, MT-PRIORITY, the DSN requests, RRVS; recipients
 * that cannot go that way are returned to the sender). Its MAIL FROM also declares what its content needs, found by
 * scanning the spool file as the relay's onward delivery does ({@link MessageContent#declaredOn}): {@code
 * BODY=8BITMIME} for an octet over 127 (RFC 6152 §2), {@code SMTPUTF8} for UTF-8 in the header or the envelope (RFC
 * 6531 §3.4), {@code SIZE} (RFC 1870). A customer whose server does not offer the extension a message needs is not
 * sent that message at all (RFC 6152 §3: no 8-bit octets to a server that did not offer 8BITMIME; the relay does not
 * downgrade content): the client engine reports it as not sent before MAIL FROM, the message stays held for all its
 * recipients, the collection goes on with the next message and its closing log line counts the messages left held.
 */
final class OdmrDelivery {

  private static final Logger LOG = LoggerFactory.getLogger(OdmrDelivery.class);

  private final HeldMail held;
  private final String sessionId;
  private final Deque<HeldMail.Batch> batches;
  private final ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
  private HeldMail.Batch current;
  private FileChannel content;
  private int delivered;
  private int notSent;

  OdmrDelivery(HeldMail held, List<HeldMail.Batch> batches, String sessionId) {
    this.held = held;
    this.batches = new ArrayDeque<>(batches);
    this.sessionId = sessionId;
  }

  /** Answers every event of the client engine and streams what it takes of the current message. */
  void handle(SmtpClient client) throws IOException {
    for (SmtpClientEvent e; (e = client.nextEvent()) != null; ) {
      if (e instanceof SmtpClientEvent.Ready) {
        next(client);
      } else if (e instanceof SmtpClientEvent.DataReady) {
        content = FileChannel.open(current.message().data());
      } else if (e instanceof SmtpClientEvent.TransactionResult t) {
        finished(t, client);
      } else if (e instanceof SmtpClientEvent.Failed f) {
        LOG.warn("[{}] ODMR delivery failed: {}", sessionId, f.reason());
      } else if (e instanceof SmtpClientEvent.Closed) {
        closeContent();
        LOG.info("[{}] ODMR delivery ended: {} message(s) collected, {} the customer's server cannot take left held",
            sessionId, delivered, notSent);
      }
    }
    stream(client);
  }

  /** {@return whether content is waiting that the engine can take now} */
  boolean wantsToWrite(SmtpClient client) {
    return content != null && client.canWriteContent();
  }

  private void next(SmtpClient client) throws IOException {
    EhloCapabilities customer = client.capabilities().orElseGet(() -> EhloCapabilities.none("the ODMR customer"));
    for (HeldMail.Batch b; (b = batches.poll()) != null; ) {
      Optional<HeldMail.Sending> sending = held.sending(b, customer);
      if (sending.isPresent()) {
        current = sending.get().batch();
        client.send(MessageContent.of(current.message().data()).declaredOn(sending.get().envelope()));
        return;
      }
    }
    current = null;
    client.quit();
  }

  private void stream(SmtpClient client) throws IOException {
    while (content != null && client.canWriteContent()) {
      buffer.clear();
      if (content.read(buffer) < 0) {
        closeContent();
        client.endContent();
        return;
      }
      client.writeContent(buffer.flip());
    }
  }

  private void finished(SmtpClientEvent.TransactionResult t, SmtpClient client) throws IOException {
    closeContent();
    List<String> accepted = t.outcome() == SmtpClientEvent.Outcome.ACCEPTED
        ? t.deliveredTo().stream().map(r -> r.forwardPath().mailbox().orElseThrow().toString()).toList() : List.of();
    List<String> stay = new ArrayList<>(current.others());
    current.recipients().stream().filter(r -> !accepted.contains(r)).forEach(stay::add);
    boolean withoutDsn = !client.capabilities().map(c -> c.has(SmtpExtension.DSN)).orElse(false);
    held.delivered(new HeldMail.Batch(current.message(), current.recipients(), stay), accepted, withoutDsn);
    delivered += accepted.isEmpty() ? 0 : 1;
    if (t.outcome() == SmtpClientEvent.Outcome.NOT_SENT) {
      notSent++;
      LOG.warn("[{}] ODMR: {} stays held, not sent: {}", sessionId, current.message().id(), t.reason());
    } else {
      LOG.info("[{}] ODMR: {} collected for {}", sessionId, current.message().id(), accepted);
    }
    current = null;
  }

  private void closeContent() throws IOException {
    if (content != null) {
      content.close();
      content = null;
    }
  }
}
