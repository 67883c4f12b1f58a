package dev.missive.message.builder;

import dev.missive.message.address.AddrSpec;
import dev.missive.message.address.AddressFormatter;
import dev.missive.message.address.ForwardPath;
import dev.missive.message.address.Mailbox;
import dev.missive.message.address.ReversePath;
import dev.missive.message.header.DateTimes;
import dev.missive.message.header.HeaderField;
import dev.missive.message.tree.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
 * {@link Clock} the builder is given. Bodies from files and streams ({@link Content}) are streamed to the output
 * ({@link #writeTo(OutputStream)}), never held whole.
 *
 * <p>Every address is taken either as a display name and an address, or as one mailbox string parsed by
 * {@link Mailbox#parse(CharSequence)} ({@code "Ann <ann@example.net>"}); Bcc recipients (RFC 5322 §3.6.3) are never
 * written into the header: the envelope ({@link #envelopeRecipients()}) hands them to the transport. Every value
 * the caller supplies is refused with an {@link IllegalArgumentException} when it holds CR, LF, NUL, NEL, U+2028
 * or U+2029 (docs/security.md, "Header injection through the builder"). The output re-parses to the same tree.
 */
public final class MessageBuilder {

  private Clock clock = Clock.systemUTC();
  private RandomGenerator random;
  private boolean utf8;
  private Mailbox from;
  private final List<Mailbox> replyTo = new ArrayList<>();
  private final List<Mailbox> to = new ArrayList<>();
  private final List<Mailbox> cc = new ArrayList<>();
  private final List<Mailbox> bcc = new ArrayList<>();
  private final List<String[]> fields = new ArrayList<>();
  private String subject;
  private String messageId;
  private Part body = Part.text("");
  private final List<Part> attachments = new ArrayList<>();

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
    this.from = HeaderValues.mailbox(displayName, address);
    return this;
  }

  /**
   * The author (RFC 5322 §3.6.2), as one mailbox such as {@code "Ann <ann@example.net>"}.
   *
   * @param mailbox the mailbox, parsed by {@link Mailbox#parse(CharSequence)}
   * @return this builder
   */
  public MessageBuilder from(String mailbox) {
    this.from = Mailbox.parse(mailbox);
    return this;
  }

  /**
   * Adds an address for replies (RFC 5322 §3.6.2).
   *
   * @param displayName the name, or {@code null}
   * @param address     the address
   * @return this builder
   */
  public MessageBuilder replyTo(String displayName, String address) {
    replyTo.add(HeaderValues.mailbox(displayName, address));
    return this;
  }

  /**
   * Adds an address for replies (RFC 5322 §3.6.2), as one mailbox such as {@code "Ann <ann@example.net>"}.
   *
   * @param mailbox the mailbox, parsed by {@link Mailbox#parse(CharSequence)}
   * @return this builder
   */
  public MessageBuilder replyTo(String mailbox) {
    replyTo.add(Mailbox.parse(mailbox));
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
    to.add(HeaderValues.mailbox(displayName, address));
    return this;
  }

  /**
   * Adds a primary recipient (RFC 5322 §3.6.3), as one mailbox such as {@code "Ann <ann@example.net>"}.
   *
   * @param mailbox the mailbox, parsed by {@link Mailbox#parse(CharSequence)}
   * @return this builder
   */
  public MessageBuilder to(String mailbox) {
    to.add(Mailbox.parse(mailbox));
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
    cc.add(HeaderValues.mailbox(displayName, address));
    return this;
  }

  /**
   * Adds a carbon-copy recipient (RFC 5322 §3.6.3), as one mailbox such as {@code "Ann <ann@example.net>"}.
   *
   * @param mailbox the mailbox, parsed by {@link Mailbox#parse(CharSequence)}
   * @return this builder
   */
  public MessageBuilder cc(String mailbox) {
    cc.add(Mailbox.parse(mailbox));
    return this;
  }

  /**
   * Adds a blind-carbon-copy recipient (RFC 5322 §3.6.3): in {@link #envelopeRecipients()}, never in the header.
   *
   * @param displayName the recipient's name, or {@code null} (kept only for the caller)
   * @param address     the recipient's address
   * @return this builder
   */
  public MessageBuilder bcc(String displayName, String address) {
    bcc.add(HeaderValues.mailbox(displayName, address));
    return this;
  }

  /**
   * Adds a blind-carbon-copy recipient (RFC 5322 §3.6.3), as one mailbox such as {@code "ann@example.net"}: in
   * {@link #envelopeRecipients()}, never in the header.
   *
   * @param mailbox the mailbox, parsed by {@link Mailbox#parse(CharSequence)}
   * @return this builder
   */
  public MessageBuilder bcc(String mailbox) {
    bcc.add(Mailbox.parse(mailbox));
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

  /**
   * Adds a part after the body, such as {@link Part#attachment(java.nio.file.Path, String)}: with attachments the
   * message is a multipart/mixed of the body and them, in order (RFC 2046 §5.1.3).
   *
   * @param part the attachment
   * @return this builder
   */
  public MessageBuilder attach(Part part) {
    attachments.add(Objects.requireNonNull(part, "part"));
    return this;
  }

  /**
   * The envelope sender for the transport (RFC 5321 §3.3, §4.1.1.2): the From address.
   *
   * @return the reverse-path of the From address
   * @throws IllegalStateException if no From was set (then the caller chooses the envelope sender)
   */
  public ReversePath envelopeSender() {
    if (from == null) {
      throw new IllegalStateException("no From set: the envelope sender is the caller's choice");
    }
    return ReversePath.of(from.addrSpec());
  }

  /**
   * The envelope recipients for the transport (RFC 5321 §3.3): every To, Cc and Bcc address, in that order, each
   * once (the domain compared without regard to case). Bcc addresses appear only here, never in the header
   * (RFC 5322 §3.6.3).
   *
   * @return the forward-paths, possibly empty
   */
  public List<ForwardPath> envelopeRecipients() {
    List<AddrSpec> seen = new ArrayList<>();
    List<ForwardPath> paths = new ArrayList<>();
    for (List<Mailbox> list : List.of(to, cc, bcc)) {
      for (Mailbox m : list) {
        AddrSpec a = m.addrSpec();
        if (seen.stream().noneMatch(s -> s.localPart().equals(a.localPart()) && s.domain().equalsIgnoreCase(
            a.domain()))) {
          seen.add(a);
          paths.add(ForwardPath.of(a));
        }
      }
    }
    return paths;
  }

  /**
   * Writes the message, streaming bodies from files and streams; the stream is flushed, not closed.
   *
   * @param out receives the message
   * @throws IOException if writing fails or a part's file or stream cannot be read
   * @throws IllegalArgumentException if an address needs RFC 6532 and {@link #utf8Headers(boolean)} is off
   * @throws IllegalStateException if a part's {@link Content#of(java.io.InputStream) stream} was already written
   */
  public void writeTo(OutputStream out) throws IOException {
    RandomGenerator r = random != null ? random : new SecureRandom();
    EntityWriter w = new EntityWriter(r, utf8);
    CanonicalLinesOutputStream checked = new CanonicalLinesOutputStream(Objects.requireNonNull(out, "out"));
    w.field("Date", DateTimes.format(ZonedDateTime.now(clock)), checked);
    if (from != null) {
      structured("From", List.of(from), checked);
    }
    structured("Reply-To", replyTo, checked);
    structured("To", to, checked);
    structured("Cc", cc, checked);
    if (subject != null) {
      w.field("Subject", subject, checked);
    }
    String id = messageId;
    if (id == null) {
      byte[] b = new byte[16];
      r.nextBytes(b);
      id = HexFormat.of().formatHex(b) + "@" + (from == null ? "missive.invalid" : from.addrSpec().domain().value());
    }
    raw("Message-ID", "<" + id + ">", checked);
    for (String[] f : fields) {
      w.field(f[0], f[1], checked);
    }
    raw("MIME-Version", "1.0", checked);
    if (attachments.isEmpty()) {
      w.write(body, checked);
    } else {
      List<Part> all = new ArrayList<>();
      all.add(body);
      all.addAll(attachments);
      w.write(new Part.Multipart("mixed", all), checked);
    }
    checked.finish();
    out.flush();
  }

  /**
   * Writes the message into memory.
   *
   * @return the message's bytes
   * @throws IllegalArgumentException if an address needs RFC 6532 and {@link #utf8Headers(boolean)} is off
   * @throws UncheckedIOException if a part's file or stream cannot be read
   */
  public byte[] build() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException("a part's content could not be read", e);
    }
    return out.toByteArray();
  }

  /**
   * Writes the message into memory and parses it into a tree.
   *
   * @return the message tree
   */
  public Message buildMessage() {
    return Message.parse(build());
  }

  /** An address field (RFC 5322 §3.6.2, §3.6.3), written when it has addresses. */
  private void structured(String name, List<Mailbox> mailboxes, OutputStream out) throws IOException {
    if (!mailboxes.isEmpty()) {
      raw(name, AddressFormatter.format(mailboxes, utf8), out);
    }
  }

  /** A field whose value is already structured and ASCII or (in UTF-8 mode) UTF-8: folded, never re-encoded. */
  private static void raw(String name, String value, OutputStream out) throws IOException {
    HeaderField f = HeaderField.ofUtf8(name, value);
    out.write(f.raw());
    out.write(new byte[] {'\r', '\n'});
  }
}
