package dev.missive.mailauth.internal;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * The signature operations of DKIM and ARC (RFC 6376 §3.3, RFC 8463 §3, RFC 8617 §4.1): RSASSA-PKCS1-v1_5 with
 * SHA-256 over the data, and Ed25519 over the SHA-256 hash of the data; and the public keys of key records
 * (RFC 6376 §3.6.1: an RSA SubjectPublicKeyInfo, or a bare PKCS#1 RSAPublicKey as some publish; RFC 8463 §4: the
 * 32 raw octets of an Ed25519 key).
 */
public final class SignatureCrypto {

  /** The DER prefix that makes 32 raw Ed25519 octets a SubjectPublicKeyInfo (RFC 8410 §4). */
  private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03,
      0x21, 0x00};
  /** rsaEncryption's AlgorithmIdentifier (RFC 8017 Appendix C) with NULL parameters. */
  private static final byte[] RSA_ALGORITHM_ID = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
      (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

  private SignatureCrypto() {
  }

  /**
   * Reads the public key of a key record's {@code p=} value.
   *
   * @param ed25519   whether the key is Ed25519 (else RSA)
   * @param der       the decoded {@code p=} octets
   * @return the key
   * @throws GeneralSecurityException if the octets are not such a key
   */
  public static PublicKey publicKey(boolean ed25519, byte[] der) throws GeneralSecurityException {
    if (ed25519) {
      if (der.length != 32) {
        throw new GeneralSecurityException("an Ed25519 key is 32 octets (RFC 8463 §4), found " + der.length);
      }
      byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + 32);
      System.arraycopy(der, 0, spki, ED25519_SPKI_PREFIX.length, 32);
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }
    KeyFactory rsa = KeyFactory.getInstance("RSA");
    try {
      return rsa.generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException | RuntimeException notSpki) {
      return rsa.generatePublic(new X509EncodedKeySpec(wrapPkcs1(der)));
    }
  }

  /** A SubjectPublicKeyInfo around a PKCS#1 RSAPublicKey. */
  private static byte[] wrapPkcs1(byte[] pkcs1) {
    byte[] bitString = concat(new byte[] {0x03}, derLength(pkcs1.length + 1), new byte[] {0x00}, pkcs1);
    byte[] body = concat(RSA_ALGORITHM_ID, bitString);
    return concat(new byte[] {0x30}, derLength(body.length), body);
  }

  private static byte[] derLength(int n) {
    if (n < 0x80) {
      return new byte[] {(byte) n};
    }
    if (n < 0x100) {
      return new byte[] {(byte) 0x81, (byte) n};
    }
    if (n < 0x10000) {
      return new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
    }
    return new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /**
   * The size of an RSA key in bits, or 0 for another key.
   *
   * @param key the key
   * @return its modulus length in bits
   */
  public static int rsaBits(PublicKey key) {
    return key instanceof RSAKey r ? r.getModulus().bitLength() : 0;
  }

  /**
   * Checks a signature over the data (RFC 6376 §3.7 data-hash).
   *
   * @param ed25519   Ed25519-SHA256 if true, else RSA-SHA256
   * @param key       the public key
   * @param data      the canonical header data
   * @param signature the {@code b=} octets
   * @return whether it verifies
   */
  public static boolean verify(boolean ed25519, PublicKey key, byte[] data, byte[] signature) {
    try {
      Signature s = Signature.getInstance(ed25519 ? "Ed25519" : "SHA256withRSA");
      s.initVerify(key);
      s.update(ed25519 ? BodyHasher.sha256().digest(data) : data);
      return s.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Signs the data.
   *
   * @param ed25519   Ed25519-SHA256 if true, else RSA-SHA256
   * @param key       the private key
   * @param data      the canonical header data
   * @return the signature octets
   * @throws GeneralSecurityException if the key does not fit the algorithm
   */
  public static byte[] sign(boolean ed25519, PrivateKey key, byte[] data) throws GeneralSecurityException {
    Signature s = Signature.getInstance(ed25519 ? "Ed25519" : "SHA256withRSA");
    s.initSign(key);
    s.update(ed25519 ? BodyHasher.sha256().digest(data) : data);
    return s.sign();
  }
}
