package dev.missive.examples.relay;

import dev.missive.smtp.DeliverBy;
import dev.missive.smtp.DsnNotify;
import dev.missive.smtp.DsnReturn;
import dev.missive.smtp.MtPriority;
import dev.missive.smtp.OriginalRecipient;
import dev.missive.smtp.Rrvs;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the relay keeps about a queued message besides its content: the envelope (RFC 5321 §3.3) and the facts the
 * SMTP extensions attached to it when it arrived — the deliver-by request (RFC 2852), the transfer priority
 * (RFC 6710), the release time of a held message (RFC 4865), SMTPUTF8 (RFC 6531), the DSN requests (RFC 3461:
 * {@code RET=} and {@code ENVID=} of the message, {@code NOTIFY=} and {@code ORCPT=} of each recipient) and each
 * recipient's RRVS condition (RFC 7293) — with the arrival time they count from, the notices already sent for it
 * and its retry state (how many tries failed and when the next one is due).
 *
 * <p><b>On disk</b> ({@link #toText()}, {@link #parse}): UTF-8 lines, the first {@code missive-relay 3}, then one
 * keyword and its value per line ({@link EnvelopeFile} lists them). Files of the second version (without the DSN
 * requests and the retry state) and of the first (the reverse path, then one recipient per line; arrived at the time
 * its file was written) still load.
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
 * @param dsn         the message's {@code RET=} and {@code ENVID=} (RFC 3461 §4.3, §4.4)
 * @param retry       the tries that failed so far and when the next one is due, if one failed
 */
public record RelayEnvelope(String reversePath, List<RelayRecipient> recipients, Instant arrival,
    Optional<DeliverBy> deliverBy, MtPriority priority, Optional<Instant> release, boolean smtpUtf8,
    Set<String> notified, Optional<DsnFor> dsnFor, DsnRequest dsn, Optional<Retry> retry) {

  /** The notice of {@link #notified} for the "delayed" DSN sent when the warning time passed. */
  public static final String EXPIRY_WARNING = "expiry-warning";
  /** The notice of {@link #notified} for the "delayed" DSN of a by-mode {@code N} deadline (RFC 2852 §4). */
  public static final String DELIVER_BY = "deliver-by";
  /** The {@link DsnFor#kind()} of a bounce for recipients that failed. */
  public static final String FAILED = "failed";
  /**
   * The {@link DsnFor#kind()} of a "relayed" report (RFC 3461 §5.2.2) for recipients handed to a next hop without
   * DSN: they leave the message.
   */
  public static final String RELAYED = "relayed";

  /**
   * One recipient.
   *
   * @param mailbox       the forward path without angle brackets
   * @param rrvs          its {@code RRVS=} condition (RFC 7293 §3), if any
   * @param notifications its {@code NOTIFY=} values (RFC 3461 §4.1), empty when none was given
   * @param original      its {@code ORCPT=} (RFC 3461 §4.2), if one was given
   */
  public record RelayRecipient(String mailbox, Optional<Rrvs> rrvs, Set<DsnNotify> notifications,
                               Optional<OriginalRecipient> original) {
    /**
     * Rejects a mailbox that would break the file's lines.
     *
     * @param mailbox       the forward path without angle brackets
     * @param rrvs          its {@code RRVS=} condition
     * @param notifications its {@code NOTIFY=} values
     * @param original      its {@code ORCPT=}
     */
    public RelayRecipient {
      checkValue(mailbox);
      Objects.requireNonNull(rrvs, "rrvs");
      notifications = Set.copyOf(notifications);
      Objects.requireNonNull(original, "original");
    }

    /**
     * A recipient without {@code ORCPT=}.
     *
     * @param mailbox       the forward path without angle brackets
     * @param rrvs          its {@code RRVS=} condition
     * @param notifications its {@code NOTIFY=} values
     */
    public RelayRecipient(String mailbox, Optional<Rrvs> rrvs, Set<DsnNotify> notifications) {
      this(mailbox, rrvs, notifications, Optional.empty());
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
     * @param kind {@link DsnNotify#FAILURE}, {@link DsnNotify#DELAY} or {@link DsnNotify#SUCCESS}
     * @return whether to report
     */
    public boolean wants(DsnNotify kind) {
      return notifications.isEmpty() ? kind == DsnNotify.FAILURE || kind == DsnNotify.DELAY
          : notifications.contains(kind);
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
   * The DSN requests of the message as a whole (RFC 3461 §4.3, §4.4).
   *
   * @param ret        {@code RET=}: whether a "failed" report returns the whole message or its header
   * @param envelopeId {@code ENVID=}, decoded (printable US-ASCII), returned in every report
   */
  public record DsnRequest(Optional<DsnReturn> ret, Optional<String> envelopeId) {
    /** Neither was given. */
    public static final DsnRequest NONE = new DsnRequest(Optional.empty(), Optional.empty());

    /**
     * Checks the values.
     *
     * @param ret        {@code RET=}
     * @param envelopeId {@code ENVID=}, decoded
     */
    public DsnRequest {
      Objects.requireNonNull(ret, "ret");
      Objects.requireNonNull(envelopeId, "envelopeId");
      envelopeId.ifPresent(RelayEnvelope::checkValue);
    }
  }

  /**
   * The retry state of a message whose last try failed for now (RFC 5321 §4.5.4.1), kept in the spool so that a
   * restart neither resets the back-off nor tries every message at once.
   *
   * @param failures  the tries that failed in a row, at least 1
   * @param notBefore when the next try is due
   */
  public record Retry(int failures, Instant notBefore) {
    /**
     * Checks the values.
     *
     * @param failures  the tries that failed in a row, at least 1
     * @param notBefore when the next try is due
     */
    public Retry {
      if (failures < 1) {
        throw new IllegalArgumentException("a retry follows at least one failure: " + failures);
      }
      Objects.requireNonNull(notBefore, "notBefore");
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
   * @param dsn         the message's {@code RET=} and {@code ENVID=}
   * @param retry       the retry state, if a try failed
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
    Objects.requireNonNull(dsn, "dsn");
    Objects.requireNonNull(retry, "retry");
  }

  /**
   * An envelope without DSN requests for the message and without a failed try (the second version's facts).
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
  public RelayEnvelope(String reversePath, List<RelayRecipient> recipients, Instant arrival,
                       Optional<DeliverBy> deliverBy, MtPriority priority, Optional<Instant> release, boolean smtpUtf8,
                       Set<String> notified, Optional<DsnFor> dsnFor) {
    this(reversePath, recipients, arrival, deliverBy, priority, release, smtpUtf8, notified, dsnFor,
        DsnRequest.NONE, Optional.empty());
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
        arrival, deliverBy, priority, release, smtpUtf8, notified, dsnFor, dsn, retry);
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
        dsnFor, dsn, retry);
  }

  /** {@return this envelope marked as received with SMTPUTF8 (RFC 6531)} */
  public RelayEnvelope withSmtpUtf8() {
    return new RelayEnvelope(reversePath, recipients, arrival, deliverBy, priority, release, true, notified, dsnFor,
        dsn, retry);
  }

  /**
   * This envelope with another priority.
   *
   * @param other the {@code MT-PRIORITY=} value to send with
   * @return the copy
   */
  public RelayEnvelope withPriority(MtPriority other) {
    return new RelayEnvelope(reversePath, recipients, arrival, deliverBy, other, release, smtpUtf8, notified, dsnFor,
        dsn, retry);
  }

  /**
   * This envelope marked as a bounce reporting on {@code what}.
   *
   * @param what the message and recipients reported on
   * @return the copy
   */
  public RelayEnvelope reportingOn(DsnFor what) {
    return new RelayEnvelope(reversePath, recipients, arrival, deliverBy, priority, release, smtpUtf8, notified,
        Optional.of(what), dsn, retry);
  }

  /**
   * This envelope with the message's DSN requests.
   *
   * @param request {@code RET=} and {@code ENVID=}
   * @return the copy
   */
  public RelayEnvelope withDsn(DsnRequest request) {
    return new RelayEnvelope(reversePath, recipients, arrival, deliverBy, priority, release, smtpUtf8, notified,
        dsnFor, request, retry);
  }

  /**
   * This envelope with its retry state replaced.
   *
   * @param state the tries failed and the next one's time, or empty once a try got through
   * @return the copy
   */
  public RelayEnvelope withRetry(Optional<Retry> state) {
    return new RelayEnvelope(reversePath, recipients, arrival, deliverBy, priority, release, smtpUtf8, notified,
        dsnFor, dsn, state);
  }

  /** {@return the envelope in its file form ({@code missive-relay 3}), every line ending in LF} */
  public String toText() {
    return EnvelopeFile.write(this);
  }

  /**
   * Reads an envelope file of any version.
   *
   * @param lines     the file's lines
   * @param writtenAt when the file was written: the arrival time of a first-version file
   * @return the envelope
   * @throws IllegalArgumentException if the file is not of any version's form
   */
  public static RelayEnvelope parse(List<String> lines, Instant writtenAt) {
    return EnvelopeFile.read(lines, writtenAt);
  }

  static void checkValue(String s) {
    if (Objects.requireNonNull(s).chars().anyMatch(c -> c == '\r' || c == '\n' || c == '\t' || c == 0)) {
      throw new IllegalArgumentException("CR, LF, TAB and NUL are not allowed in a spooled envelope value");
    }
  }
}
