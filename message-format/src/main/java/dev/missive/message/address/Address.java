package dev.missive.message.address;

/**
 * An address of an RFC 5322 header field: a single {@link Mailbox} or a named {@link Group} of mailboxes
 * (RFC 5322 §3.4 {@code address = mailbox / group}). A Java 17 host tells them apart with {@code instanceof}.
 */
public sealed interface Address permits Mailbox, Group {

  /** {@return the display name (a mailbox's, or the group's), if any} */
  java.util.Optional<String> displayName();
}
