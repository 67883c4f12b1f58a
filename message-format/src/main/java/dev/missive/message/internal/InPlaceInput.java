package dev.missive.message.internal;

import java.util.Objects;

/**
 * Lets the message tree hand the streaming parser a whole message that is in memory and does not change, to be read
 * in place instead of copied into the parser's buffer (the tree keeps the array anyway). The parser registers
 * itself when its class is initialised; the hook is typed by a parameter so this package does not depend on the
 * parser's. Not exported.
 */
public final class InPlaceInput {

  /**
   * The parser's side.
   *
   * @param <P> the parser type
   */
  @FunctionalInterface
  public interface Feeder<P> {

    /**
     * Takes {@code message[offset, offset + length)} as the parser's whole input.
     *
     * @param parser  a parser that was fed nothing yet
     * @param message the message
     * @param offset  its first octet
     * @param length  its length
     */
    void feedWhole(P parser, byte[] message, int offset, int length);
  }

  private static volatile Feeder<?> feeder;

  private InPlaceInput() {
  }

  /**
   * Called once, by the parser's class initialisation.
   *
   * @param <P>        the parser type
   * @param parserSide the parser's side
   * @throws IllegalStateException on a second call
   */
  public static synchronized <P> void register(Feeder<P> parserSide) {
    if (feeder != null) {
      throw new IllegalStateException("already registered");
    }
    feeder = Objects.requireNonNull(parserSide, "parserSide");
  }

  /**
   * Gives {@code parser} (constructed, so its class registered the hook) the whole message in place; it must not
   * change while the parser or anything built from its events uses it.
   *
   * @param <P>     the parser type
   * @param parser  a parser that was fed nothing yet
   * @param message the message
   * @param offset  its first octet
   * @param length  its length
   */
  @SuppressWarnings("unchecked")
  public static <P> void feedWhole(P parser, byte[] message, int offset, int length) {
    ((Feeder<P>) feeder).feedWhole(parser, message, offset, length);
  }
}
