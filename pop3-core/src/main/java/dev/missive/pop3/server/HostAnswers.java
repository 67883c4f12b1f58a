package dev.missive.pop3.server;

import dev.missive.pop3.Pop3Response;
import dev.missive.pop3.ResponseCode;
import dev.missive.pop3.server.internal.ReplyWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the host's {@link Pop3Decision} on the {@link Pending} decision into the {@link Step} that
 * {@link Pop3ServerCore} applies, as the phases turn commands into steps: a login accepted or refused (RFC 1939 §7,
 * RFC 5034), the maildrop opened, locked or too large (§4), the deletions committed or not in the UPDATE state
 * (§6), a message that could not be sent (§7 RETR). A decision that does not answer the pending one is refused
 * here, before the session changes.
 */
final class HostAnswers {

  private static final Logger LOG = LoggerFactory.getLogger(Pop3Server.class);

  private final LoginPhase login;
  private final ReplyWriter replies;
  private final String hostname;
  private final int maxMessages;
  private final String sessionId;

  HostAnswers(LoginPhase login, ReplyWriter replies, Pop3ServerConfig config, String sessionId) {
    this.login = login;
    this.replies = replies;
    this.hostname = config.hostname();
    this.maxMessages = config.limits().maxMessages();
    this.sessionId = sessionId;
  }

  /**
   * The step for {@code decision} on {@code pending}.
   *
   * @param pending   what the host was asked
   * @param decision  its answer
   * @param retrieval the TRANSACTION state, {@code null} before the maildrop is open
   * @throws IllegalArgumentException if {@code decision} does not answer {@code pending}
   */
  Step answer(Pending pending, Pop3Decision decision, RetrievalPhase retrieval) {
    if (decision instanceof Pop3Decision.Reject r) {
      return rejected(pending, r.response().orElseGet(pending::standardRejection));
    } else if (decision instanceof Pop3Decision.Accept && pending instanceof Pending.Login l) {
      return login.accepted(l);
    } else if (decision instanceof Pop3Decision.Accept && pending instanceof Pending.Update) {
      return new Step.SignOff(retrieval.signOff(hostname), true);
    } else if (decision instanceof Pop3Decision.ApopSecret secret && pending instanceof Pending.ApopSecret a) {
      return login.apop(a, secret.secret());
    } else if (decision instanceof Pop3Decision.MaildropOpened m && pending instanceof Pending.OpenMaildrop o) {
      if (m.listing().size() > maxMessages) {
        LOG.warn("[{}] maildrop of {} messages is over the limit {}", sessionId, m.listing().size(), maxMessages);
        // SessionEnded tells the host to release the lock it took
        return new Step.SignOff(Pop3Response.err(ResponseCode.SYS_PERM, "maildrop is too large for this server"),
            false);
      }
      return new Step.Opened(o, RetrievalPhase.over(m.listing(), replies));
    }
    throw new IllegalArgumentException(Pop3ServerCore.name(decision) + " does not answer "
        + Pop3ServerCore.name(pending.event()));
  }

  private Step rejected(Pending pending, Pop3Response response) {
    if (pending instanceof Pending.Login || pending instanceof Pending.ApopSecret) {
      return login.rejected(pending, response);
    } else if (pending instanceof Pending.Retrieve r && r.started()) {
      LOG.warn("[{}] message {} failed while being sent; closing", sessionId, r.event().messageNumber());
      return new Step.Drop();
    } else if (pending instanceof Pending.Update) {
      return new Step.SignOff(response, false);
    }
    return new Step.Reply(response);
  }
}
