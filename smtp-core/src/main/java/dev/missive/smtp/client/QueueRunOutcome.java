package dev.missive.smtp.client;

/**
 * What the server said to ETRN (RFC 1985 §5), by reply code; {@link SmtpClientEvent.QueueRunResult} carries it with
 * the reply itself.
 */
public enum QueueRunOutcome {
  /** 250: the queue run for the node started. */
  STARTED,
  /** 251: no messages are waiting for the node. */
  NO_MESSAGES,
  /** 252: a run for the node's pending messages started. */
  PENDING_STARTED,
  /** 253: a run for a given number of pending messages started ({@link SmtpClientEvent.QueueRunResult#pendingMessages()}). */
  PENDING_COUNTED,
  /** 458: the server cannot queue messages for the node now. */
  UNABLE_TO_QUEUE,
  /** 459: the node is not allowed (the reply gives the reason). */
  NOT_ALLOWED,
  /** Any other reply: 500 or 501 (syntax), 502, 503, 530 and the like. */
  REFUSED,
  /** The server did not advertise ETRN in its EHLO reply (RFC 1985 §2), so the command was not sent. */
  NOT_OFFERED;

  /**
   * The outcome a reply code stands for.
   *
   * @param code the reply code
   * @return the outcome
   */
  static QueueRunOutcome of(int code) {
    return switch (code) {
      case 250 -> STARTED;
      case 251 -> NO_MESSAGES;
      case 252 -> PENDING_STARTED;
      case 253 -> PENDING_COUNTED;
      case 458 -> UNABLE_TO_QUEUE;
      case 459 -> NOT_ALLOWED;
      default -> REFUSED;
    };
  }

  /** {@return whether the server took the request (250–253)} */
  public boolean started() {
    return this == STARTED || this == NO_MESSAGES || this == PENDING_STARTED || this == PENDING_COUNTED;
  }
}
