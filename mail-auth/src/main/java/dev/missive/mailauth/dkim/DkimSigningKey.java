package dev.missive.mailauth.dkim;

import dev.missive.dns.DnsNames;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * A signing domain's private key with its selector (RFC 6376 §3.1, §3.5 {@code d=} and {@code s=}): an RSA key
 * of at least 1024 bits (RFC 8301 §3.2) for {@code rsa-sha256}, or an Ed25519 key for {@code ed25519-sha256}
 * (RFC 8463). {@link #toString()} never shows the key.
 *
 * @param domain    the signing domain, A-label form
 * @param selector  the selector
 * @param key       the private key
 */
public record DkimSigningKey(String domain, String selector, PrivateKey key) {

  /**
   * Checks the values.
   *
   * @param domain    the signing domain, A-label form
   * @param selector  the selector
   * @param key       the private key
   */
  public DkimSigningKey {
    Objects.requireNonNull(key, "key");
    domain = DnsNames.normalize(domain);
    if (!DnsNames.isQueryable(selector + "._domainkey." + domain)
        || !selector.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_')) {
      throw new IllegalArgumentException("not a selector: " + selector);
    }
    String alg = key.getAlgorithm().toUpperCase(Locale.ROOT);
    if (key instanceof RSAPrivateKey r) {
      if (r.getModulus().bitLength() < 1024) {
        throw new IllegalArgumentException("RSA keys under 1024 bits are not valid for DKIM (RFC 8301 §3.2)");
      }
    } else if (!alg.equals("ED25519") && !alg.equals("EDDSA")) {
      throw new IllegalArgumentException("DKIM signs with RSA or Ed25519 keys, not " + key.getAlgorithm());
    }
  }

  /**
   * Reads an unencrypted PKCS#8 private key in PEM ({@code -----BEGIN PRIVATE KEY-----}), RSA or Ed25519, as
   * {@code openssl genpkey} writes it.
   *
   * @param domain   the signing domain
   * @param selector the selector
   * @param pem      the PEM text
   * @return the key
   * @throws GeneralSecurityException if the text is not such a key
   */
  public static DkimSigningKey fromPem(String domain, String selector, String pem) throws GeneralSecurityException {
    int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      throw new GeneralSecurityException("not a PEM PKCS#8 private key (BEGIN PRIVATE KEY)");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("malformed base64 in the PEM key");
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    PrivateKey key;
    try {
      key = KeyFactory.getInstance("RSA").generatePrivate(spec);
    } catch (GeneralSecurityException notRsa) {
      key = KeyFactory.getInstance("Ed25519").generatePrivate(spec);
    }
    return new DkimSigningKey(domain, selector, key);
  }

  /** {@return the algorithm this key signs with} */
  public DkimAlgorithm algorithm() {
    return key instanceof RSAPrivateKey ? DkimAlgorithm.RSA_SHA256 : DkimAlgorithm.ED25519_SHA256;
  }

  @Override
  public String toString() {
    return "DkimSigningKey[d=" + domain + ", s=" + selector + ", " + algorithm().tagValue() + "]";
  }
}
