package dev.missive.smtp;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The ESMTP parameters of a RCPT TO command (RFC 5321 §4.1.1.3 {@code Rcpt-parameters}): {@code NOTIFY=} and
 * {@code ORCPT=} of DSN (RFC 3461 §4.1–§4.2).
 *
 * @param notifications          the NOTIFY values; empty when NOTIFY was not given; {@code NEVER} stands alone
 * @param originalRecipient the ORCPT value
 */
public record RcptParameters(Set<DsnNotify> notifications, Optional<OriginalRecipient> originalRecipient) {

  /** No parameters at all. */
  public static final RcptParameters NONE = new RcptParameters(Set.of(), Optional.empty());

  /**
   * Validates that NEVER is not combined with other values (RFC 3461 §4.1).
   *
   * @param notifications          the NOTIFY values; empty when NOTIFY was not given; {@code NEVER} stands alone
   * @param originalRecipient the ORCPT value
   */
  public RcptParameters {
    if (notifications == null || originalRecipient == null) {
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
    return new RcptParameters(values, originalRecipient);
  }

  /**
   * These parameters with {@code ORCPT=}.
   *
   * @param orcpt the ORCPT value
   * @return a copy with that value
   */
  public RcptParameters withOriginalRecipient(OriginalRecipient orcpt) {
    return new RcptParameters(notifications, Optional.of(orcpt));
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
    return sb.toString();
  }
}
