package dev.missive.imap;

import dev.missive.imap.internal.text.Checks;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The envelope structure of a message (RFC 9051 §7.5.2 ENVELOPE): its Date, Subject, From, Sender, Reply-To, To,
 * Cc, Bcc, In-Reply-To and Message-ID header fields, parsed. An empty list stands for NIL (an address list is never
 * empty on the wire); an empty Optional for a NIL string.
 *
 * @param date      the Date field's value, if present
 * @param subject   the Subject field's value, if present
 * @param from      the From addresses
 * @param sender    the Sender addresses (From when absent, RFC 9051 §7.5.2)
 * @param replyTo   the Reply-To addresses (From when absent)
 * @param to        the To addresses
 * @param cc        the Cc addresses
 * @param bcc       the Bcc addresses
 * @param inReplyTo the In-Reply-To field's value, if present
 * @param messageId the Message-ID field's value, if present
 */
public record Envelope(Optional<String> date, Optional<String> subject, List<Address> from, List<Address> sender,
                       List<Address> replyTo, List<Address> to, List<Address> cc, List<Address> bcc,
                       Optional<String> inReplyTo, Optional<String> messageId) {

  /**
   * Copies the lists.
   *
   * @param date      the Date field's value, if present
   * @param subject   the Subject field's value, if present
   * @param from      the From addresses
   * @param sender    the Sender addresses
   * @param replyTo   the Reply-To addresses
   * @param to        the To addresses
   * @param cc        the Cc addresses
   * @param bcc       the Bcc addresses
   * @param inReplyTo the In-Reply-To field's value, if present
   * @param messageId the Message-ID field's value, if present
   */
  public Envelope {
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(subject, "subject");
    from = Checks.list("from", from);
    sender = Checks.list("sender", sender);
    replyTo = Checks.list("replyTo", replyTo);
    to = Checks.list("to", to);
    cc = Checks.list("cc", cc);
    bcc = Checks.list("bcc", bcc);
    Objects.requireNonNull(inReplyTo, "inReplyTo");
    Objects.requireNonNull(messageId, "messageId");
  }
}
