package dev.missive.pop3.pop2;

import dev.missive.pop3.MaildropEntry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The host's answer to a {@link Pop2ServerEvent.DecisionRequired} event, given with
 * {@link Pop2Server#answer(Pop2Decision)}: {@link Accept} answers a login or an update, {@link Opened} a folder,
 * {@link Reject} any of them.
 */
public sealed interface Pop2Decision {

  /** Accepts a {@link Pop2ServerEvent.LoginRequested} or an {@link Pop2ServerEvent.UpdateRequested}. */
  record Accept() implements Pop2Decision {
  }

  /**
   * Rejects the pending event; the client gets {@code - text} and the connection closes (RFC 937: "if anything goes
   * wrong close the connection").
   *
   * @param text the reply's text, or empty for the standard one
   */
  record Reject(Optional<String> text) implements Pop2Decision {
    /**
     * Checks the text can go on the wire.
     *
     * @param text the reply's text, or empty
     */
    public Reject {
      Objects.requireNonNull(text, "text");
      text.ifPresent(Pop2Decision::checkText);
    }
  }

  /**
   * Answers a {@link Pop2ServerEvent.FolderRequested}: the folder is open and locked, with these messages in
   * message-number order.
   *
   * @param listing the messages; sizes with CRLF line endings (RFC 937, "Message Length")
   */
  record Opened(List<MaildropEntry> listing) implements Pop2Decision {
    /**
     * Copies the listing.
     *
     * @param listing the messages
     */
    public Opened {
      listing = List.copyOf(listing);
    }
  }

  /** {@return the answer accepting a login or an update} */
  static Pop2Decision accept() {
    return new Accept();
  }

  /** {@return the answer rejecting the pending event with the standard text} */
  static Pop2Decision reject() {
    return new Reject(Optional.empty());
  }

  /**
   * The answer rejecting the pending event with {@code text}.
   *
   * @param text the reply's text: printable US-ASCII
   * @return the answer
   */
  static Pop2Decision reject(String text) {
    return new Reject(Optional.of(text));
  }

  /**
   * The answer to a folder request.
   *
   * @param listing the folder's messages, in message-number order
   * @return the answer
   */
  static Pop2Decision opened(List<MaildropEntry> listing) {
    return new Opened(listing);
  }

  private static void checkText(String text) {
    if (text.chars().anyMatch(c -> c < 0x20 || c > 0x7E)) {
      throw new IllegalArgumentException("reply text must be printable US-ASCII (RFC 937: NVT-ASCII)");
    }
  }
}
