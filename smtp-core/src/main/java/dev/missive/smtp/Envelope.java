package dev.missive.smtp;

import dev.missive.message.address.AddrSpec;
import dev.missive.message.address.ForwardPath;
import dev.missive.message.address.ReversePath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The envelope of one mail transaction (RFC 5321 §3.3): the reverse-path and parameters of MAIL FROM and the
 * recipients of RCPT TO, in order. A client engine sends it; a server engine reports the one it received.
 *
 * <p>Paths are message-format's typed values, so no envelope can hold CR, LF, NUL, another control character or a
 * lone surrogate, and a path is written on the wire exactly as {@link ReversePath#toWireForm()} and
 * {@link ForwardPath#toWireForm()} give it (docs/security.md, "Line breaks hidden in addresses"). The length
 * limits of RFC 5321 §4.5.3.1 and the US-ASCII rule without SMTPUTF8 (RFC 6531 §3.3) depend on the session: a
 * client checks them with {@code EnvelopeSyntax.check} before it writes anything and reports an envelope that
 * breaks them as not sent.
 *
 * @param reversePath the sender, or {@link ReversePath#NULL} for {@code <>}
 * @param parameters  the MAIL FROM parameters
 * @param recipients  the recipients, in the order of their RCPT commands (duplicates kept, RFC 2033 §4.2); a client
 *                    refuses to send an envelope without one
 */
public record Envelope(ReversePath reversePath, MailParameters parameters, List<Recipient> recipients) {

  /**
   * Validates the values and copies the list.
   *
   * @param reversePath the sender, or {@link ReversePath#NULL} for {@code <>}
   * @param parameters  the MAIL FROM parameters
   * @param recipients  the recipients, in the order of their RCPT commands (duplicates kept, RFC 2033 §4.2); a
   *                    client refuses to send an envelope without one
   */
  public Envelope {
    Objects.requireNonNull(reversePath, "reversePath");
    Objects.requireNonNull(parameters, "parameters");
    recipients = List.copyOf(recipients);
  }

  /**
   * An envelope without parameters from host-supplied mailboxes, each parsed strictly with
   * {@link AddrSpec#parse(CharSequence)} (RFC 5321 §4.1.2; UTF-8 allowed, sent only with SMTPUTF8).
   *
   * @param reversePath the sender mailbox without angle brackets, or {@code ""} for the null reverse-path
   * @param recipients  the recipient mailboxes without angle brackets, at least one; {@code Postmaster} (any case)
   *                    is the domain-less {@link ForwardPath#POSTMASTER}
   * @return the envelope
   * @throws IllegalArgumentException if a mailbox is not valid (a control character, an angle bracket outside a
   *     quoted local part, a lone surrogate, a local part over 64 or a domain over 255 octets, …) or there is no
   *     recipient
   */
  public static Envelope of(String reversePath, String... recipients) {
    Objects.requireNonNull(reversePath, "reversePath");
    if (recipients.length == 0) {
      throw new IllegalArgumentException("an envelope to send has at least one recipient");
    }
    ReversePath from = reversePath.isEmpty() ? ReversePath.NULL : ReversePath.of(AddrSpec.parse(reversePath));
    return new Envelope(from, MailParameters.NONE, Arrays.stream(recipients).map(Recipient::of).toList());
  }

  /**
   * An envelope without parameters from message-format's paths, as a server engine received them or
   * {@code EnvelopeSyntax} parsed them.
   *
   * @param reversePath the sender, or {@link ReversePath#NULL}
   * @param recipients  the recipients
   * @return the envelope
   */
  public static Envelope of(ReversePath reversePath, List<ForwardPath> recipients) {
    return new Envelope(reversePath, MailParameters.NONE, recipients.stream().map(Recipient::of).toList());
  }

  /**
   * This envelope with other MAIL parameters.
   *
   * @param newParameters the MAIL FROM parameters
   * @return a copy with those parameters
   */
  public Envelope withParameters(MailParameters newParameters) {
    return new Envelope(reversePath, newParameters, recipients);
  }

  /**
   * This envelope with one more recipient at the end.
   *
   * @param recipient the recipient to add
   * @return a copy with {@code recipient} appended
   */
  public Envelope withRecipient(Recipient recipient) {
    List<Recipient> more = new ArrayList<>(recipients.size() + 1);
    more.addAll(recipients);
    more.add(Objects.requireNonNull(recipient, "recipient"));
    return new Envelope(reversePath, parameters, more);
  }

  /** {@return whether a path holds a character outside US-ASCII, which needs SMTPUTF8 (RFC 6531 §3.3)} */
  public boolean requiresUtf8() {
    return reversePath.requiresUtf8() || recipients.stream().anyMatch(r -> r.forwardPath().requiresUtf8());
  }
}
