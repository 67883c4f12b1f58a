package dev.missive.message.builder;

import dev.missive.message.header.DateTimes;
import dev.missive.message.header.HeaderField;
import dev.missive.message.tree.Message;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Builds a new RFC 5322 message with a MIME body (RFC 2045, RFC 2046) and writes it strictly: CRLF only, fields
 * folded to at most 78 octets where white space allows and never over 998, RFC 2047/2231 encoding for non-ASCII
 * text (or raw UTF-8 fields per RFC 6532 when {@link #utf8Headers(boolean)} is set), a transfer encoding chosen
 * from each body's content, boundaries and the Message-ID from the {@link RandomGenerator}, and the Date from the
 * {@link Clock} the builder is given.
 *
 * <p>Every value the caller supplies is refused with an {@link IllegalArgumentException} when it holds CR, LF,
 * NUL, NEL, U+2028 or U+2029 (SECURITY.md item 29). The output re-parses to the same tree.
 */
public final class MessageBuilder {

  private Clock clock = Clock.systemUTC();
  private RandomGenerator random;
  private boolean utf8;
  private String[] from;
  private final List<String[]> fields = new ArrayList<>();
  private final List<String[]> to = new ArrayList<>();
  private final List<String[]> cc = new ArrayList<>();
  private String subject;
  private String messageId;
  private Part body = Part.text("");

  /** A builder with the system UTC clock and a {@link SecureRandom}. */
  public MessageBuilder() {
  }

  /**
   * The clock for the Date field (RFC 5322 §3.6.1).
   *
   * @param c the clock
   * @return this builder
   */
  public MessageBuilder clock(Clock c) {
    this.clock = Objects.requireNonNull(c, "clock");
    return this;
  }

  /**
   * The random source for boundaries and the Message-ID.
   *
   * @param r the random source
   * @return this builder
   */
  public MessageBuilder random(RandomGenerator r) {
    this.random = Objects.requireNonNull(r, "random");
    return this;
  }

  /**
   * Write non-ASCII header text as raw UTF-8 (RFC 6532; needs SMTPUTF8) instead of RFC 2047/2231 encoding.
   *
   * @param on whether fields are written as UTF-8 (RFC 6532)
   * @return this builder
   */
  public MessageBuilder utf8Headers(boolean on) {
    this.utf8 = on;
    return this;
  }

  /**
   * The author (RFC 5322 §3.6.2).
   *
   * @param displayName the author's name, or {@code null}
   * @param address     the author's address
   * @return this builder
   */
  public MessageBuilder from(String displayName, String address) {
    this.from = mailbox(displayName, address);
    return this;
  }

  /**
   * Adds a primary recipient (RFC 5322 §3.6.3).
   *
   * @param displayName the recipient's name, or {@code null}
   * @param address     the recipient's address
   * @return this builder
   */
  public MessageBuilder to(String displayName, String address) {
    to.add(mailbox(displayName, address));
    return this;
  }

  /**
   * Adds a carbon-copy recipient (RFC 5322 §3.6.3).
   *
   * @param displayName the recipient's name, or {@code null}
   * @param address     the recipient's address
   * @return this builder
   */
  public MessageBuilder cc(String displayName, String address) {
    cc.add(mailbox(displayName, address));
    return this;
  }

  /**
   * The subject (RFC 5322 §3.6.5), encoded when not ASCII.
   *
   * @param text the subject
   * @return this builder
   */
  public MessageBuilder subject(String text) {
    this.subject = HeaderValues.requireSafe("subject", text);
    return this;
  }

  /**
   * The Message-ID content without angle brackets (RFC 5322 §3.6.4); generated when not set.
   *
   * @param id the Message-ID, such as {@code 1234@local.machine.example}
   * @return this builder
   */
  public MessageBuilder messageId(String id) {
    HeaderValues.requireMsgIdContent("message id", id);
    this.messageId = id;
    return this;
  }

  /**
   * Adds an unstructured field, written after the standard ones (checked as {@link HeaderField#of}).
   *
   * @param name  the field name
   * @param value the unstructured value
   * @return this builder
   */
  public MessageBuilder field(String name, String value) {
    HeaderValues.requireSafe("field name", name);
    fields.add(new String[] {name, HeaderValues.requireSafe("value of " + name, value)});
    return this;
  }

  /**
   * The body.
   *
   * @param part the body
   * @return this builder
   */
  public MessageBuilder body(Part part) {
    this.body = Objects.requireNonNull(part, "part");
    return this;
  }

  /** Checks a mailbox now (refusing line breaks and bad addresses); it is formatted when the message is built. */
  private static String[] mailbox(String displayName, String address) {
    HeaderValues.mailbox(displayName, address, true);
    return new String[] {displayName, address};
  }

  private String format(List<String[]> mailboxes) {
    List<String> formatted = new ArrayList<>();
    for (String[] m : mailboxes) {
      formatted.add(HeaderValues.mailbox(m[0], m[1], utf8));
    }
    return String.join(", ", formatted);
  }

  /**
   * Writes the message.
   *
   * @return the message's bytes
   * @throws IllegalArgumentException if an address needs RFC 6532 and {@link #utf8Headers(boolean)} is off
   */
  public byte[] build() {
    RandomGenerator r = random != null ? random : new SecureRandom();
    EntityWriter w = new EntityWriter(r, utf8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    w.field("Date", DateTimes.format(ZonedDateTime.now(clock)), out);
    if (from != null) {
      raw("From", format(java.util.Collections.singletonList(from)), out);
    }
    if (!to.isEmpty()) {
      raw("To", format(to), out);
    }
    if (!cc.isEmpty()) {
      raw("Cc", format(cc), out);
    }
    if (subject != null) {
      w.field("Subject", subject, out);
    }
    String id = messageId;
    if (id == null) {
      byte[] b = new byte[16];
      r.nextBytes(b);
      String domain = from == null ? "missive.invalid" : from[1].substring(from[1].lastIndexOf('@') + 1);
      id = HexFormat.of().formatHex(b) + "@" + domain;
    }
    raw("Message-ID", "<" + id + ">", out);
    for (String[] f : fields) {
      w.field(f[0], f[1], out);
    }
    raw("MIME-Version", "1.0", out);
    w.write(body, out);
    byte[] message = out.toByteArray();
    try {
      HeaderValues.requireCanonicalLines("built message", message);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("builder produced a non-canonical line (a bug): " + e.getMessage(), e);
    }
    return message;
  }

  /**
   * Writes the message and parses it into a tree.
   *
   * @return the message tree
   */
  public Message buildMessage() {
    return Message.parse(build());
  }

  /** A field whose value is already structured and ASCII or (in UTF-8 mode) UTF-8: folded, never re-encoded. */
  private void raw(String name, String value, ByteArrayOutputStream out) {
    HeaderField f = HeaderField.ofUtf8(name, value);
    out.writeBytes(f.raw());
    out.writeBytes(new byte[] {'\r', '\n'});
  }
}
