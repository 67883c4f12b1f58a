package dev.missive.smtp.server;

import dev.missive.smtp.Reply;

/** Whether a host's {@link SmtpDecision} fits the event it answers (docs/architecture.md, "Decisions"). */
final class DecisionCheck {

  private DecisionCheck() {
  }

  /**
   * Throws {@link IllegalArgumentException} if {@code d} is no answer to {@code event}: an accepting reply that is
   * not 2xx (354 for DATA, none for BDAT), a rejection that is not 4xx or 5xx, per-recipient replies outside LMTP's
   * DataEnd, of the wrong number or with a 3xx (RFC 2033 §4.2); for ETRN any reply but RFC 1985 §5's.
   */
  static void check(SmtpServerEvent.DecisionRequired event, SmtpDecision d, boolean lmtp, int recipients) {
    if (event instanceof SmtpServerEvent.Etrn) {
      checkEtrn(d);
      return;
    }
    if (event instanceof SmtpServerEvent.Atrn || d instanceof SmtpDecision.Reverse) {
      boolean fits = event instanceof SmtpServerEvent.Atrn && (d instanceof SmtpDecision.Reverse
          || d instanceof SmtpDecision.Reject r && QueueRunCommand.isAtrnRefusal(r.reply().code()));
      if (!fits) {
        throw new IllegalArgumentException("ATRN is answered with reverse(successor) or refused 450/451/453 "
            + "(RFC 2645 §7), and reverse answers nothing else; pending: " + event);
      }
      return;
    }
    if (d instanceof SmtpDecision.Accept a && a.reply().isPresent()) {
      int code = a.reply().get().code();
      if (event instanceof SmtpServerEvent.DataStart start) {
        if (start.chunked() || code != 354) {
          throw new IllegalArgumentException("DATA is accepted with 354; BDAT chunks get the engine's replies");
        }
      } else if (code / 100 != 2) {
        throw new IllegalArgumentException("accept needs a positive reply, not " + code + " (pending: " + event + ")");
      }
    } else if (d instanceof SmtpDecision.Reject r && r.reply().code() / 100 != 4 && r.reply().code() / 100 != 5) {
      throw new IllegalArgumentException("reject needs a 4xx or 5xx reply, not " + r.reply().code());
    } else if (d instanceof SmtpDecision.PerRecipient p) {
      if (!(event instanceof SmtpServerEvent.DataEnd) || !lmtp) {
        throw new IllegalArgumentException("per-recipient replies answer DataEnd in LMTP mode; pending: " + event);
      }
      if (p.replies().size() != recipients) {
        throw new IllegalArgumentException("need " + recipients + " replies, got " + p.replies().size());
      }
      for (Reply r : p.replies()) {
        if (r.code() / 100 == 3) {
          throw new IllegalArgumentException("LMTP per-recipient replies are 2xx, 4xx or 5xx");
        }
      }
    }
  }

  /** RFC 1985 §5: ETRN is answered 250–253, or refused 458 or 459. */
  private static void checkEtrn(SmtpDecision d) {
    boolean fits = d instanceof SmtpDecision.Accept a
        ? a.reply().isEmpty() || QueueRunCommand.isPositive(a.reply().get().code())
        : d instanceof SmtpDecision.Reject r && QueueRunCommand.isRefusal(r.reply().code());
    if (!fits) {
      throw new IllegalArgumentException("ETRN is answered 250-253 or refused 458/459 (RFC 1985 §5), not " + d);
    }
  }
}
