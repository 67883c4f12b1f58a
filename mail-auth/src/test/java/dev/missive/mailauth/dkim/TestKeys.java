package dev.missive.mailauth.dkim;

import dev.missive.dns.StaticDnsResolver;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/** Key pairs made once per test run, and their DNS key records (shared with the ARC tests). */
public final class TestKeys {

  public static final KeyPair RSA = generate("RSA", 2048);
  public static final KeyPair ED25519 = generate("Ed25519", 0);

  private TestKeys() {
  }

  public static KeyPair generate(String algorithm, int bits) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
      if (bits > 0) {
        g.initialize(bits);
      }
      return g.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** The p= value: SubjectPublicKeyInfo for RSA (RFC 6376 §3.6.1), the raw 32 octets for Ed25519 (RFC 8463 §4). */
  public static String publicKeyTag(KeyPair pair) {
    byte[] spki = pair.getPublic().getEncoded();
    byte[] p = pair.getPublic().getAlgorithm().equals("RSA") ? spki : Arrays.copyOfRange(spki, spki.length - 32,
        spki.length);
    return Base64.getEncoder().encodeToString(p);
  }

  /** The key record cut into TXT character-strings of at most 255 octets. */
  public static String[] record(KeyPair pair, String extraTags) {
    String type = pair.getPublic().getAlgorithm().equals("RSA") ? "rsa" : "ed25519";
    String text = "v=DKIM1; k=" + type + ";" + extraTags + " p=" + publicKeyTag(pair);
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < text.length(); i += 255) {
      strings.add(text.substring(i, Math.min(text.length(), i + 255)));
    }
    return strings.toArray(new String[0]);
  }

  public static StaticDnsResolver dns() {
    return new StaticDnsResolver()
        .txt("rsa._domainkey.example.com", record(RSA, ""))
        .txt("ed._domainkey.example.com", record(ED25519, ""));
  }

  public static DkimSigningKey rsaKey() {
    return new DkimSigningKey("example.com", "rsa", RSA.getPrivate());
  }

  public static DkimSigningKey edKey() {
    return new DkimSigningKey("example.com", "ed", ED25519.getPrivate());
  }
}
