package dev.missive.mailauth.dkim;

import dev.missive.mailauth.MalformedRecordException;
import dev.missive.mailauth.internal.TagList;
import dev.missive.message.header.HeaderField;
import java.util.Locale;

/**
 * A DKIM-Signature header field (RFC 6376 §3.5), parsed and checked: version 1, the shared signature tags, and
 * the Agent or User Identifier {@code i=} (default {@code @d}), whose domain must be {@code d=} or a subdomain of it.
 * A signature whose {@code q=} lacks {@code dns/txt} is refused, as is one that does not sign From (§5.4).
 *
 * @param tags     the tags shared with ARC
 * @param identity the AUID ({@code i=}), {@code @domain} when absent
 */
public record DkimSignature(SignatureTags tags, String identity) {

  /** The field name (RFC 6376 §3.5). */
  public static final String FIELD_NAME = "DKIM-Signature";

  /**
   * Parses a DKIM-Signature field. This is the fuzzing entry point of the signature grammar.
   *
   * @param field the field
   * @return the signature
   * @throws MalformedRecordException if it does not follow RFC 6376 §3.5
   */
  public static DkimSignature parse(HeaderField field) throws MalformedRecordException {
    SignatureTags tags = SignatureTags.parse(field);
    String v = tags.otherTags().get("v");
    if (!"1".equals(v)) {
      throw new MalformedRecordException(v == null ? "DKIM-Signature lacks v= (RFC 6376 §3.5)"
          : "unsupported DKIM version v=" + TagList.excerpt(v));
    }
    String q = tags.otherTags().get("q");
    if (q != null && !TagList.compact(q).toLowerCase(Locale.ROOT).contains("dns/txt")) {
      throw new MalformedRecordException("no supported query method in q=" + TagList.excerpt(q));
    }
    if (!tags.signs("from")) {
      throw new MalformedRecordException("h= does not include From (RFC 6376 §5.4)");
    }
    String i = tags.otherTags().get("i");
    String identity = "@" + tags.domain();
    if (i != null) {
      int at = i.lastIndexOf('@');
      if (at < 0) {
        throw new MalformedRecordException("i= has no '@' (RFC 6376 §3.5)");
      }
      String iDomain = i.substring(at + 1).toLowerCase(Locale.ROOT);
      if (!iDomain.equals(tags.domain()) && !iDomain.endsWith("." + tags.domain())) {
        throw new MalformedRecordException("the domain of i= is not d= or a subdomain of it (RFC 6376 §3.5)");
      }
      identity = i;
    }
    return new DkimSignature(tags, identity);
  }

  /** {@return the signing domain, {@code d=}} */
  public String domain() {
    return tags.domain();
  }

  /** {@return the selector, {@code s=}} */
  public String selector() {
    return tags.selector();
  }

  /** {@return the algorithm, {@code a=}} */
  public DkimAlgorithm algorithm() {
    return tags.algorithm();
  }
}
