package dev.missive.mailauth.spf;

import dev.missive.mailauth.results.MethodResult;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of {@code check_host()} (RFC 7208 §2.6, §4): one of the seven results, why, the explanation a
 * {@code fail} may carry ({@code exp=}, §6.2), and the domain checked.
 *
 * @param status      the result
 * @param reason      what decided it (the matching mechanism, the error), for logs and comments
 * @param explanation the expanded explanation of a {@code fail}, if the domain published one
 * @param domain      the domain checked
 */
public record SpfResult(Status status, String reason, Optional<String> explanation, String domain) {

  /** The results of RFC 7208 §2.6. */
  public enum Status {
    /** No record, or the domain is not a valid domain name (§2.6.1, §4.3). */
    NONE,
    /** The domain makes no assertion (§2.6.2). */
    NEUTRAL,
    /** The client is authorized (§2.6.3). */
    PASS,
    /** The client is not authorized (§2.6.4). */
    FAIL,
    /** Probably not authorized (§2.6.5). */
    SOFTFAIL,
    /** A transient DNS error (§2.6.6). */
    TEMPERROR,
    /** The record could not be interpreted, or a limit was exceeded (§2.6.7). */
    PERMERROR;

    /** {@return the result keyword (RFC 7208 §2.6, RFC 8601 §2.7.2)} */
    public String keyword() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Requires the values.
   *
   * @param status      the result
   * @param reason      what decided it
   * @param explanation the expanded explanation of a {@code fail}, if any
   * @param domain      the domain checked
   */
  public SpfResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(explanation, "explanation");
    Objects.requireNonNull(domain, "domain");
  }

  /**
   * This result as an Authentication-Results {@code resinfo} (RFC 8601 §2.7.2): {@code spf=<result>} with the
   * reason as a comment and {@code smtp.mailfrom} (the reverse-path) or, when it was null, {@code smtp.helo}.
   *
   * @param mailFrom the reverse-path's mailbox as checked, or empty text for the null reverse-path
   * @return the method result
   */
  public MethodResult toMethodResult(String mailFrom) {
    MethodResult.Property identity = mailFrom.isEmpty() ? new MethodResult.Property("smtp", "helo", domain)
        : new MethodResult.Property("smtp", "mailfrom", mailFrom);
    return MethodResult.of("spf", status.keyword(), identity).withComment(reason);
  }
}
