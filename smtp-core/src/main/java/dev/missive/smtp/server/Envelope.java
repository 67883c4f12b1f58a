package dev.missive.smtp.server;

import dev.missive.message.address.ForwardPath;
import dev.missive.message.address.ReversePath;
import dev.missive.smtp.MailParameters;
import dev.missive.smtp.RcptParameters;
import java.util.List;

/**
 * The envelope of the current mail transaction (RFC 5321 §3.3): the reverse-path and parameters of MAIL FROM and
 * the recipients the host accepted, in order.
 *
 * @param reversePath the reverse-path
 * @param parameters  the MAIL FROM parameters
 * @param recipients  the accepted recipients, in the order of their RCPT commands (duplicates kept, RFC 2033 §4.2)
 */
public record Envelope(ReversePath reversePath, MailParameters parameters, List<Recipient> recipients) {

  /**
   * Copies the recipient list.
   *
   * @param reversePath the reverse-path
   * @param parameters  the MAIL FROM parameters
   * @param recipients  the accepted recipients, in the order of their RCPT commands (duplicates kept, RFC 2033 §4.2)
   */
  public Envelope {
    recipients = List.copyOf(recipients);
  }

  /**
   * One accepted recipient.
   *
   * @param forwardPath the forward-path
   * @param parameters  the RCPT TO parameters
   */
  public record Recipient(ForwardPath forwardPath, RcptParameters parameters) {
  }
}
