package dev.missive.pop3.client;

import dev.missive.wire.TlsPolicy;
import java.util.Objects;

/**
 * The immutable settings of one POP3 client engine (RFC 1939 with RFC 2449 CAPA and PIPELINING, RFC 2595 STLS and
 * RFC 5034 AUTH). Whether a connection is implicit TLS (RFC 8314 §3.3, port 995) is the connection's, not the
 * configuration's: the {@link dev.missive.wire.PeerInfo#security()} the engine is built with.
 *
 * @param login             how to log in
 * @param tlsPolicy         whether to upgrade with STLS (ignored under implicit TLS)
 * @param askCapabilities   send CAPA after the greeting and after TLS (RFC 2449 §5); off for RFC 1939-only servers
 * @param pipelining        pipeline TRANSACTION commands when the server lists PIPELINING (RFC 2449 §6.6)
 * @param utf8              send UTF8 before the login when the server lists it (RFC 6856 §3); the engine also
 *                          does so whenever a USER/PASS or APOP credential is not US-ASCII
 * @param limits            the engine's bounds and its response timeout
 */
public record Pop3ClientConfig(Pop3Login login, TlsPolicy tlsPolicy, boolean askCapabilities, boolean pipelining,
    boolean utf8, Pop3ClientLimits limits) {

  /**
   * Checks that every value is present.
   *
   * @param login             how to log in
   * @param tlsPolicy         whether to upgrade with STLS (ignored under implicit TLS)
   * @param askCapabilities   send CAPA after the greeting and after TLS (RFC 2449 §5); off for RFC 1939-only servers
   * @param pipelining        pipeline TRANSACTION commands when the server lists PIPELINING (RFC 2449 §6.6)
   * @param utf8              send UTF8 before the login when the server lists it (RFC 6856 §3); the engine also
   *                          does so whenever a USER/PASS or APOP credential is not US-ASCII
   * @param limits            the engine's bounds and its response timeout
   */
  public Pop3ClientConfig {
    Objects.requireNonNull(login, "login");
    Objects.requireNonNull(tlsPolicy, "tlsPolicy");
    Objects.requireNonNull(limits, "limits");
  }

  /**
   * A builder with the defaults: {@link TlsPolicy#REQUIRED}, CAPA asked, pipelining when advertised, UTF8 only when
   * the credentials need it and {@link Pop3ClientLimits#DEFAULT} (with a 10-minute response timeout, RFC 1939 §3's
   * autologout). The login has no default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding this configuration's values} */
  public Builder toBuilder() {
    return new Builder().login(login).tlsPolicy(tlsPolicy).askCapabilities(askCapabilities).pipelining(pipelining)
        .utf8(utf8).limits(limits);
  }

  /** Builds a {@link Pop3ClientConfig}; {@link #build()} validates the values, the login is required. */
  public static final class Builder {
    private Pop3Login login;
    private TlsPolicy tlsPolicy = TlsPolicy.REQUIRED;
    private boolean askCapabilities = true;
    private boolean pipelining = true;
    private boolean utf8;
    private Pop3ClientLimits limits = Pop3ClientLimits.DEFAULT;

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
     * @param l the engine's bounds and its response timeout
     * @return this builder
     */
    public Builder limits(Pop3ClientLimits l) {
      this.limits = l;
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
      return new Pop3ClientConfig(login, tlsPolicy, askCapabilities, pipelining, utf8, limits);
    }
  }
}
