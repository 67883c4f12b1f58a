package dev.missive.benchmarks.message;

/**
 * What a full parse of one message saw, the same for every library: the number of MIME entities (RFC 2045 §2.4;
 * the message, every body part and every encapsulated message/rfc822 message) and the number of decoded body
 * octets (RFC 2045 §6, transfer encoding removed); bytes only when decoding was not asked for.
 *
 * @param entities messages and body parts started
 * @param bodyBytes octets of leaf bodies delivered
 */
public record Shape(int entities, long bodyBytes) {

  /** The empty shape, the start of a sum. */
  public static final Shape NONE = new Shape(0, 0);

  /** The sum of this shape and {@code other}, for a set of messages. */
  public Shape plus(Shape other) {
    return new Shape(entities + other.entities, bodyBytes + other.bodyBytes);
  }
}
