package dev.missive.mailauth.dkim;

import dev.missive.mailauth.MalformedRecordException;
import dev.missive.mailauth.internal.TagList;
import dev.missive.mailauth.internal.TagValues;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A DKIM key record (RFC 6376 §3.6.1) as published in DNS at {@code selector._domainkey.domain}: key type
 * ({@code k=}, rsa by default, ed25519 per RFC 8463 §4), acceptable hash algorithms ({@code h=}), service types
 * ({@code s=}), flags ({@code t=y} testing, {@code t=s} no subdomains in {@code i=}) and the public key
 * ({@code p=}, empty when revoked). Unknown tags are ignored as §3.6.1 says.
 *
 * @param keyType     {@code k=}, lower case
 * @param hashes      {@code h=}, lower case, empty when absent (all allowed)
 * @param services    {@code s=}, lower case, {@code ["*"]} when absent
 * @param testing     flag {@code y}
 * @param strict      flag {@code s}
 * @param publicKey   the decoded {@code p=} octets, empty when revoked
 */
public record DkimKeyRecord(String keyType, List<String> hashes, List<String> services, boolean testing,
                            boolean strict, byte[] publicKey) {

  /**
   * Copies the lists.
   *
   * @param keyType     {@code k=}, lower case
   * @param hashes      {@code h=}, lower case, empty when absent (all allowed)
   * @param services    {@code s=}, lower case, {@code ["*"]} when absent
   * @param testing     flag {@code y}
   * @param strict      flag {@code s}
   * @param publicKey   the decoded {@code p=} octets, empty when revoked
   */
  public DkimKeyRecord {
    hashes = List.copyOf(hashes);
    services = List.copyOf(services);
  }

  /**
   * Parses a key record's text (its TXT strings concatenated). This is the fuzzing entry point of the key grammar.
   *
   * @param text the record
   * @return the record
   * @throws MalformedRecordException if it does not follow RFC 6376 §3.6.1
   */
  public static DkimKeyRecord parse(String text) throws MalformedRecordException {
    TagList tags = TagList.parse(text);
    if (tags.value("v").isPresent()
        && (!tags.tags().get(0).name().equals("v") || !"DKIM1".equals(tags.value("v").get()))) {
      throw new MalformedRecordException("v= must come first and be DKIM1 (RFC 6376 §3.6.1)");
    }
    String p = tags.value("p").orElseThrow(() -> new MalformedRecordException("key record lacks p="));
    byte[] key = TagValues.base64(p, "p=");
    return new DkimKeyRecord(tags.value("k").orElse("rsa").toLowerCase(Locale.ROOT),
        list(tags.value("h").orElse("")), tags.value("s").map(DkimKeyRecord::list).orElse(List.of("*")),
        list(tags.value("t").orElse("")).contains("y"), list(tags.value("t").orElse("")).contains("s"), key);
  }

  private static List<String> list(String value) {
    return Arrays.stream(value.split(":")).map(TagList::compact).map(s -> s.toLowerCase(Locale.ROOT))
        .filter(s -> !s.isEmpty()).toList();
  }

  /** {@return whether the key has been revoked (empty {@code p=})} */
  public boolean isRevoked() {
    return publicKey.length == 0;
  }

  /**
   * Why this key cannot check a signature of the given algorithm, or null if it can (RFC 6376 §6.1.2 steps 4–8).
   *
   * @param algorithm the signature's algorithm
   * @return the reason, or null
   */
  public String unsuitableFor(DkimAlgorithm algorithm) {
    if (isRevoked()) {
      return "key revoked (empty p=)";
    }
    if (!hashes.isEmpty() && !hashes.contains("sha256")) {
      return "key record's h= does not allow sha256";
    }
    if (!keyType.equals(algorithm.keyType())) {
      return "key type k=" + TagList.excerpt(keyType) + " does not match a=" + algorithm.tagValue();
    }
    if (!services.contains("*") && !services.contains("email")) {
      return "key is not for email (s=)";
    }
    return null;
  }
}
