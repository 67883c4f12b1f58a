package dev.missive.pop3.server;

import dev.missive.pop3.Pop3Response;
import dev.missive.pop3.ResponseCode;
import dev.missive.pop3.server.internal.ContentStream;
import dev.missive.sasl.Authentication;

/**
 * What the engine waits for from its host: at most one at a time, and none while it is {@code null}. Each variant
 * holds the event the host was given and what the engine needs to apply the answer.
 */
sealed interface Pending {

  /** {@return the event the host answers} */
  Pop3ServerEvent.DecisionRequired event();

  /** {@return the {@code -ERR} for {@link Pop3Decision#reject()}} */
  Pop3Response standardRejection();

  /** USER/PASS: the password is right or not (RFC 1939 §7). */
  record Login(Pop3ServerEvent.LoginRequested event) implements Pending {
    @Override
    public Pop3Response standardRejection() {
      return Pop3Response.err(ResponseCode.AUTH, "invalid user name or password");
    }
  }

  /** APOP: the shared secret to check {@code digest} with (RFC 1939 §7); the digest is never shown. */
  record ApopSecret(Pop3ServerEvent.ApopSecretRequested event, String digest) implements Pending {
    @Override
    public Pop3Response standardRejection() {
      return Pop3Response.err(ResponseCode.AUTH, "invalid user name or password");
    }

    @Override
    public String toString() {
      return "ApopSecret[user=" + event.user() + ", digest=***]";
    }
  }

  /** After a login by {@code who}: open and lock the maildrop (RFC 1939 §4). */
  record OpenMaildrop(Pop3ServerEvent.MaildropOpenRequested event, Authentication who) implements Pending {
    @Override
    public Pop3Response standardRejection() {
      return Pop3Response.err(ResponseCode.IN_USE, "maildrop is locked by another session");
    }
  }

  /**
   * RETR or TOP: the host streams the message into {@code content}; {@code started} once the {@code +OK} went out,
   * after which the response cannot be taken back.
   */
  record Retrieve(Pop3ServerEvent.RetrieveRequested event, ContentStream content, boolean started)
      implements Pending {
    @Override
    public Pop3Response standardRejection() {
      return Pop3Response.err(ResponseCode.SYS_TEMP, "message is not available now");
    }
  }

  /** The UPDATE state after QUIT: commit the deletions (RFC 1939 §6). */
  record Update(Pop3ServerEvent.UpdateRequested event) implements Pending {
    @Override
    public Pop3Response standardRejection() {
      return Pop3Response.err(ResponseCode.SYS_TEMP, "some deleted messages not removed");
    }
  }
}
