package dev.missive.mailauth.dkim;

import dev.missive.mailauth.results.MethodResult;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The verification result of one DKIM-Signature (RFC 6376 §6.1, in the result words of RFC 8601 §2.7.1).
 *
 * @param status             the result
 * @param reason             why, for the Authentication-Results comment and logs (empty on pass)
 * @param signature          the parsed signature, empty when it could not be parsed
 * @param domain             {@code d=} as written (lower case), or empty when absent
 * @param selector           {@code s=} as written, or empty when absent
 * @param testing            whether the key record says the domain is testing DKIM ({@code t=y})
 * @param unsignedBodyOctets canonical body octets past {@code l=} that the signature does not cover (0 without
 *                           {@code l=})
 */
public record DkimResult(Status status, String reason, Optional<DkimSignature> signature, String domain,
                         String selector, boolean testing, long unsignedBodyOctets) {

  /** The DKIM results of RFC 8601 §2.7.1 a signature can have ({@code none} is a message without signatures). */
  public enum Status {
    /** The signature verified. */
    PASS,
    /** The body hash or the signature did not verify. */
    FAIL,
    /** Not evaluated (more signatures than the verifier checks). */
    NEUTRAL,
    /** Verified, but refused by local policy (unsigned content after {@code l=}). */
    POLICY,
    /** The key could not be fetched now. */
    TEMPERROR,
    /** Malformed signature or key, unsupported algorithm, revoked or missing key, expired signature. */
    PERMERROR;

    /** {@return the RFC 8601 result keyword} */
    public String keyword() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Requires the values.
   *
   * @param status             the result
   * @param reason             why, for the Authentication-Results comment and logs (empty on pass)
   * @param signature          the parsed signature, empty when it could not be parsed
   * @param domain             {@code d=} as written (lower case), or empty when absent
   * @param selector           {@code s=} as written, or empty when absent
   * @param testing            whether the key record says the domain is testing DKIM ({@code t=y})
   * @param unsignedBodyOctets canonical body octets past {@code l=} that the signature does not cover
   */
  public DkimResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(selector, "selector");
  }

  /** {@return whether the signature verified} */
  public boolean isPass() {
    return status == Status.PASS;
  }

  /**
   * The first characters of the signature's {@code b=} value, which tell signatures apart in an
   * Authentication-Results {@code header.b} property (RFC 6008 §4), or empty.
   *
   * @return at most 8 base64 characters
   */
  public String signaturePrefix() {
    return signature.map(s -> {
      String b = Base64.getEncoder().encodeToString(s.tags().signature());
      return b.substring(0, Math.min(8, b.length()));
    }).orElse("");
  }

  /**
   * This result as an Authentication-Results {@code resinfo} (RFC 8601 §2.7.1): {@code dkim=<result>} with the
   * reason as a comment and the properties {@code header.d}, {@code header.i}, {@code header.s}, {@code header.a}
   * and {@code header.b} (RFC 6008 §4) that are known.
   *
   * @return the method result
   */
  public MethodResult toMethodResult() {
    List<MethodResult.Property> props = new ArrayList<>();
    if (!domain.isEmpty()) {
      props.add(new MethodResult.Property("header", "d", domain));
    }
    signature.ifPresent(s -> props.add(new MethodResult.Property("header", "i", s.identity())));
    if (!selector.isEmpty()) {
      props.add(new MethodResult.Property("header", "s", selector));
    }
    signature.ifPresent(s -> props.add(new MethodResult.Property("header", "a", s.algorithm().tagValue())));
    if (!signaturePrefix().isEmpty()) {
      props.add(new MethodResult.Property("header", "b", signaturePrefix()));
    }
    String comment = testing ? (reason.isEmpty() ? "key in test mode" : reason + "; key in test mode") : reason;
    return MethodResult.of("dkim", status.keyword(), props.toArray(new MethodResult.Property[0]))
        .withComment(comment);
  }
}
