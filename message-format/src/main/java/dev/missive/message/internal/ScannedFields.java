package dev.missive.message.internal;

import dev.missive.message.Defect;
import java.lang.invoke.MethodHandles;
import java.util.List;
import java.util.Objects;

/**
 * Lets the streaming parser's header reader, which has already read every octet of a field to find its line ends,
 * hand the header field's class what it learnt on the way (where the colon is after a well-formed name, whether
 * every octet is US-ASCII), so the field is not read again for the same answers (RFC 5322 §2.2, §3.6.8; RFC 6532).
 * The field's class registers its side when it is initialised. The hook is typed by a parameter so this package does
 * not depend on the header package, which depends on it (docs/architecture.md, "Dependency rules"). Not exported.
 */
public final class ScannedFields {

  /**
   * The field's side.
   *
   * @param <F> the field type
   */
  @FunctionalInterface
  public interface Maker<F> {

    /**
     * Makes the field in {@code buf[off, off + len)}, as the field class's lenient parse of those octets would.
     *
     * @param buf     the bytes
     * @param off     where the field starts
     * @param len     the field's length, without the terminating line ending
     * @param colon   the index of the colon relative to {@code off}, which directly follows a name of one or more
     *                field-name characters (RFC 5322 §3.6.8); or -1 when the reader did not find it so
     * @param ascii   whether every octet of the field is US-ASCII (false when unknown)
     * @param defects receives the field's defects
     * @return the field
     */
    F make(byte[] buf, int off, int len, int colon, boolean ascii, List<Defect> defects);
  }

  private static Maker<?> maker;

  private ScannedFields() {
  }

  /**
   * Called once, by the field class's initialisation.
   *
   * @param <F>       the field type
   * @param fieldSide the field's side
   * @throws IllegalStateException on a second call
   */
  public static synchronized <F> void register(Maker<F> fieldSide) {
    if (maker != null) {
      throw new IllegalStateException("already registered");
    }
    maker = Objects.requireNonNull(fieldSide, "fieldSide");
  }

  /**
   * The field's side, its class initialised first so that it has registered.
   *
   * @param <F>        the field type
   * @param fieldClass the field class, which registers its side when initialised
   * @return the maker
   */
  @SuppressWarnings("unchecked")
  public static synchronized <F> Maker<F> maker(Class<F> fieldClass) {
    if (maker == null) {
      try {
        MethodHandles.lookup().ensureInitialized(fieldClass);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
    return (Maker<F>) Objects.requireNonNull(maker, "the field class did not register");
  }
}
