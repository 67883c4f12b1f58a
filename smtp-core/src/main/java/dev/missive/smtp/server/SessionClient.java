package dev.missive.smtp.server;

import dev.missive.wire.PeerInfo;
import java.util.Optional;

/**
 * Who the client of an SMTP session is: the connection's peer, or the client a trusted proxy named with Postfix's
 * {@code XCLIENT} (for the rest of the session) or {@code XFORWARD} (for one mail transaction), as
 * {@link ForwardingCommand} reads them. The session id stays the connection's.
 */
final class SessionClient {

  private PeerInfo peer;
  private ForwardedClient named;
  private ForwardedClient transactionClient;

  SessionClient(PeerInfo peer) {
    this.peer = peer;
  }

  /** {@return the client: the connection's, or after XCLIENT the named client's address} */
  PeerInfo peer() {
    return peer;
  }

  /** {@return the client the {@code Received:} field names: XFORWARD's for this transaction, else the peer} */
  PeerInfo traceClient() {
    return transactionClient == null || transactionClient.address().isEmpty() ? peer
        : new PeerInfo(transactionClient.addressLiteral(), peer.sessionId(), peer.security());
  }

  /** {@return what XFORWARD said for this transaction, else what XCLIENT said, else empty} */
  Optional<ForwardedClient> forwarded() {
    return Optional.ofNullable(transactionClient != null ? transactionClient : named);
  }

  /** XCLIENT: the rest of the session is {@code client}'s; its address becomes the peer's. */
  void xclient(ForwardedClient client) {
    named = client;
    peer = new PeerInfo(client.addressLiteral(), peer.sessionId(), peer.security());
  }

  /** XFORWARD: the next transaction's client is {@code client}. */
  void xforward(ForwardedClient client) {
    transactionClient = client;
  }

  /** The transaction ended: XFORWARD named the client of that one only. */
  void endTransaction() {
    transactionClient = null;
  }
}
