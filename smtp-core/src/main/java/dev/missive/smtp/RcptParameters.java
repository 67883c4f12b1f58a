package dev.missive.smtp;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The ESMTP parameters of a RCPT TO command (RFC 5321 §4.1.1.3 {@code Rcpt-parameters}): {@code NOTIFY=} and
 * {@code ORCPT=} of DSN (RFC 3461 §4.1–§4.2), and {@code RRVS=} (RFC 7293).
 *
 * @param notifications          the NOTIFY values; empty when NOTIFY was not given; {@code NEVER} stands alone
 * @param originalRecipient the ORCPT value
 * @param validSince        the RRVS condition
 */
public record RcptParameters(Set<DsnNotify> notifications, Optional<OriginalRecipient> originalRecipient,
    Optional<Rrvs> validSince) {

  /** No parameters at all. */
  public static final RcptParameters NONE = new RcptParameters(Set.of(), Optional.empty(), Optional.empty());

  /**
   * Validates that NEVER is not combined with other values (RFC 3461 §4.1).
   *
   * @param notifications          the NOTIFY values; empty when NOTIFY was not given; {@code NEVER} stands alone
   * @param originalRecipient the ORCPT value
   * @param validSince        the RRVS condition
   */
  public RcptParameters {
    if (notifications == null || originalRecipient == null || validSince == null) {
      throw new IllegalArgumentException("use empty values, not null");
    }
    notifications = notifications.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(notifications));
    if (notifications.contains(DsnNotify.NEVER) && notifications.size() > 1) {
      throw new IllegalArgumentException("NOTIFY=NEVER excludes SUCCESS, FAILURE and DELAY");
    }
  }

  /**
   * These parameters with {@code NOTIFY=} the given values.
   *
   * @param values the NOTIFY values (RFC 3461 §4.1)
   * @return a copy with that value
   */
  public RcptParameters withNotify(Set<DsnNotify> values) {
    return new RcptParameters(values, originalRecipient, validSince);
  }

  /**
   * These parameters with {@code ORCPT=}.
   *
   * @param orcpt the ORCPT value
   * @return a copy with that value
   */
  public RcptParameters withOriginalRecipient(OriginalRecipient orcpt) {
    return new RcptParameters(notifications, Optional.of(orcpt), validSince);
  }

  /**
   * These parameters with {@code RRVS=} (RFC 7293).
   *
   * @param rrvs the condition
   * @return a copy with that value
   */
  public RcptParameters withValidSince(Rrvs rrvs) {
    return new RcptParameters(notifications, originalRecipient, Optional.of(rrvs));
  }

  /** {@return the parameters as written after the path, without a leading space; empty when there are none} */
  public String toParameterString() {
    StringBuilder sb = new StringBuilder();
    if (!notifications.isEmpty()) {
      StringBuilder values = new StringBuilder();
      for (DsnNotify n : DsnNotify.values()) {
        if (notifications.contains(n)) {
          values.append(values.length() > 0 ? "," : "").append(n.name());
        }
      }
      MailParameters.append(sb, "NOTIFY=" + values);
    }
    originalRecipient.ifPresent(o -> MailParameters.append(sb, "ORCPT=" + o.toParameterValue()));
    validSince.ifPresent(r -> MailParameters.append(sb, r.toParameter()));
    return sb.toString();
  }
}
