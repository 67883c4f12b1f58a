package dev.missive.mailauth.arc;

import dev.missive.mailauth.MalformedRecordException;
import dev.missive.mailauth.dkim.DkimAlgorithm;
import dev.missive.mailauth.internal.SignedFields;
import dev.missive.mailauth.internal.TagList;
import dev.missive.mailauth.internal.TagValues;
import dev.missive.message.header.HeaderField;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * An ARC-Seal header field (RFC 8617 §4.1.3), parsed: the instance {@code i=}, the chain validation status
 * {@code cv=} the sealer found, the algorithm, signing domain, selector, optional timestamp and the signature.
 * An {@code h=} tag is not allowed (§4.1.3: the seal covers the ARC sets, not chosen fields).
 *
 * @param field     the field as received
 * @param instance  {@code i=}, 1–50
 * @param cv        {@code cv=}
 * @param algorithm {@code a=}
 * @param domain    {@code d=}, lower case
 * @param selector  {@code s=}
 * @param timestamp {@code t=}, if present
 * @param signature {@code b=}, decoded
 */
public record ArcSeal(HeaderField field, int instance, ChainValidation cv, DkimAlgorithm algorithm, String domain,
                      String selector, OptionalLong timestamp, byte[] signature) {

  /** The field name (RFC 8617 §4.1.3). */
  public static final String FIELD_NAME = "ARC-Seal";

  /**
   * Requires the values.
   *
   * @param field     the field as received
   * @param instance  {@code i=}
   * @param cv        {@code cv=}
   * @param algorithm {@code a=}
   * @param domain    {@code d=}
   * @param selector  {@code s=}
   * @param timestamp {@code t=}, if present
   * @param signature {@code b=}, decoded
   */
  public ArcSeal {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(cv, "cv");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(signature, "signature");
  }

  /**
   * Parses an ARC-Seal field. This is the fuzzing entry point of its grammar.
   *
   * @param field the field
   * @return the seal
   * @throws MalformedRecordException if a tag is missing, malformed or unsupported, or {@code h=} is present
   */
  public static ArcSeal parse(HeaderField field) throws MalformedRecordException {
    TagList tags = TagList.parse(SignedFields.tagText(field).text());
    if (tags.tag("h").isPresent()) {
      throw new MalformedRecordException("ARC-Seal must not have h= (RFC 8617 §4.1.3)");
    }
    int instance = ArcInstances.instance(tags.require("i", FIELD_NAME));
    String cvText = tags.require("cv", FIELD_NAME);
    ChainValidation cv = ChainValidation.fromKeyword(cvText).orElseThrow(() -> new MalformedRecordException(
        "unknown cv=" + TagList.excerpt(cvText) + " (RFC 8617 §4.1.3)"));
    String a = tags.require("a", FIELD_NAME);
    DkimAlgorithm algorithm = DkimAlgorithm.fromTag(a).orElseThrow(() -> new MalformedRecordException(
        "unsupported algorithm a=" + TagList.excerpt(a)));
    String domain = TagValues.domainName(tags.require("d", FIELD_NAME), "d=");
    String selector = TagValues.selector(tags.require("s", FIELD_NAME));
    OptionalLong t = TagValues.number(tags, "t");
    byte[] b = TagValues.base64(tags.require("b", FIELD_NAME), "b=");
    return new ArcSeal(field, instance, cv, algorithm, domain, selector, t, b);
  }

  /** {@return the field's raw octets with the {@code b=} value removed, as the seal's own signed data ends} */
  byte[] fieldWithoutSignature() {
    return SignedFields.withoutSignature(field);
  }


  /** The chain validation status of RFC 8617 §4.4 ({@code cv=}), also the result of the {@code arc} method. */
  public enum ChainValidation {
    /** No ARC set was present before this one. */
    NONE,
    /** The chain validated. */
    PASS,
    /** The chain did not validate. */
    FAIL;

    /** {@return the keyword} */
    public String keyword() {
      return name().toLowerCase(Locale.ROOT);
    }

    static java.util.Optional<ChainValidation> fromKeyword(String s) {
      for (ChainValidation c : values()) {
        if (c.keyword().equalsIgnoreCase(s)) {
          return java.util.Optional.of(c);
        }
      }
      return java.util.Optional.empty();
    }
  }
}
