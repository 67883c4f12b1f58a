package dev.missive.smtp.host;

import dev.missive.smtp.Envelope;
import dev.missive.smtp.Recipient;
import dev.missive.smtp.TransactionLimits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Sends one message within the limits the server announced with {@code LIMITS} (RFC 9422): at most
 * {@code RCPTMAX} recipients per transaction (§4.2), so a longer recipient list goes as several transactions of the
 * same message; at most {@code MAILMAX} transactions (§4.1) and {@code RCPTDOMAINMAX} recipient domains (§4.3) per
 * session, so the rest goes on a new connection. Every recipient's outcome is reported once, in envelope order, whatever transaction
 * carried it; a result a server gave (delivered, or refused at RCPT or after the data) is never dropped because a
 * later transaction failed.
 */
final class LimitedSend {

  /** Opens a new session to the same server. */
  interface Opener {
    SenderConnection open() throws IOException;
  }

  /**
   * What one session did: a result for each recipient it carried, {@code null} for the others.
   *
   * @param results      per recipient of the envelope, {@code null} where nothing was attempted
   * @param unsentReason why the {@code null} ones were not attempted
   */
  record Progress(RecipientResult[] results, String unsentReason) {}

  private LimitedSend() {}

  /**
   * Sends {@code envelope} on {@code connection} in as many transactions as its limits ask, as far as MAILMAX lets
   * this session go.
   *
   * @throws IOException if the first transaction could not be carried out (nothing was sent), as
   *                     {@link SenderConnection#send} says
   * @throws IllegalArgumentException if several transactions are needed and the content cannot be read again
   */
  static Progress onConnection(SenderConnection connection, Envelope envelope, MessageContent content)
      throws IOException {
    TransactionLimits limits = connection.capabilities().limits();
    List<Recipient> to = envelope.recipients();
    List<List<Integer>> batches = limits.split(IntStream.range(0, to.size()).boxed().toList(),
        i -> TransactionLimits.domainOf(to.get(i).forwardPath()));
    if (batches.size() > 1 && !content.isRepeatable()) {
      throw new IllegalArgumentException("the server takes " + limits.toParameters() + " (RFC 9422), so these "
          + to.size() + " recipients need " + batches.size() + " transactions, and a stream cannot be sent twice:"
          + " give a byte array or a file");
    }
    RecipientResult[] results = new RecipientResult[to.size()];
    int mailMax = limits.mailMax().orElse(Integer.MAX_VALUE);
    int domainMax = limits.rcptDomainMax().orElse(Integer.MAX_VALUE);
    boolean sent = false;
    for (List<Integer> batch : batches) {
      if (connection.transactions() >= mailMax) {
        return new Progress(results, "the session allows no more transactions (LIMITS MAILMAX=" + mailMax
            + ", RFC 9422)");
      }
      Set<String> domains = new HashSet<>(connection.domains());
      batch.forEach(i -> domains.add(TransactionLimits.domainOf(to.get(i).forwardPath())));
      if (domains.size() > domainMax) {
        return new Progress(results, "the session allows no more recipient domains (LIMITS RCPTDOMAINMAX="
            + domainMax + ", RFC 9422 §4.3)");
      }
      Envelope part = batches.size() == 1 ? envelope
          : new Envelope(envelope.reversePath(), envelope.parameters(), batch.stream().map(to::get).toList());
      SendResult result;
      try {
        result = connection.sendOne(part, content);
      } catch (IOException e) {
        if (!sent) {
          throw e;
        }
        return new Progress(results, e.getMessage());
      }
      sent = true;
      for (int k = 0; k < batch.size(); k++) {
        results[batch.get(k)] = result.recipients().get(k);
      }
    }
    return new Progress(results, null);
  }

  /**
   * Sends {@code envelope} on sessions from {@code opener}: a new one whenever MAILMAX ends the previous one.
   *
   * @throws IOException if the first session could not be opened or its first transaction failed (nothing sent)
   */
  static SendResult onConnections(Opener opener, Envelope envelope, MessageContent content) throws IOException {
    RecipientResult[] results = new RecipientResult[envelope.recipients().size()];
    List<Integer> pending = IntStream.range(0, results.length).boxed().toList();
    String reason = null;
    boolean first = true;
    while (!pending.isEmpty()) {
      Envelope part = new Envelope(envelope.reversePath(), envelope.parameters(),
          pending.stream().map(envelope.recipients()::get).toList());
      Progress progress;
      try {
        SenderConnection connection = opener.open();
        try {
          progress = connection.sendWithinLimits(part, content);
        } finally {
          close(connection);
        }
      } catch (IOException e) {
        if (first) {
          throw e;
        }
        reason = e.getMessage();
        break;
      }
      first = false;
      List<Integer> next = new ArrayList<>();
      for (int k = 0; k < pending.size(); k++) {
        if (progress.results()[k] != null) {
          results[pending.get(k)] = progress.results()[k];
        } else {
          next.add(pending.get(k));
        }
      }
      reason = progress.unsentReason();
      if (next.size() == pending.size()) {
        break; // a session that carried nothing: another would not either
      }
      pending = next;
    }
    return complete(envelope, results, reason);
  }

  /** {@code results} with every recipient not attempted a temporary failure for {@code reason}. */
  static SendResult complete(Envelope envelope, RecipientResult[] results, String reason) {
    List<RecipientResult> out = new ArrayList<>();
    for (int i = 0; i < results.length; i++) {
      out.add(results[i] != null ? results[i] : new RecipientResult(envelope.recipients().get(i),
          DeliveryStatus.TEMPORARY_FAILURE, Optional.empty(), Optional.empty(),
          "not sent: " + (reason != null ? reason : "no session carried it")));
    }
    return new SendResult(out);
  }

  private static void close(SenderConnection connection) {
    try {
      connection.close();
    } catch (IOException e) {
      // interrupted while the session ended: the results are known, the thread's interrupt flag is set again
    }
  }

}
