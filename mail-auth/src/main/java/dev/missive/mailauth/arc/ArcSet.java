package dev.missive.mailauth.arc;

import dev.missive.mailauth.dkim.SignatureTags;
import dev.missive.message.header.HeaderField;
import java.util.Objects;

/**
 * One ARC set (RFC 8617 §4.1): the three fields a sealer adds with the same instance — its
 * ARC-Authentication-Results (what it found), ARC-Message-Signature (a DKIM-like signature of the message) and
 * ARC-Seal (a signature over the chain so far).
 *
 * @param instance              {@code i=}, 1–50
 * @param authenticationResults the ARC-Authentication-Results field
 * @param messageSignature      the ARC-Message-Signature, parsed
 * @param seal                  the ARC-Seal, parsed
 */
public record ArcSet(int instance, HeaderField authenticationResults, SignatureTags messageSignature,
                     ArcSeal seal) {

  /** The ARC-Authentication-Results field name (RFC 8617 §4.1.1). */
  public static final String AAR_FIELD = "ARC-Authentication-Results";

  /** The ARC-Message-Signature field name (RFC 8617 §4.1.2). */
  public static final String AMS_FIELD = "ARC-Message-Signature";

  /**
   * Requires the values.
   *
   * @param instance              {@code i=}
   * @param authenticationResults the ARC-Authentication-Results field
   * @param messageSignature      the ARC-Message-Signature
   * @param seal                  the ARC-Seal
   */
  public ArcSet {
    Objects.requireNonNull(authenticationResults, "authenticationResults");
    Objects.requireNonNull(messageSignature, "messageSignature");
    Objects.requireNonNull(seal, "seal");
  }
}
