package dev.missive.mailauth.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * The body hashes one message needs (RFC 6376 §3.7 body-hash, RFC 8617 §4.1.2): one {@link BodyHasher} per
 * distinct canonicalization and {@code l=}, however many signatures share it, all fed the same body octets.
 * Registered while the header is read, fed the body, then finished once.
 */
public final class BodyHashes {

  private record Key(boolean relaxed, long limit) {}

  private final Map<Key, BodyHasher> hashers = new HashMap<>();
  private final Map<Key, byte[]> hashes = new HashMap<>();
  private boolean finished;

  /**
   * Makes sure a hasher for this canonicalization and limit exists.
   *
   * @param relaxed the body canonicalization: relaxed if true, else simple
   * @param limit   {@code l=}, or -1 for the whole body
   * @throws IllegalStateException after {@link #finish()}
   */
  public void register(boolean relaxed, long limit) {
    if (finished) {
      throw new IllegalStateException("register after finish");
    }
    hashers.computeIfAbsent(new Key(relaxed, limit), k -> new BodyHasher(k.relaxed, k.limit));
  }

  /**
   * Feeds body octets to every hasher.
   *
   * @param b   the bytes
   * @param off where they start
   * @param len how many
   */
  public void update(byte[] b, int off, int len) {
    for (BodyHasher h : hashers.values()) {
      h.update(b, off, len);
    }
  }

  /** Finishes every hash; later calls do nothing. */
  public void finish() {
    if (!finished) {
      finished = true;
      hashers.forEach((k, h) -> hashes.put(k, h.finish()));
    }
  }

  /**
   * A finished hash.
   *
   * @param relaxed the body canonicalization
   * @param limit   {@code l=}, or -1
   * @return the SHA-256 hash
   * @throws IllegalStateException before {@link #finish()} or for a hasher never registered
   */
  public byte[] hash(boolean relaxed, long limit) {
    finished(relaxed, limit);
    return hashes.get(new Key(relaxed, limit)).clone();
  }

  /**
   * The canonical body length a hasher saw, all of it (not only the {@code l=} octets hashed).
   *
   * @param relaxed the body canonicalization
   * @param limit   {@code l=}, or -1
   * @return the length in octets
   * @throws IllegalStateException before {@link #finish()} or for a hasher never registered
   */
  public long canonicalLength(boolean relaxed, long limit) {
    return finished(relaxed, limit).canonicalLength();
  }

  private BodyHasher finished(boolean relaxed, long limit) {
    BodyHasher h = hashers.get(new Key(relaxed, limit));
    if (!finished || h == null) {
      throw new IllegalStateException("no finished body hash for relaxed=" + relaxed + " l=" + limit);
    }
    return h;
  }
}
