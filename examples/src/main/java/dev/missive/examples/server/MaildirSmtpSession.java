package dev.missive.examples.server;

import dev.missive.examples.maildir.Maildir;
import dev.missive.examples.relay.RelaySpool;
import dev.missive.transport.EngineSession;
import dev.missive.message.address.AddrSpec;
import dev.missive.message.address.ForwardPath;
import dev.missive.smtp.Reply;
import dev.missive.smtp.server.Authentication;
import dev.missive.smtp.server.SmtpServer;
import dev.missive.smtp.server.SmtpServerEvent;
import dev.missive.mailauth.results.ForgedResultsRemover;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SMTP connection of the example server: answers the engine's events (RFC 5321 §4.1.1), delivers to Maildirs
 * and hands mail for other domains to the relay.
 *
 * <p>On the submission port the sender must belong to the authenticated user ({@link SenderPolicy}, 553 5.7.1
 * otherwise). Local recipients must exist (550 5.1.1 otherwise, RFC 3463); mail to other domains is accepted only
 * from an authenticated client on the submission port when a relay is configured (550 5.7.1 otherwise). Each distinct
 * local user gets the message once, with {@code Return-Path:} (RFC 5321 §4.4) and {@code Received:} prepended and
 * nothing else changed; 250 is sent only after every copy is durable.
 *
 * <p>On the MX port ({@link InboundChecks} given) the message is also checked (SPF, DKIM, DMARC, ARC) while it
 * arrives and waits in a spool file; at the end of data this host's {@code Authentication-Results:} goes between
 * {@code Return-Path:} and {@code Received:}, and incoming fields claiming this host's authserv-id are left out
 * (RFC 8601 §5).
 */
final class MaildirSmtpSession implements EngineSession {

  private static final Logger LOG = LoggerFactory.getLogger(MaildirSmtpSession.class);

  private final SmtpServer engine;
  private final String id;
  private final MailRouting routing;
  private final boolean submission;
  private final SenderPolicy senders;
  private final Set<String> localUsers = new LinkedHashSet<>();
  private final List<AddrSpec> remoteRecipients = new ArrayList<>();
  private final List<Maildir.Delivery> deliveries = new ArrayList<>();
  private final Optional<InboundChecks> inbound;
  private final InetAddress client;
  private RelaySpool.Submission relaying;
  private String returnPath = "<>";
  private String sender = "";
  private InboundAuthentication checks;
  private Path checking;
  private SeekableByteChannel checkingOut;

  MaildirSmtpSession(SmtpServer engine, MailRouting routing, boolean submission, SenderPolicy senders,
                     Optional<InboundChecks> inbound, InetAddress client) {
    this.engine = engine;
    this.id = engine.peer().sessionId();
    this.routing = routing;
    this.submission = submission;
    this.senders = senders;
    this.inbound = inbound;
    this.client = client;
  }

  @Override
  public SmtpServer engine() {
    return engine;
  }

  @Override
  public void handleEvents() throws IOException {
    for (SmtpServerEvent e; (e = engine.nextEvent()) != null; ) {
      if (e instanceof SmtpServerEvent.MailFrom m) {
        mailFrom(m);
      } else if (e instanceof SmtpServerEvent.RcptTo r) {
        rcptTo(r.forwardPath());
      } else if (e instanceof SmtpServerEvent.DataStart) {
        startData();
      } else if (e instanceof SmtpServerEvent.DataChunk c) {
        if (checks != null) {
          checks.feed(c.bytes());
          for (ByteBuffer b = c.bytes().duplicate(); b.hasRemaining(); ) {
            checkingOut.write(b);
          }
        } else {
          for (Maildir.Delivery d : deliveries) {
            d.write(c.bytes().duplicate());
          }
        }
        if (relaying != null) {
          relaying.write(c.bytes().duplicate());
        }
      } else if (e instanceof SmtpServerEvent.DataEnd) {
        commit();
      } else if (e instanceof SmtpServerEvent.DataAborted || e instanceof SmtpServerEvent.Reset
          || e instanceof SmtpServerEvent.Quit) {
        abort();
      } else if (e instanceof SmtpServerEvent.AuthSucceeded a) {
        LOG.info("{} authenticated as {} with {}", id, a.authenticationId(), a.mechanism()); // never the secret
      } else if (e instanceof SmtpServerEvent.ProtocolViolation v) {
        LOG.info("{} protocol violation: {}", id, v.description());
      } else if (e.needsDecision()) {
        engine.accept(); // HELO/EHLO, VRFY and EXPN (the engine's own 252 default applies)
      }
    }
  }

  private void mailFrom(SmtpServerEvent.MailFrom m) {
    abort();
    Optional<Reply> refusal = submission ? senders.refusal(m.reversePath(), m.authentication()) : Optional.empty();
    if (refusal.isPresent()) {
      LOG.info("{} sender {} refused for login {}", id, m.reversePath().toWireForm(),
          m.authentication().map(Authentication::authorizationId).orElse("(none)"));
      engine.reject(refusal.get());
      return;
    }
    returnPath = m.reversePath().toWireForm();
    sender = m.reversePath().mailbox().map(Object::toString).orElse("");
    engine.accept();
  }

  private void rcptTo(ForwardPath path) {
    if (path.isPostmaster()) {
      accept(routing.postmaster(), path);
      return;
    }
    AddrSpec mailbox = path.mailbox().orElseThrow();
    if (routing.isLocal(mailbox.domain())) {
      accept(routing.localUser(mailbox.localPart().value()), path);
    } else if (submission && engine.authorizationId().isPresent() && routing.canRelay()) {
      remoteRecipients.add(mailbox);
      engine.accept();
    } else {
      LOG.info("{} relaying denied for {}", id, path.toWireForm());
      engine.reject(Reply.of(550, "5.7.1", "Relaying denied"));
    }
  }

  private void accept(Optional<String> user, ForwardPath path) {
    if (user.isPresent()) {
      localUsers.add(user.get());
      engine.accept();
    } else {
      LOG.info("{} no such user: {}", id, path.toWireForm());
      engine.reject(Reply.of(550, "5.1.1", "No such user here"));
    }
  }

  private void startData() throws IOException {
    byte[] received = engine.receivedField().toString().getBytes(StandardCharsets.UTF_8);
    byte[] returnPathField = ("Return-Path: " + returnPath + "\r\n").getBytes(StandardCharsets.UTF_8);
    try {
      for (String user : localUsers) {
        Maildir.Delivery d = routing.maildir().begin(user);
        deliveries.add(d);
        if (inbound.isEmpty()) {
          d.write(returnPathField);
          d.write(received);
        }
      }
      if (inbound.isPresent() && !deliveries.isEmpty()) {
        InboundChecks in = inbound.get();
        Files.createDirectories(in.spool());
        checking = Files.createTempFile(in.spool(), id + "-", ".eml");
        checkingOut = Files.newByteChannel(checking, StandardOpenOption.WRITE);
        checks = new InboundAuthentication(in.dns(), in.authservId(), client,
            engine.clientName().orElse(""), sender);
      }
      if (!remoteRecipients.isEmpty()) {
        // a relay adds Received only: Return-Path is written at final delivery (RFC 5321 §4.4)
        relaying = routing.relay().begin(sender, remoteRecipients);
        relaying.write(java.nio.ByteBuffer.wrap(received));
      }
      engine.accept();
    } catch (IOException e) {
      LOG.warn("{} cannot start delivery", id, e);
      abort();
      engine.reject(Reply.of(451, "4.3.0", "Local storage error, try again later"));
    }
  }

  private void commit() {
    try {
      if (checks != null) {
        storeChecked();
      }
      for (Maildir.Delivery d : deliveries) {
        d.commit();
      }
      if (relaying != null) {
        relaying.commit();
      }
      LOG.info("{} delivered from {} to {} local and {} remote recipients", id, returnPath, localUsers.size(),
          remoteRecipients.size());
      deliveries.clear();
      relaying = null;
      engine.accept();
    } catch (IOException e) {
      LOG.warn("{} delivery failed", id, e);
      abort();
      engine.reject(Reply.of(451, "4.3.0", "Local storage error, try again later"));
    }
    localUsers.clear();
    remoteRecipients.clear();
  }

  /**
   * Writes each copy of a checked message: Return-Path, this host's Authentication-Results, Received, then the
   * message without fields claiming this host's authserv-id (RFC 8601 §5).
   */
  private void storeChecked() throws IOException {
    checkingOut.close();
    checkingOut = null;
    InboundChecks in = inbound.orElseThrow();
    byte[] results = checks.finish(id).raw();
    byte[] received = engine.receivedField().toString().getBytes(StandardCharsets.UTF_8);
    byte[] returnPathField = ("Return-Path: " + returnPath + "\r\n").getBytes(StandardCharsets.UTF_8);
    for (Maildir.Delivery d : deliveries) {
      d.write(returnPathField);
      d.write(results);
      d.write(new byte[] {'\r', '\n'});
      d.write(received);
      try (InputStream message = Files.newInputStream(checking);
           ForgedResultsRemover filtered = new ForgedResultsRemover(new DeliveryStream(d), in.authservId())) {
        message.transferTo(filtered);
      }
    }
    dropChecking();
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

  private void abort() {
    dropChecking();
    deliveries.forEach(Maildir.Delivery::abort);
    deliveries.clear();
    if (relaying != null) {
      relaying.abort();
      relaying = null;
    }
    localUsers.clear();
    remoteRecipients.clear();
  }

  /** Server shutdown: any transaction is dropped and the client gets 421 4.3.2 (RFC 5321 §3.8). */
  @Override
  public void shutdown() {
    abort();
    engine.shutdown();
  }

  @Override
  public void closed() {
    abort();
  }
}
