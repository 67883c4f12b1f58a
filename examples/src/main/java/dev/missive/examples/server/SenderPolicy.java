package dev.missive.examples.server;

import dev.missive.message.address.AddrSpec;
import dev.missive.message.address.ReversePath;
import dev.missive.sasl.Authentication;
import dev.missive.smtp.Reply;
import java.util.Optional;

/**
 * The submission ports' rule for the envelope sender (RFC 6409 §6.1: a submission server may refuse a sender the
 * client is not authorised to use): an authenticated user sends as {@code user@domain} for a local domain, its own
 * mailbox and nothing else, as Postfix's {@code reject_sender_login_mismatch} does with a sender login map that gives
 * every user their own addresses. Anything else gets {@code 553 5.7.1}, before any recipient.
 *
 * <p>The null reverse-path {@code <>} is allowed: delivery status notifications and automatic replies are sent with
 * it (RFC 3464 §2, RFC 3834 §3.3), it names no one, and mail sent with it cannot bounce back to anyone. The MX port
 * has no logins and no such rule. {@code --allow-sender-mismatch} turns the rule off.
 *
 * @param routing  the local domains and users
 * @param enforced whether mismatches are refused
 */
record SenderPolicy(MailRouting routing, boolean enforced) {

  /**
   * The reply refusing {@code sender} for {@code login}, or empty if the sender may be used.
   *
   * @param sender the MAIL FROM reverse-path
   * @param login  who the client authenticated as, if it did
   */
  Optional<Reply> refusal(ReversePath sender, Optional<Authentication> login) {
    Optional<AddrSpec> mailbox = sender.mailbox();
    if (!enforced || mailbox.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> user = login.flatMap(l -> routing.users().canonical(l.authorizationId()));
    if (user.isEmpty()) {
      return Optional.of(Reply.of(553, "5.7.1", "Sender address rejected: not logged in as a local user"));
    }
    boolean own = routing.isLocal(mailbox.get().domain())
        && routing.localUser(mailbox.get().localPart().value()).equals(user);
    return own ? Optional.empty()
        : Optional.of(Reply.of(553, "5.7.1", "Sender address rejected: not owned by user " + user.get()));
  }
}
