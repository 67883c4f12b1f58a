package dev.missive.examples.server;

import dev.missive.examples.maildir.Maildir;
import dev.missive.examples.relay.RelaySpool;
import dev.missive.mailauth.results.ForgedResultsRemover;
import dev.missive.smtp.server.MessageSink;
import dev.missive.smtp.server.ReceivedContent;
import dev.missive.smtp.server.SmtpDecision;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One message's copies as it arrives: one Maildir delivery per local user (with {@code Return-Path:} and
 * {@code Received:} on top, RFC 5321 §4.4), and one in the relay spool for the remote recipients
 * ({@code Received:} only). Every copy is made durable before the 250; a failure removes what was written.
 *
 * <p>With {@link InboundChecks} (the MX port) the local copies wait in a spool file while SPF, DKIM, DMARC and ARC
 * are checked; at the end of data this host's {@code Authentication-Results:} goes between {@code Return-Path:} and
 * {@code Received:}, and incoming fields claiming this host's authserv-id are left out (RFC 8601 §5).
 */
final class MaildirCopies implements MessageSink {

  private static final Logger LOG = LoggerFactory.getLogger(MaildirCopies.class);

  private final String id;
  private final String returnPath;
  private final byte[] returnPathField;
  private final byte[] received;
  private final List<Maildir.Delivery> deliveries = new ArrayList<>();
  private RelaySpool.Submission relaying;
  private InboundChecks inbound;
  private InboundAuthentication checks;
  private Path checking;
  private SeekableByteChannel checkingOut;

  MaildirCopies(String id, String returnPath, byte[] received) {
    this.id = id;
    this.returnPath = returnPath;
    this.returnPathField = ("Return-Path: " + returnPath + "\r\n").getBytes(StandardCharsets.UTF_8);
    this.received = received;
  }

  /** Starts the copy of {@code user}; its header goes on now, unless the message is checked first. */
  void deliverTo(Maildir maildir, String user) throws IOException {
    Maildir.Delivery d = maildir.begin(user);
    deliveries.add(d);
    if (checks == null) {
      d.write(returnPathField);
      d.write(received);
    }
  }

  /** Checks the message before the local copies are written (call before {@link #deliverTo}). */
  void checkFirst(InboundChecks in, InboundAuthentication authentication) throws IOException {
    Files.createDirectories(in.spool());
    inbound = in;
    checking = Files.createTempFile(in.spool(), id + "-", ".eml");
    checkingOut = Files.newByteChannel(checking, StandardOpenOption.WRITE);
    checks = authentication;
  }

  /** Starts the relay spool's copy; a relay adds Received only, Return-Path is written at final delivery. */
  void relay(RelaySpool.Submission submission) throws IOException {
    relaying = submission;
    relaying.write(ByteBuffer.wrap(received));
  }

  boolean hasLocalCopies() {
    return !deliveries.isEmpty();
  }

  @Override
  public void write(ByteBuffer chunk) throws IOException {
    if (checks != null) {
      checks.feed(chunk.duplicate());
      for (ByteBuffer b = chunk.duplicate(); b.hasRemaining(); ) {
        checkingOut.write(b);
      }
    } else {
      for (Maildir.Delivery d : deliveries) {
        d.write(chunk.duplicate());
      }
    }
    if (relaying != null) {
      relaying.write(chunk.duplicate());
    }
  }

  @Override
  public SmtpDecision end(ReceivedContent info) throws IOException {
    if (checks != null) {
      storeChecked();
    }
    for (Maildir.Delivery d : deliveries) {
      d.commit();
    }
    if (relaying != null) {
      relaying.commit();
    }
    LOG.info("{} delivered from {} to {} local mailboxes{}", id, returnPath, deliveries.size(),
        relaying == null ? "" : " and the relay");
    return SmtpDecision.accept();
  }

  /**
   * Writes each checked copy: Return-Path, this host's Authentication-Results, Received, then the message without
   * fields claiming this host's authserv-id (RFC 8601 §5).
   */
  private void storeChecked() throws IOException {
    checkingOut.close();
    checkingOut = null;
    byte[] results = checks.finish(id).raw();
    for (Maildir.Delivery d : deliveries) {
      d.write(returnPathField);
      d.write(results);
      d.write(new byte[] {'\r', '\n'});
      d.write(received);
      try (InputStream message = Files.newInputStream(checking);
           ForgedResultsRemover filtered = new ForgedResultsRemover(new DeliveryStream(d), inbound.authservId())) {
        message.transferTo(filtered);
      }
    }
    dropChecking();
  }

  @Override
  public void abort() {
    dropChecking();
    deliveries.forEach(Maildir.Delivery::abort);
    if (relaying != null) {
      relaying.abort();
    }
  }

  private void dropChecking() {
    checks = null;
    if (checkingOut != null) {
      try {
        checkingOut.close();
      } catch (IOException ignored) {
        // dropped anyway
      }
      checkingOut = null;
    }
    if (checking != null) {
      try {
        Files.deleteIfExists(checking);
      } catch (IOException e) {
        LOG.warn("{} cannot delete {}", id, checking, e);
      }
      checking = null;
    }
  }

  /** A delivery as an output stream; closing it does not end the delivery. */
  private static final class DeliveryStream extends OutputStream {
    private final Maildir.Delivery delivery;

    DeliveryStream(Maildir.Delivery delivery) {
      this.delivery = delivery;
    }

    @Override
    public void write(int b) throws IOException {
      delivery.write(new byte[] {(byte) b});
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      delivery.write(ByteBuffer.wrap(b, off, len));
    }
  }
}
