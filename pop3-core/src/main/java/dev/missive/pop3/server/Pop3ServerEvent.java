package dev.missive.pop3.server;

import dev.missive.pop3.Password;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An event a {@link Pop3Server} reports to its host: a decision or storage call the host must answer, or a notice
 * (RFC 1939 §4–§6 states; docs/architecture.md, "Events and queries").
 *
 * <p>Java 17 hosts dispatch with an {@code instanceof} chain:
 * <pre>{@code
 * for (Pop3ServerEvent e; (e = pop3.nextEvent()) != null; ) {
 *   if (e instanceof Pop3ServerEvent.LoginRequested l) {
 *     if (users.check(l.user(), l.password())) pop3.accept(); else pop3.reject();
 *   } else if (e instanceof Pop3ServerEvent.MaildropOpenRequested o) {
 *     pop3.maildropOpened(store.lockAndList(o.user()));        // or pop3.reject(Pop3Response.err(IN_USE, "…"))
 *   } else if (e instanceof Pop3ServerEvent.RetrieveRequested r) {
 *     pop3.content(store.bytes(r.messageNumber())); pop3.contentEnd();
 *   } else if (e instanceof Pop3ServerEvent.UpdateRequested u) {
 *     store.remove(u.deletedMessages()); pop3.accept();
 *   } else if (e instanceof Pop3ServerEvent.SessionEnded s) {
 *     store.unlock();
 *   }
 * }
 * }</pre>
 */
public sealed interface Pop3ServerEvent {

  /** {@return whether the host must answer this event (it is a {@link DecisionRequired})} */
  default boolean needsDecision() {
    return this instanceof DecisionRequired;
  }

  /**
   * The events the host answers, exactly once, with {@link Pop3Server#answer(Pop3Decision)} or its shorthands (a
   * retrieval with the content itself); the engine takes no input until then.
   */
  sealed interface DecisionRequired extends Pop3ServerEvent {
  }

  /**
   * PASS was received after USER (RFC 1939 §7): the host checks the password and answers
   * {@link Pop3Server#accept()} or {@link Pop3Server#reject()}. The password never appears in {@code toString()}.
   *
   * @param user     the name given to USER
   * @param password the PASS argument
   */
  record LoginRequested(String user, Password password) implements DecisionRequired {
    /**
     * Validates the components.
     *
     * @param user     the name given to USER
     * @param password the PASS argument
     */
    public LoginRequested {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
    }
  }

  /**
   * APOP was received (RFC 1939 §7): the host looks up the shared secret and answers
   * {@link Pop3Server#apopSecret(Password)}, or {@link Pop3Server#reject()} for an unknown user; the engine
   * computes and compares the digest itself, in constant time.
   *
   * @param user the name given to APOP
   */
  record ApopSecretRequested(String user) implements DecisionRequired {
    /**
     * Validates the component.
     *
     * @param user the name given to APOP
     */
    public ApopSecretRequested {
      Objects.requireNonNull(user, "user");
    }
  }

  /**
   * The client authenticated (USER/PASS, APOP or AUTH): the host opens and locks the maildrop and answers
   * {@link Pop3Server#maildropOpened(List)}, or {@link Pop3Server#reject(dev.missive.pop3.Pop3Response)} with
   * {@code -ERR [IN-USE]} if it is locked (RFC 1939 §4, RFC 2449 §8.1.1).
   *
   * @param user             whose maildrop to open (for AUTH: the authorization identity, or the authentication
   *                         identity when none was given)
   * @param authenticationId whose credentials were checked
   */
  record MaildropOpenRequested(String user, String authenticationId) implements DecisionRequired {
    /**
     * Validates the components.
     *
     * @param user             whose maildrop to open (for AUTH: the authorization identity, or the authentication
     *                         identity when none was given)
     * @param authenticationId whose credentials were checked
     */
    public MaildropOpenRequested {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(authenticationId, "authenticationId");
    }
  }

  /**
   * RETR or TOP asked for a message (RFC 1939 §5, §7): the host streams the message's stored bytes with
   * {@link Pop3Server#content(java.nio.ByteBuffer)} while {@link Pop3Server#wantsContent()}, then calls
   * {@link Pop3Server#contentEnd()}; or {@link Pop3Server#reject(dev.missive.pop3.Pop3Response)} before the first
   * chunk. The engine canonicalises line endings, dot-stuffs and, for TOP, cuts after the header and
   * {@code bodyLines} lines of the body.
   *
   * @param messageNumber the message number (1-based)
   * @param size          the size the host gave for it
   * @param bodyLines     for TOP the number of body lines wanted; {@code -1} for RETR (the whole message)
   */
  record RetrieveRequested(int messageNumber, long size, long bodyLines) implements DecisionRequired {
    /** {@return whether this is a TOP request} */
    public boolean isTop() {
      return bodyLines >= 0;
    }
  }

  /**
   * QUIT was received in TRANSACTION, the session entered UPDATE (RFC 1939 §6): the host removes the listed
   * messages and answers {@link Pop3Server#accept()}, or {@link Pop3Server#reject(dev.missive.pop3.Pop3Response)}
   * if some could not be removed; either way the session then ends ({@link SessionEnded} follows).
   *
   * @param deletedMessages the message numbers marked as deleted, ascending, possibly empty
   */
  record UpdateRequested(List<Integer> deletedMessages) implements DecisionRequired {
    /**
     * Copies the list.
     *
     * @param deletedMessages the message numbers marked as deleted, ascending, possibly empty
     */
    public UpdateRequested {
      deletedMessages = List.copyOf(deletedMessages);
    }
  }

  /**
   * A notice: a login failed (RFC 1939 §4 and §8 on failed attempts). The engine holds back its {@code -ERR}
   * until {@code delay} has passed on its monotonic clock (reported by {@link Pop3Server#nextDeadline()}, the host
   * calls {@link Pop3Server#onTimeout()}), and closes after {@link Pop3Limits#maxFailedLogins()} failures; the
   * host may also log or throttle the peer.
   *
   * @param user     the name that was tried
   * @param failures failed logins so far in this session
   * @param delay    how long the reply is held back
   */
  record LoginFailed(String user, int failures, Duration delay) implements Pop3ServerEvent {
  }

  /**
   * A notice: the peer made a protocol error (an unknown or out-of-sequence command, a malformed argument, a line
   * too long or with a bare line ending). The engine already answered {@code -ERR}.
   *
   * @param description what was wrong, safe to log (never holds a secret)
   */
  record ProtocolViolation(String description) implements Pop3ServerEvent {
  }

  /**
   * A notice: the session is over (QUIT, lost connection, timeout, too many errors). If a maildrop was opened the
   * host releases its lock now; deletions were committed only if {@code updated} (RFC 1939 §6: a session that
   * ends without QUIT deletes nothing).
   *
   * @param lastState the state the session was in when it ended
   * @param updated   whether the UPDATE state completed with {@code +OK}
   */
  record SessionEnded(Pop3State lastState, boolean updated) implements Pop3ServerEvent {
  }
}
