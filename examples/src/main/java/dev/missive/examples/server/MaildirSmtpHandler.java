package dev.missive.examples.server;

import dev.missive.message.address.AddrSpec;
import dev.missive.message.address.ForwardPath;
import dev.missive.message.address.ReversePath;
import dev.missive.sasl.Authentication;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.MailParameters;
import dev.missive.smtp.RcptParameters;
import dev.missive.smtp.ReceivedField;
import dev.missive.smtp.Reply;
import dev.missive.smtp.server.MessageSink;
import dev.missive.smtp.server.SmtpDecision;
import dev.missive.smtp.server.SmtpHandler;
import dev.missive.smtp.server.SmtpServerEvent;
import dev.missive.smtp.server.SmtpSession;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SMTP connection of the example server, as a handler of the SMTP handler engine (RFC 5321 §4.1.1): delivers to
 * Maildirs and hands mail for other domains to the relay.
 *
 * <p>On the submission port the sender must belong to the authenticated user ({@link SenderPolicy}, 553 5.7.1
 * otherwise). Local recipients must exist (550 5.1.1 otherwise, RFC 3463); mail to other domains is accepted only
 * from an authenticated client on the submission port when a relay is configured (550 5.7.1 otherwise). Each distinct
 * local user gets the message once, with {@code Return-Path:} (RFC 5321 §4.4) and {@code Received:} prepended and
 * nothing else changed ({@link MaildirCopies}, which also checks the message on the MX port); 250 is sent only after
 * every copy is durable. A storage failure is the engine's local error ({@code ReplyText.LOCAL_ERROR}, 451), and
 * whatever was written is removed.
 *
 * <p>Relayed mail enters the relay spool with its whole envelope ({@code RelaySpool.begin(Envelope, …)}). With
 * {@code --relay} the submission ports offer FUTURERELEASE and RRVS, which a Maildir copy cannot honour: a local
 * recipient of a held message gets 550 5.3.3 (the copy would be delivered at once, RFC 4865 §4), and one with
 * {@code RRVS=} is refused as RFC 7293 §3 has a host that cannot tell the mailbox's owner history refuse it
 * (5.7.19, unless {@code ;C} lets it go on).
 */
final class MaildirSmtpHandler implements SmtpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(MaildirSmtpHandler.class);
  /** RFC 4865 §4 holds a message until its release time; a Maildir copy is delivered at once (RFC 3463 X.3.3). */
  private static final Reply HOLD_NOT_LOCAL = Reply.of(550, "5.3.3",
      "Held delivery (HOLDFOR/HOLDUNTIL) is offered for relayed mail only");

  private final SmtpSession session;
  private final String id;
  private final MailRouting routing;
  private final boolean submission;
  private final SenderPolicy senders;
  private final Set<String> localUsers = new LinkedHashSet<>();
  private final List<AddrSpec> remoteRecipients = new ArrayList<>();
  private final Optional<InboundChecks> inbound;
  private final InetAddress client;
  private boolean held;

  MaildirSmtpHandler(SmtpSession session, MailRouting routing, boolean submission, SenderPolicy senders,
                     Optional<InboundChecks> inbound, InetAddress client) {
    this.session = session;
    this.id = session.peer().sessionId();
    this.routing = routing;
    this.submission = submission;
    this.senders = senders;
    this.inbound = inbound;
    this.client = client;
  }

  @Override
  public SmtpDecision mailFrom(ReversePath from, MailParameters parameters) {
    reset();
    held = parameters.release().isPresent();
    Optional<Authentication> login = session.authentication();
    Optional<Reply> refusal = submission ? senders.refusal(from, login) : Optional.empty();
    if (refusal.isPresent()) {
      LOG.info("{} sender {} refused for login {}", id, from.toWireForm(),
          login.map(Authentication::authorizationId).orElse("(none)"));
      return SmtpDecision.reject(refusal.get());
    }
    return SmtpDecision.accept();
  }

  @Override
  public SmtpDecision rcptTo(ForwardPath path, RcptParameters parameters) {
    if (path.isPostmaster()) {
      return local(routing.postmaster(), path, parameters);
    }
    AddrSpec mailbox = path.mailbox().orElseThrow();
    if (routing.isLocal(mailbox.domain())) {
      return local(routing.localUser(mailbox.localPart().value()), path, parameters);
    }
    if (submission && session.authentication().isPresent() && routing.canRelay()) {
      remoteRecipients.add(mailbox);
      return SmtpDecision.accept();
    }
    LOG.info("{} relaying denied for {}", id, path.toWireForm());
    return SmtpDecision.reject(Reply.of(550, "5.7.1", "Relaying denied"));
  }

  private SmtpDecision local(Optional<String> user, ForwardPath path, RcptParameters parameters) {
    if (user.isPresent() && held) { // storing in the Maildir is delivery: nothing holds it
      LOG.info("{} held delivery to local {} refused", id, path.toWireForm());
      return SmtpDecision.reject(HOLD_NOT_LOCAL);
    }
    Optional<Reply> rrvs = parameters.validSince().flatMap(v -> v.refusal(Optional.empty()));
    if (user.isPresent() && rrvs.isPresent()) { // no owner history is kept for a local mailbox
      LOG.info("{} RRVS for local {} cannot be checked: {}", id, path.toWireForm(), rrvs.get());
      return SmtpDecision.reject(rrvs.get());
    }
    if (user.isPresent()) {
      localUsers.add(user.get());
      return SmtpDecision.accept();
    }
    LOG.info("{} no such user: {}", id, path.toWireForm());
    return SmtpDecision.reject(Reply.of(550, "5.1.1", "No such user here"));
  }

  @Override
  public MessageSink data(Envelope envelope, ReceivedField trace) throws IOException {
    String returnPath = envelope.reversePath().toWireForm();
    String sender = envelope.reversePath().mailbox().map(Object::toString).orElse("");
    MaildirCopies copies = new MaildirCopies(id, returnPath, trace.toString().getBytes(StandardCharsets.UTF_8));
    try {
      if (inbound.isPresent() && !localUsers.isEmpty()) {
        copies.checkFirst(inbound.get(), new InboundAuthentication(inbound.get().dns(), inbound.get().authservId(),
            client, session.clientName().orElse(""), sender));
      }
      for (String user : localUsers) {
        copies.deliverTo(routing.maildir(), user);
      }
      if (!remoteRecipients.isEmpty()) {
        copies.relay(routing.relay().begin(envelope, remoteRecipients)); // with every fact the relay honours
      }
    } catch (IOException e) {
      copies.abort();
      throw e;
    }
    return copies;
  }

  @Override
  public void authenticated(Authentication who) {
    LOG.info("{} authenticated as {} with {}", id, who.authenticationId(), who.mechanism()); // never the secret
  }

  @Override
  public void violation(SmtpServerEvent.ProtocolViolation violation) {
    LOG.info("{} protocol violation: {}", id, violation.description());
  }

  @Override
  public void reset() {
    localUsers.clear();
    remoteRecipients.clear();
  }
}
