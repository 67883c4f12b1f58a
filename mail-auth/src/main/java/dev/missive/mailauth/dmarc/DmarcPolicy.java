package dev.missive.mailauth.dmarc;

import java.util.Objects;

/**
 * The outcome of DMARC policy discovery for one author domain (RFC 7489 §6.6.3): the record found, at the author
 * domain or else at its Organizational Domain; no policy (no record, or several); a record that is not valid
 * DMARC; or a DNS failure.
 */
public sealed interface DmarcPolicy {

  /**
   * A policy record was found.
   *
   * @param record               the record
   * @param recordDomain         where it was found: the author domain or its Organizational Domain
   * @param organizationalDomain the author domain's Organizational Domain (RFC 7489 §3.2)
   * @param forSubdomain         whether the author domain is a subdomain of the domain whose record applies, so
   *                             {@code sp=} decides (§6.3)
   */
  record Found(DmarcRecord record, String recordDomain, String organizationalDomain, boolean forSubdomain)
      implements DmarcPolicy {
    /**
     * Requires the values.
     *
     * @param record               the record
     * @param recordDomain         where it was found
     * @param organizationalDomain the Organizational Domain
     * @param forSubdomain         whether {@code sp=} decides
     */
    public Found {
      Objects.requireNonNull(record, "record");
      Objects.requireNonNull(recordDomain, "recordDomain");
      Objects.requireNonNull(organizationalDomain, "organizationalDomain");
    }

    /** {@return the policy requested for the author domain: {@code sp=} or {@code p=}} */
    public DmarcRecord.Policy requestedPolicy() {
      return record.policyFor(forSubdomain);
    }
  }

  /**
   * No DMARC policy applies: no record at either name, or more than one at the name asked (§6.6.3 step 4).
   *
   * @param reason which
   */
  record NotFound(String reason) implements DmarcPolicy {
    /**
     * Requires a reason.
     *
     * @param reason which
     */
    public NotFound {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * A record starts with {@code v=DMARC1} but is not a valid DMARC record (RFC 7489 §11.2 {@code permerror}).
   *
   * @param recordDomain where it was found
   * @param reason       what is wrong
   */
  record Invalid(String recordDomain, String reason) implements DmarcPolicy {
    /**
     * Requires the values.
     *
     * @param recordDomain where it was found
     * @param reason       what is wrong
     */
    public Invalid {
      Objects.requireNonNull(recordDomain, "recordDomain");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The records could not be fetched now (RFC 7489 §11.2 {@code temperror}).
   *
   * @param reason the DNS failure
   */
  record TempError(String reason) implements DmarcPolicy {
    /**
     * Requires a reason.
     *
     * @param reason the DNS failure
     */
    public TempError {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
