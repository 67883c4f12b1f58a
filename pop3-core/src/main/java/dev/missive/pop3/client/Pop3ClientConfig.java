package dev.missive.pop3.client;

import dev.missive.wire.TlsPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * The immutable settings of one POP3 client engine (RFC 1939 with RFC 2449 CAPA and PIPELINING, RFC 2595 STLS,
 * RFC 8314 implicit TLS and RFC 5034 AUTH).
 *
 * @param login             how to log in
 * @param tlsPolicy         whether to upgrade with STLS (ignored under implicit TLS)
 * @param implicitTls       the transport already runs TLS (port 995, RFC 8314 §3.3): the engine starts as if STLS
 *                          had completed
 * @param askCapabilities   send CAPA after the greeting and after TLS (RFC 2449 §5); off for RFC 1939-only servers
 * @param pipelining        pipeline TRANSACTION commands when the server lists PIPELINING (RFC 2449 §6.6)
 * @param utf8              send UTF8 before the login when the server lists it (RFC 6856 §3); the engine also
 *                          does so whenever a USER/PASS or APOP credential is not US-ASCII
 * @param limits            the engine's bounds
 * @param responseTimeout   how long to wait for the server's next octets before giving up (a deadline)
 */
public record Pop3ClientConfig(Pop3Login login, TlsPolicy tlsPolicy, boolean implicitTls, boolean askCapabilities,
    boolean pipelining, boolean utf8, Pop3ClientLimits limits, Duration responseTimeout) {

  /**
   * Checks that every value is present and the timeout positive.
   *
   * @param login             how to log in
   * @param tlsPolicy         whether to upgrade with STLS (ignored under implicit TLS)
   * @param implicitTls       the transport already runs TLS (port 995, RFC 8314 §3.3): the engine starts as if STLS
   *                          had completed
   * @param askCapabilities   send CAPA after the greeting and after TLS (RFC 2449 §5); off for RFC 1939-only servers
   * @param pipelining        pipeline TRANSACTION commands when the server lists PIPELINING (RFC 2449 §6.6)
   * @param utf8              send UTF8 before the login when the server lists it (RFC 6856 §3); the engine also
   *                          does so whenever a USER/PASS or APOP credential is not US-ASCII
   * @param limits            the engine's bounds
   * @param responseTimeout   how long to wait for the server's next octets before giving up (a deadline)
   */
  public Pop3ClientConfig {
    Objects.requireNonNull(login, "login");
    Objects.requireNonNull(tlsPolicy, "tlsPolicy");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(responseTimeout, "responseTimeout");
    if (responseTimeout.isNegative() || responseTimeout.isZero()) {
      throw new IllegalArgumentException("responseTimeout must be positive");
    }
  }

  /**
   * A builder with the defaults: {@link TlsPolicy#REQUIRED}, no implicit TLS, CAPA asked, pipelining when
   * advertised, UTF8 only when the credentials need it, {@link Pop3ClientLimits#DEFAULT} and a 10-minute response timeout (RFC 1939 §3's autologout).
   *
   * The login has no default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding this configuration's values} */
  public Builder toBuilder() {
    return new Builder().login(login).tlsPolicy(tlsPolicy).implicitTls(implicitTls).askCapabilities(askCapabilities)
        .pipelining(pipelining).utf8(utf8).limits(limits).responseTimeout(responseTimeout);
  }

  /** Builds a {@link Pop3ClientConfig}; {@link #build()} validates the values, the login is required. */
  public static final class Builder {
    private Pop3Login login;
    private TlsPolicy tlsPolicy = TlsPolicy.REQUIRED;
    private boolean implicitTls;
    private boolean askCapabilities = true;
    private boolean pipelining = true;
    private boolean utf8;
    private Pop3ClientLimits limits = Pop3ClientLimits.DEFAULT;
    private Duration responseTimeout = Duration.ofMinutes(10);

    private Builder() {
    }

    /**
     * Sets how to log in (RFC 1939 §7 USER/PASS or APOP, RFC 5034 AUTH); required.
     *
     * @param how the login
     * @return this builder
     */
    public Builder login(Pop3Login how) {
      this.login = how;
      return this;
    }

    /**
     * Sets the STLS policy.
     *
     * @param policy whether to upgrade with STLS (ignored under implicit TLS)
     * @return this builder
     */
    public Builder tlsPolicy(TlsPolicy policy) {
      this.tlsPolicy = policy;
      return this;
    }

    /**
     * Declares that the transport already runs TLS (RFC 8314 §3.3).
     *
     * @param on the transport already runs TLS (port 995, RFC 8314 §3.3): the engine starts as if STLS
     *           had completed
     * @return this builder
     */
    public Builder implicitTls(boolean on) {
      this.implicitTls = on;
      return this;
    }

    /**
     * Whether to send CAPA (RFC 2449 §5).
     *
     * @param on send CAPA after the greeting and after TLS (RFC 2449 §5); off for RFC 1939-only servers
     * @return this builder
     */
    public Builder askCapabilities(boolean on) {
      this.askCapabilities = on;
      return this;
    }

    /**
     * Whether to pipeline when PIPELINING is listed (RFC 2449 §6.6).
     *
     * @param on pipeline TRANSACTION commands when the server lists PIPELINING (RFC 2449 §6.6)
     * @return this builder
     */
    public Builder pipelining(boolean on) {
      this.pipelining = on;
      return this;
    }

    /**
     * Whether to enter UTF-8 mode when UTF8 is listed (RFC 6856 §3), even for US-ASCII credentials.
     *
     * @param on send UTF8 before the login when the server lists it (RFC 6856 §3); the engine also
     *           does so whenever a USER/PASS or APOP credential is not US-ASCII
     * @return this builder
     */
    public Builder utf8(boolean on) {
      this.utf8 = on;
      return this;
    }

    /**
     * Sets the limits.
     *
     * @param l the engine's bounds
     * @return this builder
     */
    public Builder limits(Pop3ClientLimits l) {
      this.limits = l;
      return this;
    }

    /**
     * Sets the response timeout.
     *
     * @param d how long to wait for the server's next octets before giving up (a deadline)
     * @return this builder
     */
    public Builder responseTimeout(Duration d) {
      this.responseTimeout = d;
      return this;
    }

    /**
     * Validates the values.
     *
     * @return the configuration
     * @throws NullPointerException     if the login was not set
     * @throws IllegalArgumentException if a value is invalid
     */
    public Pop3ClientConfig build() {
      return new Pop3ClientConfig(login, tlsPolicy, implicitTls, askCapabilities, pipelining, utf8, limits,
          responseTimeout);
    }
  }
}
