package dev.missive.smtp.server;

import dev.missive.message.address.ReversePath;
import dev.missive.sasl.Authentication;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.MailParameters;
import dev.missive.smtp.MtPriority;
import dev.missive.smtp.ReceivedField;
import dev.missive.smtp.Recipient;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.TraceProtocol;
import dev.missive.smtp.TransactionLimits;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.TlsInfo;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one server session remembers (RFC 5321 §4.1.4): the greeting, TLS, authentication, the current transaction
 * and the session's counters. The command, content and AUTH phases read it; only {@link SmtpServer} calls its
 * mutators, when it applies their results (docs/architecture.md, "State machines").
 */
final class SessionState {

  /** No extensions: before EHLO, after HELO (shared, unmodifiable). */
  static final Set<SmtpExtension> NONE = Collections.unmodifiableSet(EnumSet.noneOf(SmtpExtension.class));

  private TlsInfo tls;
  private String clientName;
  private HelloKind kind;
  private Set<SmtpExtension> offered = NONE;
  private Authentication authentication;

  private ReversePath reversePath;
  private MailParameters mailParameters;
  /** The client's own {@code MT-PRIORITY=} in this transaction's MAIL FROM (RFC 6710 §4.1), if it wrote one. */
  private Optional<MtPriority> requestedPriority = Optional.empty();
  private final List<Recipient> recipients = new ArrayList<>();
  private boolean chunked;
  private ContentMode contentMode;
  private Reply refusal;

  private int errors;
  private int junk;
  private long transactions;
  private int mailCommands;
  /**
   * The domains of the recipients accepted in this session, which LIMITS RCPTDOMAINMAX bounds (RFC 9422 §4.3): the
   * first one, and a set of all of them from the second on (most sessions name one domain).
   */
  private String firstDomain;
  private Set<String> recipientDomains;

  SessionState(TlsInfo implicitTls) {
    this.tls = implicitTls;
  }

  // ---------------------------------------------------------------- queries

  boolean tls() {
    return tls != null;
  }

  Optional<TlsInfo> tlsInfo() {
    return Optional.ofNullable(tls);
  }

  Optional<String> clientName() {
    return Optional.ofNullable(clientName);
  }

  /** {@return whether the client greeted (HELO, EHLO or LHLO) and was accepted} */
  boolean hasGreeted() {
    return clientName != null;
  }

  /** {@return whether the client greeted with HELO (no extensions, no AUTH)} */
  boolean saidHelo() {
    return kind == HelloKind.HELO;
  }

  Set<SmtpExtension> offered() {
    return offered;
  }

  Optional<Authentication> authentication() {
    return Optional.ofNullable(authentication);
  }

  boolean authenticated() {
    return authentication != null;
  }

  boolean inTransaction() {
    return reversePath != null;
  }

  MailParameters mailParameters() {
    return mailParameters;
  }

  int recipientCount() {
    return recipients.size();
  }

  /** {@return the MAIL commands accepted in this session, which LIMITS MAILMAX bounds (RFC 9422)} */
  int mailCommands() {
    return mailCommands;
  }

  /** {@return whether a recipient at {@code domain} (as {@link TransactionLimits#domainOf} gives it) was accepted} */
  boolean hasRecipientDomain(String domain) {
    return recipientDomains != null ? recipientDomains.contains(domain) : domain.equals(firstDomain);
  }

  /** {@return how many domains the recipients accepted in this session belong to} */
  int recipientDomains() {
    return recipientDomains != null ? recipientDomains.size() : firstDomain != null ? 1 : 0;
  }

  boolean chunked() {
    return chunked;
  }

  ContentMode contentMode() {
    return contentMode;
  }

  /** {@return the reply that refuses the message being read (a refused first BDAT, an oversized chunk), or null} */
  Reply refusal() {
    return refusal;
  }

  Optional<Envelope> envelope() {
    return reversePath == null ? Optional.empty()
        : Optional.of(new Envelope(reversePath, mailParameters, recipients));
  }

  ReceivedField receivedField(SmtpServerConfig config, PeerInfo peer, EngineEnvironment env) {
    TraceProtocol protocol = TraceProtocol.of(config.lmtp(), kind != HelloKind.HELO, tls(), authenticated());
    Optional<String> forPath = Optional.empty();
    if (recipients.size() == 1) {
      String path = recipients.get(0).forwardPath().toWireForm();
      if (path.chars().noneMatch(c -> c == '(' || c == ')' || c == '\\' || c == ';' || c < 0x21)) {
        forPath = Optional.of(path);
      }
    }
    Optional<ReceivedField.Priority> priority = mailParameters == null ? Optional.empty()
        : mailParameters.priority().map(assigned -> new ReceivedField.Priority(assigned, requestedPriority));
    return new ReceivedField(clientName == null ? "unknown" : clientName, Optional.of(peer.remoteAddress()),
        config.hostname(), protocol, Optional.of(peer.sessionId() + "." + transactions), forPath, priority,
        ZonedDateTime.now(env.clock()));
  }

  // ---------------------------------------------------------------- mutators, for SmtpServer only

  void greeted(HelloKind kind, String clientName, Set<SmtpExtension> offered) {
    this.kind = kind;
    this.clientName = clientName;
    this.offered = offered;
  }

  void authenticated(Authentication who) {
    this.authentication = who;
  }

  void mail(ReversePath reversePath, MailParameters parameters, Optional<MtPriority> requestedPriority) {
    this.reversePath = reversePath;
    this.mailParameters = parameters;
    this.requestedPriority = requestedPriority;
    mailCommands++;
  }

  void rcpt(Recipient recipient) {
    recipients.add(recipient);
    String domain = TransactionLimits.domainOf(recipient.forwardPath());
    if (firstDomain == null) {
      firstDomain = domain;
    } else if (recipientDomains == null && !firstDomain.equals(domain)) {
      recipientDomains = new HashSet<>();
      recipientDomains.add(firstDomain);
      recipientDomains.add(domain);
    } else if (recipientDomains != null) {
      recipientDomains.add(domain);
    }
  }

  void content(ContentMode mode) {
    this.contentMode = mode;
    this.chunked |= mode instanceof ContentMode.Chunk;
  }

  void refuse(Reply reply) {
    this.refusal = reply;
  }

  /** Ends the transaction (RSET, the end of a message, HELO/EHLO again, RFC 5321 §4.1.4): the next one is new. */
  void endTransaction() {
    clearTransaction();
    transactions++;
  }

  /** Forgets the transaction without counting it (an aborted message, the TLS handshake). */
  void clearTransaction() {
    reversePath = null;
    mailParameters = null;
    requestedPriority = Optional.empty();
    recipients.clear();
    chunked = false;
    contentMode = null;
    refusal = null;
  }

  /** RFC 3207 §4.2: everything learnt before the handshake is forgotten. */
  void tlsStarted(TlsInfo info) {
    tls = info;
    clientName = null;
    kind = null;
    offered = NONE;
    authentication = null;
    clearTransaction();
  }

  /**
   * Postfix's XCLIENT: the session starts again as the forwarded client's; the client name, extensions and
   * transaction are forgotten, TLS stays, and the proxy's LOGIN (or none) is the authentication.
   */
  void forwarded(Authentication login) {
    clientName = null;
    kind = null;
    offered = NONE;
    authentication = login;
    clearTransaction();
  }

  /** {@return the number of errors so far, this one counted} */
  int countError() {
    return ++errors;
  }

  /** {@return the number of NOOP, RSET, VRFY, EXPN and HELP commands since the last message, this one counted} */
  int countJunk() {
    return ++junk;
  }

  void messageDelivered() {
    junk = 0;
  }
}
