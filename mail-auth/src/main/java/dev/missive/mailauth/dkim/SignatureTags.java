package dev.missive.mailauth.dkim;

import dev.missive.mailauth.MalformedRecordException;
import dev.missive.mailauth.internal.SignatureCrypto;
import dev.missive.mailauth.internal.SignedFields;
import dev.missive.mailauth.internal.TagList;
import dev.missive.mailauth.internal.TagValues;
import dev.missive.message.header.HeaderField;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The tags a DKIM-Signature (RFC 6376 §3.5) and an ARC-Message-Signature (RFC 8617 §4.1.2, which reuses them)
 * share, parsed and checked, with the field they came from. Tags that only one of the two has ({@code v=},
 * {@code i=}, {@code q=}, {@code z=}, unknown tags) are in {@link #otherTags()}.
 *
 * @param field                  the signature field as received
 * @param algorithm              {@code a=}
 * @param headerCanonicalization the first half of {@code c=} (simple when absent)
 * @param bodyCanonicalization   the second half of {@code c=} (simple when absent)
 * @param domain                 {@code d=}, lower case
 * @param selector               {@code s=}
 * @param signedHeaders          {@code h=}, in order
 * @param bodyLength             {@code l=}, if present
 * @param timestamp              {@code t=} in seconds since the epoch, if present
 * @param expiration             {@code x=} in seconds since the epoch, if present
 * @param bodyHash               {@code bh=}, decoded
 * @param signature              {@code b=}, decoded
 * @param otherTags              the other tags in order, values as written
 */
public record SignatureTags(HeaderField field, DkimAlgorithm algorithm, Canonicalization headerCanonicalization,
                            Canonicalization bodyCanonicalization, String domain, String selector,
                            List<String> signedHeaders, OptionalLong bodyLength, OptionalLong timestamp,
                            OptionalLong expiration, byte[] bodyHash, byte[] signature, Map<String, String> otherTags) {

  /**
   * Copies the lists.
   *
   * @param field                  the signature field as received
   * @param algorithm              {@code a=}
   * @param headerCanonicalization the first half of {@code c=} (simple when absent)
   * @param bodyCanonicalization   the second half of {@code c=} (simple when absent)
   * @param domain                 {@code d=}, lower case
   * @param selector               {@code s=}
   * @param signedHeaders          {@code h=}, in order
   * @param bodyLength             {@code l=}, if present
   * @param timestamp              {@code t=} in seconds since the epoch, if present
   * @param expiration             {@code x=} in seconds since the epoch, if present
   * @param bodyHash               {@code bh=}, decoded
   * @param signature              {@code b=}, decoded
   * @param otherTags              the other tags in order, values as written
   */
  public SignatureTags {
    signedHeaders = List.copyOf(signedHeaders);
    otherTags = Collections.unmodifiableMap(new LinkedHashMap<>(otherTags));
  }

  /**
   * Parses the shared tags of a signature field.
   *
   * @param field the field
   * @return the tags
   * @throws MalformedRecordException if a tag is missing, malformed or unsupported
   */
  public static SignatureTags parse(HeaderField field) throws MalformedRecordException {
    SignedFields.TagText text = SignedFields.tagText(field);
    TagList tags = TagList.parse(text.text());
    String what = field.name();
    String a = tags.require("a", what);
    DkimAlgorithm algorithm = DkimAlgorithm.fromTag(a).orElseThrow(() -> new MalformedRecordException(
        "unsupported algorithm a=" + TagList.excerpt(a) + " (RFC 8301 §3.1 refuses rsa-sha1)"));
    Canonicalization hc = Canonicalization.SIMPLE;
    Canonicalization bc = Canonicalization.SIMPLE;
    String c = tags.value("c").orElse(null);
    if (c != null) {
      int slash = c.indexOf('/');
      hc = Canonicalization.fromTag(slash < 0 ? c : c.substring(0, slash));
      bc = slash < 0 ? Canonicalization.SIMPLE : Canonicalization.fromTag(c.substring(slash + 1));
      if (hc == null || bc == null) {
        throw new MalformedRecordException("unknown canonicalization c=" + TagList.excerpt(c) + " (RFC 6376 §3.5)");
      }
    }
    String domain = TagValues.domainName(tags.require("d", what), "d=");
    String selector = TagValues.selector(tags.require("s", what));
    List<String> h = new ArrayList<>();
    for (String name : tags.require("h", what).split(":", -1)) {
      String n = TagList.compact(name);
      if (n.isEmpty() || !n.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f && ch != ':')) {
        throw new MalformedRecordException("malformed h= list (RFC 6376 §3.5)");
      }
      h.add(n);
    }
    OptionalLong l = TagValues.number(tags, "l");
    OptionalLong t = TagValues.number(tags, "t");
    OptionalLong x = TagValues.number(tags, "x");
    if (t.isPresent() && x.isPresent() && x.getAsLong() < t.getAsLong()) {
      throw new MalformedRecordException("x= is before t= (RFC 6376 §3.5)");
    }
    byte[] bh = TagValues.base64(tags.require("bh", what), "bh=");
    byte[] b = TagValues.base64(tags.require("b", what), "b=");
    if (bh.length != 32) {
      throw new MalformedRecordException("bh= is not a SHA-256 hash (" + bh.length + " octets)");
    }
    Map<String, String> other = new LinkedHashMap<>();
    for (TagList.Tag tag : tags.tags()) {
      if (!List.of("a", "c", "d", "s", "h", "l", "t", "x", "bh", "b").contains(tag.name())) {
        other.put(tag.name(), tag.value());
      }
    }
    return new SignatureTags(field, algorithm, hc, bc, domain, selector, h, l, t, x, bh, b, other);
  }

  /**
   * Whether the signature signs a field of this name (RFC 6376 §5.4).
   *
   * @param name the field name
   * @return whether {@code h=} lists it
   */
  public boolean signs(String name) {
    return signedHeaders.stream().anyMatch(n -> n.equalsIgnoreCase(name));
  }

  /** {@return the field's raw octets with the {@code b=} value removed, as the signed data holds it} */
  public byte[] fieldWithoutSignature() {
    return SignedFields.withoutSignature(field);
  }


  /**
   * Whether the signature's header data verifies with a key (RFC 6376 §3.7, §6.1.3; RFC 8617 §5.1.1).
   *
   * @param fields the message's header fields, top to bottom
   * @param key    the public key
   * @return whether it verifies
   */
  public boolean verifies(List<HeaderField> fields, PublicKey key) {
    byte[] data = SignedFields.data(fields, signedHeaders, headerCanonicalization == Canonicalization.RELAXED,
        fieldWithoutSignature());
    return SignatureCrypto.verify(algorithm == DkimAlgorithm.ED25519_SHA256, key, data, signature);
  }
}
