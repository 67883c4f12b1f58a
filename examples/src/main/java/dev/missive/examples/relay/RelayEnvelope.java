package dev.missive.examples.relay;

import dev.missive.smtp.DeliverBy;
import dev.missive.smtp.DsnNotify;
import dev.missive.smtp.MtPriority;
import dev.missive.smtp.Rrvs;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the relay keeps about a queued message besides its content: the envelope (RFC 5321 §3.3) and the facts the
 * SMTP extensions attached to it when it arrived — the deliver-by request (RFC 2852), the transfer priority
 * (RFC 6710), the release time of a held message (RFC 4865), SMTPUTF8 (RFC 6531) and each recipient's RRVS
 * condition (RFC 7293) — with the arrival time they count from and the notices already sent for it.
 *
 * <p><b>On disk</b> ({@link #toText()}, {@link #parse}): UTF-8 lines, the first {@code missive-relay 2}, then one
 * keyword and its value per line: {@code from} (the reverse path, empty for {@code <>}), {@code arrived},
 * {@code release} (RFC 3339 instants), {@code by} (the {@code BY=} value), {@code priority}, {@code smtputf8},
 * {@code notified} (one per notice sent), {@code dsn-for} (on a bounce: which message and recipients it reports on)
 * and one {@code to} per recipient, its RRVS value and its {@code NOTIFY=} values each after a TAB (a mailbox holds no
 * TAB, RFC 5321 §4.1.2). A file
 * whose first line is not {@code missive-relay 2} is the first version: the reverse path, then one recipient per
 * line; it still loads, arrived at the time its file was written.
 *
 * @param reversePath the sender mailbox without angle brackets, empty for the null reverse path
 * @param recipients  the recipients still to be served, at least one
 * @param arrival     when the relay accepted the message
 * @param deliverBy   the {@code BY=} request, counted from {@code arrival}
 * @param priority    the {@code MT-PRIORITY=} value, {@link MtPriority#NORMAL} when none was given
 * @param release     when a held message may leave (RFC 4865 §4), if it is held
 * @param smtpUtf8    whether the message was received with SMTPUTF8
 * @param notified    the notices already queued for this message ({@link #EXPIRY_WARNING}, {@link #DELIVER_BY})
 * @param dsnFor      on a bounce the relay made: the message and recipients it reports on
 */
public record RelayEnvelope(String reversePath, List<RelayRecipient> recipients, Instant arrival,
    Optional<DeliverBy> deliverBy, MtPriority priority, Optional<Instant> release, boolean smtpUtf8,
    Set<String> notified, Optional<DsnFor> dsnFor) {

  /** The notice of {@link #notified} for the "delayed" DSN sent when the warning time passed. */
  public static final String EXPIRY_WARNING = "expiry-warning";
  /** The notice of {@link #notified} for the "delayed" DSN of a by-mode {@code N} deadline (RFC 2852 §4). */
  public static final String DELIVER_BY = "deliver-by";
  /** The {@link DsnFor#kind()} of a bounce for recipients that failed. */
  public static final String FAILED = "failed";

  private static final String MAGIC = "missive-relay 2";

  /**
   * One recipient.
   *
   * @param mailbox the forward path without angle brackets
   * @param rrvs    its {@code RRVS=} condition (RFC 7293 §3), if any
   * @param notifications its {@code NOTIFY=} values (RFC 3461 §4.1), empty when none was given
   */
  public record RelayRecipient(String mailbox, Optional<Rrvs> rrvs, Set<DsnNotify> notifications) {
    /**
     * Rejects a mailbox that would break the file's lines.
     *
     * @param mailbox the forward path without angle brackets
     * @param rrvs    its {@code RRVS=} condition
     * @param notifications its {@code NOTIFY=} values
     */
    public RelayRecipient {
      checkValue(mailbox);
      Objects.requireNonNull(rrvs, "rrvs");
      notifications = Set.copyOf(notifications);
    }

    /**
     * A recipient without {@code NOTIFY=}.
     *
     * @param mailbox the forward path without angle brackets
     * @param rrvs    its {@code RRVS=} condition
     */
    public RelayRecipient(String mailbox, Optional<Rrvs> rrvs) {
      this(mailbox, rrvs, Set.of());
    }

    /**
     * Whether the sender wants a report of {@code kind} about this recipient (RFC 3461 §4.1): none with
     * {@code NEVER}, only the kinds listed when {@code NOTIFY=} was given, failures and delays when it was not.
     *
     * @param kind {@link DsnNotify#FAILURE} or {@link DsnNotify#DELAY}
     * @return whether to report
     */
    public boolean wants(DsnNotify kind) {
      return notifications.isEmpty() || notifications.contains(kind);
    }

    /**
     * A recipient without conditions.
     *
     * @param mailbox the forward path without angle brackets
     * @return the recipient
     */
    public static RelayRecipient of(String mailbox) {
      return new RelayRecipient(mailbox, Optional.empty());
    }
  }

  /**
   * What a bounce reports on, so that a restart after a crash between queueing a bounce and marking the message
   * finishes the marking instead of queueing the bounce again ({@link RelaySpool#queued()}).
   *
   * @param messageId  the spool id of the message reported on
   * @param kind       {@link #FAILED} (the recipients leave the message) or the notice it records
   * @param recipients the recipients reported on
   */
  public record DsnFor(String messageId, String kind, List<String> recipients) {
    /**
     * Copies the list and checks the values.
     *
     * @param messageId  the spool id of the message reported on
     * @param kind       {@link #FAILED} or the notice it records
     * @param recipients the recipients reported on
     */
    public DsnFor {
      checkValue(messageId);
      checkValue(kind);
      recipients = List.copyOf(recipients);
      recipients.forEach(RelayEnvelope::checkValue);
      if (messageId.contains(" ") || kind.contains(" ")) {
        throw new IllegalArgumentException("a spool id and a notice have no space");
      }
    }
  }

  /**
   * Copies the collections and checks the values.
   *
   * @param reversePath the sender mailbox, empty for the null reverse path
   * @param recipients  the recipients, at least one
   * @param arrival     when the relay accepted the message
   * @param deliverBy   the {@code BY=} request
   * @param priority    the transfer priority
   * @param release     when a held message may leave
   * @param smtpUtf8    whether the message was received with SMTPUTF8
   * @param notified    the notices already queued
   * @param dsnFor      what a bounce reports on
   */
  public RelayEnvelope {
    checkValue(reversePath);
    recipients = List.copyOf(recipients);
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("a queued message needs a recipient");
    }
    Objects.requireNonNull(arrival, "arrival");
    Objects.requireNonNull(deliverBy, "deliverBy");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(release, "release");
    notified = Set.copyOf(notified);
    notified.forEach(RelayEnvelope::checkValue);
    Objects.requireNonNull(dsnFor, "dsnFor");
  }

  /**
   * A plain envelope: no extension parameters.
   *
   * @param reversePath the sender mailbox, empty for the null reverse path
   * @param recipients  the recipient mailboxes
   * @param arrival     when the relay accepted the message
   * @return the envelope
   */
  public static RelayEnvelope of(String reversePath, List<String> recipients, Instant arrival) {
    return new RelayEnvelope(reversePath, recipients.stream().map(RelayRecipient::of).toList(), arrival,
        Optional.empty(), MtPriority.NORMAL, Optional.empty(), false, Set.of(), Optional.empty());
  }

  /** {@return the recipient mailboxes, in order} */
  public List<String> mailboxes() {
    return recipients.stream().map(RelayRecipient::mailbox).toList();
  }

  /**
   * This envelope with only the recipients whose mailbox is in {@code keep}.
   *
   * @param keep the mailboxes to keep, at least one of this envelope's
   * @return the copy
   */
  public RelayEnvelope retaining(java.util.Collection<String> keep) {
    return new RelayEnvelope(reversePath, recipients.stream().filter(r -> keep.contains(r.mailbox())).toList(),
        arrival, deliverBy, priority, release, smtpUtf8, notified, dsnFor);
  }

  /**
   * This envelope with one more notice recorded.
   *
   * @param notice the notice, such as {@link #EXPIRY_WARNING}
   * @return the copy
   */
  public RelayEnvelope withNotice(String notice) {
    Set<String> more = new LinkedHashSet<>(notified);
    more.add(notice);
    return new RelayEnvelope(reversePath, recipients, arrival, deliverBy, priority, release, smtpUtf8, more,
        dsnFor);
  }

  /** {@return this envelope marked as received with SMTPUTF8 (RFC 6531)} */
  public RelayEnvelope withSmtpUtf8() {
    return new RelayEnvelope(reversePath, recipients, arrival, deliverBy, priority, release, true, notified, dsnFor);
  }

  /**
   * This envelope marked as a bounce reporting on {@code what}.
   *
   * @param what the message and recipients reported on
   * @return the copy
   */
  public RelayEnvelope reportingOn(DsnFor what) {
    return new RelayEnvelope(reversePath, recipients, arrival, deliverBy, priority, release, smtpUtf8, notified,
        Optional.of(what));
  }

  /** {@return the envelope in its file form, every line ending in LF} */
  public String toText() {
    StringBuilder b = new StringBuilder(MAGIC).append('\n');
    b.append("from ").append(reversePath).append('\n');
    b.append("arrived ").append(arrival).append('\n');
    deliverBy.ifPresent(by -> b.append("by ").append(by.toParameter().substring("BY=".length())).append('\n'));
    if (!priority.equals(MtPriority.NORMAL)) {
      b.append("priority ").append(priority.value()).append('\n');
    }
    release.ifPresent(r -> b.append("release ").append(r).append('\n'));
    if (smtpUtf8) {
      b.append("smtputf8\n");
    }
    notified.stream().sorted().forEach(n -> b.append("notified ").append(n).append('\n'));
    dsnFor.ifPresent(d -> b.append("dsn-for ").append(d.messageId()).append(' ').append(d.kind())
        .append(d.recipients().stream().map(r -> "\t" + r).reduce("", String::concat)).append('\n'));
    for (RelayRecipient r : recipients) {
      b.append("to ").append(r.mailbox());
      r.rrvs().ifPresent(v -> b.append('\t').append(v.toParameter().substring("RRVS=".length())));
      if (!r.notifications().isEmpty()) {
        b.append("\tNOTIFY=").append(String.join(",", r.notifications().stream().sorted().map(Enum::name).toList()));
      }
      b.append('\n');
    }
    return b.toString();
  }

  /**
   * Reads an envelope file of either version.
   *
   * @param lines         the file's lines
   * @param writtenAt     when the file was written: the arrival time of a first-version file
   * @return the envelope
   * @throws IllegalArgumentException if the file is not of either form
   */
  public static RelayEnvelope parse(List<String> lines, Instant writtenAt) {
    if (lines.isEmpty() || !lines.get(0).equals(MAGIC)) {
      if (lines.size() < 2) {
        throw new IllegalArgumentException("an envelope needs a reverse path and a recipient");
      }
      return of(lines.get(0), lines.subList(1, lines.size()), writtenAt);
    }
    String from = null;
    Instant arrived = null;
    Optional<DeliverBy> by = Optional.empty();
    MtPriority priority = MtPriority.NORMAL;
    Optional<Instant> release = Optional.empty();
    boolean utf8 = false;
    Set<String> notified = new LinkedHashSet<>();
    Optional<DsnFor> dsnFor = Optional.empty();
    List<RelayRecipient> to = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      int space = line.indexOf(' ');
      String key = space < 0 ? line : line.substring(0, space);
      String value = space < 0 ? "" : line.substring(space + 1);
      switch (key) {
        case "from" -> from = value;
        case "arrived" -> arrived = instant(value);
        case "by" -> by = Optional.of(required(DeliverBy.parse(value), line));
        case "priority" -> priority = required(MtPriority.parse(value), line);
        case "release" -> release = Optional.of(instant(value));
        case "smtputf8" -> utf8 = true;
        case "notified" -> notified.add(value);
        case "dsn-for" -> dsnFor = Optional.of(dsnFor(value));
        case "to" -> to.add(recipient(value));
        case "" -> { } // a trailing empty line
        default -> throw new IllegalArgumentException("unknown envelope line: " + line);
      }
    }
    if (from == null || arrived == null) {
      throw new IllegalArgumentException("an envelope needs from and arrived lines");
    }
    return new RelayEnvelope(from, to, arrived, by, priority, release, utf8, notified, dsnFor);
  }

  private static RelayRecipient recipient(String value) {
    String[] fields = value.split("\t", -1);
    Optional<Rrvs> rrvs = Optional.empty();
    Set<DsnNotify> notifications = new LinkedHashSet<>();
    for (String f : List.of(fields).subList(1, fields.length)) {
      if (f.startsWith("NOTIFY=")) {
        for (String n : f.substring("NOTIFY=".length()).split(",")) {
          notifications.add(required(notifyValue(n), value));
        }
      } else {
        rrvs = Optional.of(required(Rrvs.parse(f), value));
      }
    }
    return new RelayRecipient(fields[0], rrvs, notifications);
  }

  private static DsnNotify notifyValue(String name) {
    for (DsnNotify n : DsnNotify.values()) {
      if (n.name().equals(name)) {
        return n;
      }
    }
    return null;
  }

  private static DsnFor dsnFor(String value) {
    String[] parts = value.split("\t", -1);
    String[] head = parts[0].split(" ");
    if (head.length != 2) {
      throw new IllegalArgumentException("dsn-for needs a spool id and a kind: " + value);
    }
    return new DsnFor(head[0], head[1], List.of(parts).subList(1, parts.length));
  }

  private static Instant instant(String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not an instant: " + value, e);
    }
  }

  private static <T> T required(T parsed, String line) {
    if (parsed == null) {
      throw new IllegalArgumentException("malformed envelope line: " + line);
    }
    return parsed;
  }

  private static void checkValue(String s) {
    if (Objects.requireNonNull(s).chars().anyMatch(c -> c == '\r' || c == '\n' || c == '\t' || c == 0)) {
      throw new IllegalArgumentException("CR, LF, TAB and NUL are not allowed in a spooled envelope value");
    }
  }
}
