package dev.missive.mailauth.internal;

import dev.missive.message.header.HeaderField;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Writes and signs a DKIM-Signature or ARC-Message-Signature field (RFC 6376 §3.5, §5; RFC 8617 §4.1.2): the
 * given tags in order, then {@code h=}, {@code bh=} and {@code b=}, folded at 76 characters; the signature covers
 * the signed fields and this field with an empty {@code b=} (§3.7).
 */
public final class SignatureFieldWriter {

  private SignatureFieldWriter() {
  }

  /**
   * Builds and signs the field.
   *
   * @param name          the field name
   * @param tags          the tags before {@code h=}, each {@code name=value} without ';'
   * @param signedNames   the {@code h=} names
   * @param bodyHash      the body hash
   * @param fields        the message's header fields
   * @param relaxedHeader the header canonicalization
   * @param ed25519       Ed25519-SHA256 if true, else RSA-SHA256
   * @param key           the private key
   * @return the signed field
   * @throws GeneralSecurityException if the key cannot sign
   */
  public static HeaderField sign(String name, List<String> tags, List<String> signedNames, byte[] bodyHash,
                                 List<HeaderField> fields, boolean relaxedHeader, boolean ed25519, PrivateKey key)
      throws GeneralSecurityException {
    FieldFolder f = new FieldFolder(name);
    for (String tag : tags) {
      f.piece(tag + ";", true);
    }
    f.list("h", signedNames, ":", false);
    f.piece("bh=", true).base64(Base64.getEncoder().encodeToString(bodyHash)).piece(";", false);
    f.piece("b=", true);
    byte[] data = SignedFields.data(fields, signedNames, relaxedHeader, f.raw());
    byte[] sig = SignatureCrypto.sign(ed25519, key, data);
    return HeaderField.parse(f.base64(Base64.getEncoder().encodeToString(sig)).raw(), new ArrayList<>());
  }
}
