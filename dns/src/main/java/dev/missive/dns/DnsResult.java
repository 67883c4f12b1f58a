package dev.missive.dns;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The outcome of one DNS query (RFC 1035 §4.1.1, RFC 2308 §1): the records of the answer, NXDOMAIN (the name does
 * not exist), no data (the name exists but has no record of the type asked, or the answer held none), or a
 * temporary failure (time-out, SERVFAIL, a server that could not be reached). Mail authentication and delivery
 * need the four apart: SPF counts NXDOMAIN and no data as void look-ups and turns a failure into
 * {@code temperror} (RFC 7208 §4.6.4, §5), MX delivery falls back to A/AAAA only on no data (RFC 5321 §5.1).
 *
 * <p>Java 17 hosts dispatch with an {@code instanceof} chain.
 *
 * @param <T> the record type
 */
public sealed interface DnsResult<T> {

  /**
   * The records of the answer, never empty.
   *
   * @param records the records, in the order the server gave them
   * @param <T>     the record type
   */
  record Answer<T>(List<T> records) implements DnsResult<T> {
    /**
     * Copies the records and requires at least one.
     *
     * @param records the records, in the order the server gave them
     */
    public Answer {
      records = List.copyOf(records);
      if (records.isEmpty()) {
        throw new IllegalArgumentException("an answer has records; use NoData");
      }
    }
  }

  /**
   * The name does not exist (RCODE 3, NXDOMAIN).
   *
   * @param <T> the record type
   */
  record NxDomain<T>() implements DnsResult<T> {}

  /**
   * The name exists but has no record of the type asked (NOERROR with an empty answer, RFC 2308 §2.2).
   *
   * @param <T> the record type
   */
  record NoData<T>() implements DnsResult<T> {}

  /**
   * The query could not be answered now: a time-out, SERVFAIL, REFUSED, a server that could not be reached, or an
   * answer that could not be read. Worth retrying later.
   *
   * @param reason what happened, for logs and results (never secret)
   * @param <T>    the record type
   */
  record Failure<T>(String reason) implements DnsResult<T> {
    /**
     * Requires a reason.
     *
     * @param reason what happened
     */
    public Failure {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** {@return the records of an answer, or an empty list for NXDOMAIN, no data and failures} */
  default List<T> records() {
    return this instanceof Answer<T> a ? a.records : List.of();
  }

  /** {@return whether this is NXDOMAIN or no data: a "void lookup" in RFC 7208 §4.6.4's words} */
  default boolean isVoid() {
    return this instanceof NxDomain || this instanceof NoData;
  }

  /**
   * The same outcome with each record of an answer mapped.
   *
   * @param f   the mapping
   * @param <R> the new record type
   * @return the mapped result
   */
  default <R> DnsResult<R> map(Function<? super T, ? extends R> f) {
    if (this instanceof Answer<T> a) {
      return new Answer<>(a.records.stream().<R>map(f).toList());
    }
    if (this instanceof NxDomain) {
      return new NxDomain<>();
    }
    if (this instanceof NoData) {
      return new NoData<>();
    }
    return new Failure<>(((Failure<T>) this).reason);
  }
}
