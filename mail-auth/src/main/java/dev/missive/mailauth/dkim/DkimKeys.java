package dev.missive.mailauth.dkim;

import dev.missive.dns.DnsResult;
import dev.missive.dns.TxtRecord;
import dev.missive.mailauth.MalformedRecordException;
import dev.missive.mailauth.internal.SignatureCrypto;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Objects;

/**
 * Fetches and checks the public key of a DKIM or ARC signature (RFC 6376 §6.1.2, RFC 8617 §5.1.1): the key
 * record is looked up, parsed, matched against the signature's algorithm, and an RSA key must have between
 * {@code minRsaBits} (RFC 8301 §3.2: 1024) and {@code maxRsaBits} bits, which bounds the work a hostile key costs.
 */
public final class DkimKeys {

  private DkimKeys() {
  }

  /** The outcome of a key fetch. */
  public sealed interface Fetched {
  }

  /**
   * A usable key.
   *
   * @param record the key record
   * @param key    the public key
   */
  public record Found(DkimKeyRecord record, PublicKey key) implements Fetched {
    /**
     * Requires both.
     *
     * @param record the key record
     * @param key    the public key
     */
    public Found {
      Objects.requireNonNull(record, "record");
      Objects.requireNonNull(key, "key");
    }
  }

  /**
   * No usable key.
   *
   * @param status {@link DkimResult.Status#TEMPERROR} or {@link DkimResult.Status#PERMERROR}
   * @param reason why
   */
  public record Missing(DkimResult.Status status, String reason) implements Fetched {}

  /**
   * Fetches the key for a signature.
   *
   * @param lookup     where keys are
   * @param selector   {@code s=}
   * @param domain     {@code d=}
   * @param algorithm  {@code a=}
   * @param minRsaBits the smallest RSA key accepted
   * @param maxRsaBits the largest RSA key accepted
   * @return the key, or why there is none
   */
  public static Fetched fetch(DkimKeyLookup lookup, String selector, String domain, DkimAlgorithm algorithm,
                              int minRsaBits, int maxRsaBits) {
    DnsResult<TxtRecord> answer = lookup.keyRecords(selector, domain);
    if (answer instanceof DnsResult.Failure<TxtRecord> f) {
      return new Missing(DkimResult.Status.TEMPERROR, "key look-up failed: " + f.reason());
    }
    if (answer.records().isEmpty()) {
      return new Missing(DkimResult.Status.PERMERROR, "no key for selector " + selector + " (RFC 6376 §6.1.2)");
    }
    String firstProblem = null;
    for (TxtRecord txt : answer.records()) {
      try {
        DkimKeyRecord record = DkimKeyRecord.parse(txt.text());
        String unsuitable = record.unsuitableFor(algorithm);
        if (unsuitable != null) {
          firstProblem = firstProblem == null ? unsuitable : firstProblem;
          continue;
        }
        PublicKey key = SignatureCrypto.publicKey(algorithm == DkimAlgorithm.ED25519_SHA256, record.publicKey());
        int bits = SignatureCrypto.rsaBits(key);
        if (algorithm == DkimAlgorithm.RSA_SHA256 && (bits < minRsaBits || bits > maxRsaBits)) {
          firstProblem = firstProblem == null ? "RSA key of " + bits + " bits outside " + minRsaBits + "-"
              + maxRsaBits + " (RFC 8301 §3.2)" : firstProblem;
          continue;
        }
        return new Found(record, key);
      } catch (MalformedRecordException e) {
        firstProblem = firstProblem == null ? "malformed key record: " + e.getMessage() : firstProblem;
      } catch (GeneralSecurityException | RuntimeException e) {
        firstProblem = firstProblem == null ? "unreadable public key in p=" : firstProblem;
      }
    }
    return new Missing(DkimResult.Status.PERMERROR, firstProblem);
  }
}
