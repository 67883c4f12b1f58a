package dev.missive.smtp.client;

import dev.missive.message.address.ForwardPath;
import dev.missive.message.address.ReversePath;
import dev.missive.smtp.MailParameters;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What the client engine sends for one mail transaction (RFC 5321 §3.3): the reverse-path of MAIL FROM, the
 * recipients of RCPT TO and the MAIL parameters (SIZE, BODY, SMTPUTF8, DSN, AUTH=, REQUIRETLS).
 *
 * <p>Paths are mailboxes without angle brackets; they are validated here so that nothing can break the command
 * line: CR, LF, NUL, other controls and angle brackets are refused, as is a path over 254 octets in UTF-8 (RFC 5321
 * §4.5.3.1.3: 256 with the brackets). Characters outside US-ASCII are allowed here and are sent only when the
 * server offers SMTPUTF8 (RFC 6531 §3.2), encoded as UTF-8, never narrowed to a byte (SECURITY.md item 20); the
 * engine refuses the transaction otherwise.
 *
 * @param reversePath the sender mailbox, or the empty string for the null reverse-path {@code <>}
 * @param recipients  at least one recipient
 * @param parameters  the MAIL parameters; SIZE, DSN and AUTH= are sent only when offered, the others are refused
 *                    when not offered
 * @param allRecipientsRequired whether the message goes only if the server accepts every recipient: at the first
 *                    refused RCPT the engine abandons the transaction with RSET (RFC 5321 §4.1.1.5, Appendix D.2)
 *                    and sends DATA only after every RCPT reply, even when pipelining
 */
public record Envelope(String reversePath, List<Recipient> recipients, MailParameters parameters,
    boolean allRecipientsRequired) {

  /** The longest path in UTF-8 octets, without the angle brackets (RFC 5321 §4.5.3.1.3). */
  public static final int MAX_PATH_OCTETS = 254;

  /**
   * Validates the paths and copies the list.
   *
   * @param reversePath the sender mailbox, or the empty string for the null reverse-path {@code <>}
   * @param recipients  at least one recipient
   * @param parameters  the MAIL parameters; SIZE, DSN and AUTH= are sent only when offered, the others are refused
   *                    when not offered
   * @param allRecipientsRequired whether the message goes only if the server accepts every recipient: at the first
   *                    refused RCPT the engine abandons the transaction with RSET (RFC 5321 §4.1.1.5, Appendix D.2)
   *                    and sends DATA only after every RCPT reply, even when pipelining
   */
  public Envelope {
    requirePath(reversePath, true);
    Objects.requireNonNull(recipients, "recipients");
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("an envelope has at least one recipient");
    }
    recipients = List.copyOf(recipients);
    Objects.requireNonNull(parameters, "parameters");
  }

  /**
   * An envelope without parameters.
   *
   * @param reversePath the MAIL FROM address, or {@code ""} for the null reverse-path
   * @param recipients the RCPT TO addresses, at least one
   * @return the envelope
   */
  public static Envelope of(String reversePath, String... recipients) {
    return new Envelope(reversePath, Arrays.stream(recipients).map(Recipient::of).toList(), MailParameters.NONE,
        false);
  }

  /**
   * An envelope without parameters from message-format's paths, as a server engine received them or
   * {@code EnvelopeSyntax} parsed them (RFC 5321 §4.1.2): {@link ReversePath#NULL} becomes {@code <>} and
   * {@link ForwardPath#POSTMASTER} {@code <Postmaster>}; a quoted local part keeps its quotes.
   *
   * @param reversePath the sender, or the null reverse-path
   * @param recipients  at least one recipient
   * @return the envelope
   */
  public static Envelope of(ReversePath reversePath, List<ForwardPath> recipients) {
    Objects.requireNonNull(reversePath, "reversePath");
    Objects.requireNonNull(recipients, "recipients");
    return new Envelope(withoutBrackets(reversePath.toWireForm()),
        recipients.stream().map(Recipient::of).toList(), MailParameters.NONE, false);
  }

  /** The text between the angle brackets of a path's wire form. */
  static String withoutBrackets(String wireForm) {
    return wireForm.substring(1, wireForm.length() - 1);
  }

  /**
   * This envelope with other MAIL parameters.
   *
   * @param newParameters the MAIL parameters; SIZE, DSN and AUTH= are sent only when offered, the others are refused
   *                      when not offered
   * @return a copy with that value
   */
  public Envelope withParameters(MailParameters newParameters) {
    return new Envelope(reversePath, recipients, newParameters, allRecipientsRequired);
  }

  /**
   * This envelope sent only to all of its recipients or to none.
   *
   * @param required whether the message goes only if the server accepts every recipient: at the first
   *                 refused RCPT the engine abandons the transaction with RSET (RFC 5321 §4.1.1.5, Appendix D.2)
   *                 and sends DATA only after every RCPT reply, even when pipelining
   * @return a copy with that value
   */
  public Envelope withAllRecipientsRequired(boolean required) {
    return new Envelope(reversePath, recipients, parameters, required);
  }

  /** {@return whether any path holds a character outside US-ASCII, which needs SMTPUTF8 (RFC 6531 §3.2)} */
  public boolean needsSmtpUtf8() {
    if (!isAscii(reversePath)) {
      return true;
    }
    for (Recipient r : recipients) {
      if (!isAscii(r.forwardPath())) {
        return true;
      }
    }
    return false;
  }

  static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7F) {
        return false;
      }
    }
    return true;
  }

  static void requirePath(String path, boolean mayBeEmpty) {
    Objects.requireNonNull(path, "path");
    if (path.isEmpty() && !mayBeEmpty) {
      throw new IllegalArgumentException("a forward-path must not be empty");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7F || c == '<' || c == '>' || (c >= 0x80 && c < 0xA0)) {
        throw new IllegalArgumentException("path holds a control character or angle bracket at index " + i);
      }
      if (Character.isSurrogate(c)) {
        boolean paired = Character.isHighSurrogate(c) && i + 1 < path.length()
            && Character.isLowSurrogate(path.charAt(i + 1));
        if (!paired) {
          throw new IllegalArgumentException("path holds an unpaired surrogate at index " + i);
        }
        i++;
      }
    }
    if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_OCTETS) {
      throw new IllegalArgumentException("path longer than " + MAX_PATH_OCTETS + " octets");
    }
  }
}
