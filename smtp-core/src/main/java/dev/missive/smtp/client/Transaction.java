package dev.missive.smtp.client;

import dev.missive.smtp.Envelope;
import dev.missive.smtp.MtPriority;
import dev.missive.smtp.Reply;
import dev.missive.smtp.client.SmtpClientEvent.Outcome;
import dev.missive.smtp.client.SmtpClientEvent.RecipientResult;
import dev.missive.smtp.client.SmtpClientEvent.TransactionResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The running record of one mail transaction (RFC 5321 §3.3): the reply to each RCPT in order, and the first
 * failure of MAIL, DATA or a BDAT chunk, from which its {@link TransactionResult} is made.
 */
final class Transaction {

  private final Envelope envelope;
  private final RecipientPolicy policy;
  private final EnvelopeWriter commands;
  private final boolean bdat;
  private final List<RecipientResult> recipients = new ArrayList<>();
  private final List<RecipientResult> deliveries = new ArrayList<>();
  private Reply failure;
  private String reason = "";
  private int accepted;
  private Optional<MtPriority> assignedPriority = Optional.empty();

  /** Starts the record of {@code envelope}. */
  public Transaction(Envelope envelope, RecipientPolicy policy, EnvelopeWriter commands, boolean bdat) {
    this.envelope = envelope;
    this.policy = policy;
    this.commands = commands;
    this.bdat = bdat;
  }

  /** The envelope. */
  public Envelope envelope() {
    return envelope;
  }

  /** Whether the message goes only if every recipient is accepted ({@link RecipientPolicy#ALL}). */
  public boolean allRecipientsRequired() {
    return policy == RecipientPolicy.ALL;
  }

  /** The command lines. */
  public EnvelopeWriter commands() {
    return commands;
  }

  /** Whether the content goes with BDAT. */
  public boolean bdat() {
    return bdat;
  }

  /** Records the reply to the next RCPT and returns its event. */
  public RecipientResult recipientReply(Reply reply) {
    int index = recipients.size();
    RecipientResult result = new RecipientResult(index, envelope.recipients().get(index), reply);
    recipients.add(result);
    if (result.accepted()) {
      accepted++;
    }
    return result;
  }

  /** Whether every RCPT got its reply. */
  public boolean allRecipientsAnswered() {
    return recipients.size() == envelope.recipients().size();
  }

  /** How many recipients the server accepted. */
  public int accepted() {
    return accepted;
  }

  /** Records an LMTP reply after the data for the next accepted recipient (RFC 2033 §4.2). */
  public void deliveryReply(Reply reply) {
    RecipientResult rcpt = recipients.stream().filter(RecipientResult::accepted).skip(deliveries.size()).findFirst()
        .orElse(null);
    if (rcpt != null) {
      deliveries.add(new RecipientResult(rcpt.index(), rcpt.recipient(), reply));
    }
  }

  /** How many LMTP replies after the data are still due. */
  public int deliveriesDue() {
    return accepted - deliveries.size();
  }

  /** Notes the priority the server says it assigned in {@code reply} (RFC 6710 §4.1), to MAIL FROM or the data. */
  public void priorityReply(Reply reply) {
    assignedPriority = MtPriority.assignedIn(reply).or(() -> assignedPriority);
  }

  /** Records a failure; the first one decides the result. */
  public void fail(Reply reply, String why) {
    if (failure == null && reason.isEmpty()) {
      failure = reply;
      reason = why;
    }
  }

  /** Whether a failure was recorded. */
  public boolean failed() {
    return failure != null || !reason.isEmpty();
  }

  /**
   * The result: the recorded failure if any, else the outcome of {@code finalReply} (SMTP) or of the LMTP replies
   * recorded with {@link #deliveryReply(Reply)}.
   */
  public TransactionResult result(Reply finalReply) {
    if (failed()) {
      return new TransactionResult(envelope, Outcome.REJECTED, Optional.ofNullable(failure), recipients,
          deliveries, reason, assignedPriority);
    }
    boolean delivered = deliveries.isEmpty() ? finalReply.isPositiveCompletion()
        : deliveries.stream().anyMatch(RecipientResult::accepted);
    Outcome outcome = delivered ? Outcome.ACCEPTED : Outcome.REJECTED;
    Reply deciding = deliveries.isEmpty() ? finalReply : deliveries.get(0).reply();
    priorityReply(deciding);
    return new TransactionResult(envelope, outcome, Optional.of(deciding), recipients, deliveries,
        outcome == Outcome.ACCEPTED ? "" : "the server refused the message", assignedPriority);
  }

  /** The result of a transaction that ended without a final reply. */
  public TransactionResult aborted(Reply reply, String why) {
    fail(reply, why);
    return new TransactionResult(envelope, Outcome.REJECTED, Optional.ofNullable(failure), recipients, deliveries,
        reason, assignedPriority);
  }

  /** The result of an envelope the engine refused to send. */
  public static TransactionResult notSent(Envelope envelope, String why) {
    return new TransactionResult(envelope, Outcome.NOT_SENT, Optional.empty(), List.of(), List.of(), why);
  }
}
