package dev.missive.pop3.server;

import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.wire.BareLineEndingPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How a POP3 server presents itself and what it offers: greeting, APOP (RFC 1939 §7), STLS (RFC 2595 §4), UTF8
 * (RFC 6856), the informational capabilities of RFC 2449 §6 and the session {@link Pop3Limits}.
 *
 * <p>AUTH (RFC 5034) runs the {@link SaslServerMechanisms} given with {@link Builder#sasl}: the mechanisms check
 * credentials through the host's stores, and the engine does the base64 and {@code +} framing.
 *
 * <p>Build one per server with {@link #builder(String)} and share it between sessions; it is immutable.
 *
 * @param hostname          the server's name, in the default APOP timestamp and the sign-off line
 * @param greeting          the greeting text after {@code +OK}, before the APOP timestamp
 * @param limits            the session limits
 * @param apopTimestamps    makes the greeting's APOP timestamp; {@code null} disables APOP (no timestamp is sent)
 * @param stlsAvailable     whether the host can start TLS on this port, so STLS is offered before TLS
 * @param utf8              whether the UTF8 command and capability are offered (RFC 6856 §2)
 * @param implementation    the IMPLEMENTATION capability value, or {@code null} to omit it
 * @param expire            the EXPIRE capability value ({@code NEVER} or days), or {@code null} to omit it
 * @param loginDelay        the LOGIN-DELAY capability value, or {@code null} to omit it
 * @param commandLineEndings what to do with command lines that end in a bare LF or hold a bare CR
 * @param sasl              the SASL mechanisms AUTH offers (RFC 5034), or {@code null} for none
 * @param lang              whether the LANG command and capability are offered (RFC 6856 §3; the engine's texts are
 *                          English only, so LANG lists {@code en} and accepts the ranges that reach it)
 * @param synchronizationCheck whether a client that sends before the greeting was drained is answered
 *                          {@code -ERR} and disconnected (DESIGN.md rule 2b; on by default, as Postfix 3.9 does for
 *                          SMTP early talkers)
 */
public record Pop3ServerConfig(String hostname, String greeting, Pop3Limits limits,
    ApopTimestampSupplier apopTimestamps, boolean stlsAvailable, boolean utf8, String implementation,
    String expire, Duration loginDelay, BareLineEndingPolicy commandLineEndings, SaslServerMechanisms sasl,
    boolean lang, boolean synchronizationCheck) {

  /**
   * Validates the values that go on the wire.
   *
   * @param hostname          the server's name, in the default APOP timestamp and the sign-off line
   * @param greeting          the greeting text after {@code +OK}, before the APOP timestamp
   * @param limits            the session limits
   * @param apopTimestamps    makes the greeting's APOP timestamp; {@code null} disables APOP (no timestamp is sent)
   * @param stlsAvailable     whether the host can start TLS on this port, so STLS is offered before TLS
   * @param utf8              whether the UTF8 command and capability are offered (RFC 6856 §2)
   * @param implementation    the IMPLEMENTATION capability value, or {@code null} to omit it
   * @param expire            the EXPIRE capability value ({@code NEVER} or days), or {@code null} to omit it
   * @param loginDelay        the LOGIN-DELAY capability value, or {@code null} to omit it
   * @param commandLineEndings what to do with command lines that end in a bare LF or hold a bare CR
   * @param sasl              the SASL mechanisms AUTH offers (RFC 5034), or {@code null} for none
   * @param lang              whether the LANG command and capability are offered (RFC 6856 §3; the engine's texts are
   *                          English only, so LANG lists {@code en} and accepts the ranges that reach it)
   * @param synchronizationCheck whether a client that sends before the greeting was drained is answered
   *                          {@code -ERR} and disconnected (DESIGN.md rule 2b; on by default, as Postfix 3.9 does for
   *                          SMTP early talkers)
   */
  public Pop3ServerConfig {
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(greeting, "greeting");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(commandLineEndings, "commandLineEndings");
    requirePrintable("hostname", hostname, false);
    requirePrintable("greeting", greeting, true);
    if (implementation != null) {
      requirePrintable("implementation", implementation, false);
    }
    if (expire != null && !expire.equals("NEVER") && !expire.matches("[0-9]{1,5}")) {
      throw new IllegalArgumentException("expire must be NEVER or a number of days (RFC 2449 §6.7)");
    }
    if (loginDelay != null && loginDelay.isNegative()) {
      throw new IllegalArgumentException("loginDelay must not be negative");
    }
  }

  private static void requirePrintable(String what, String s, boolean spaces) {
    if (s.isEmpty() && !spaces) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x7F || (c == ' ' && !spaces)) {
        throw new IllegalArgumentException(what + " must be printable ASCII" + (spaces ? "" : " without spaces"));
      }
    }
  }

  /**
   * A builder with the defaults: APOP on with the standard timestamp, STLS offered, UTF8 offered.
   *
   * @param hostname the server's name, in the default APOP timestamp and the sign-off line
   * @return this builder
   */
  public static Builder builder(String hostname) {
    return new Builder(hostname);
  }

  /** Builds a {@link Pop3ServerConfig}. */
  public static final class Builder {
    private final String hostname;
    private String greeting = "POP3 server ready";
    private Pop3Limits limits = Pop3Limits.DEFAULT;
    private ApopTimestampSupplier apopTimestamps;
    private boolean stlsAvailable = true;
    private boolean utf8 = true;
    private String implementation;
    private String expire;
    private Duration loginDelay;
    private BareLineEndingPolicy commandLineEndings = BareLineEndingPolicy.REJECT;
    private SaslServerMechanisms sasl;
    private boolean synchronizationCheck = true;
    private boolean lang;

    private Builder(String hostname) {
      this.hostname = Objects.requireNonNull(hostname, "hostname");
      this.apopTimestamps = ApopTimestampSupplier.standard(hostname);
    }

    /**
     * The greeting text (default {@code POP3 server ready}).
     *
     * @param text the greeting text after {@code +OK}, before the APOP timestamp
     * @return this builder
     */
    public Builder greeting(String text) {
      this.greeting = text;
      return this;
    }

    /**
     * The session limits (default {@link Pop3Limits#DEFAULT}).
     *
     * @param limits the session limits
     * @return this builder
     */
    public Builder limits(Pop3Limits limits) {
      this.limits = limits;
      return this;
    }

    /**
     * The APOP timestamp supplier, or {@code null} to disable APOP.
     *
     * @param supplier makes the greeting's APOP timestamp; {@code null} disables APOP (no timestamp is sent)
     * @return this builder
     */
    public Builder apopTimestamps(ApopTimestampSupplier supplier) {
      this.apopTimestamps = supplier;
      return this;
    }

    /**
     * Whether STLS is offered (default true: the host can start TLS).
     *
     * @param available whether the host can start TLS on this port, so STLS is offered before TLS
     * @return this builder
     */
    public Builder stlsAvailable(boolean available) {
      this.stlsAvailable = available;
      return this;
    }

    /**
     * Whether UTF8 is offered (default true).
     *
     * @param offered whether the UTF8 command and capability are offered (RFC 6856 §2)
     * @return this builder
     */
    public Builder utf8(boolean offered) {
      this.utf8 = offered;
      return this;
    }

    /**
     * The IMPLEMENTATION capability (default none).
     *
     * @param name the IMPLEMENTATION capability value, or {@code null} to omit it
     * @return this builder
     */
    public Builder implementation(String name) {
      this.implementation = name;
      return this;
    }

    /**
     * The EXPIRE capability (default none).
     *
     * @param policy the EXPIRE capability value ({@code NEVER} or days), or {@code null} to omit it
     * @return this builder
     */
    public Builder expire(String policy) {
      this.expire = policy;
      return this;
    }

    /**
     * The LOGIN-DELAY capability (default none).
     *
     * @param delay the LOGIN-DELAY capability value, or {@code null} to omit it
     * @return this builder
     */
    public Builder loginDelay(Duration delay) {
      this.loginDelay = delay;
      return this;
    }

    /**
     * The policy for bare line endings in command lines (default {@link BareLineEndingPolicy#REJECT}).
     *
     * @param policy what to do with command lines that end in a bare LF or hold a bare CR
     * @return this builder
     */
    public Builder commandLineEndings(BareLineEndingPolicy policy) {
      this.commandLineEndings = policy;
      return this;
    }

    /**
     * The SASL mechanisms for AUTH (default none: AUTH is not offered).
     *
     * @param mechanisms the SASL mechanisms AUTH offers (RFC 5034), or {@code null} for none
     * @return this builder
     */
    public Builder sasl(SaslServerMechanisms mechanisms) {
      this.sasl = mechanisms;
      return this;
    }

    /**
     * Whether LANG is offered (default false; RFC 6856 §3).
     *
     * @param offered whether the LANG command and capability are offered
     * @return this builder
     */
    public Builder lang(boolean offered) {
      this.lang = offered;
      return this;
    }

    /**
     * Whether early talkers are refused (default true; DESIGN.md rule 2b).
     *
     * @param on whether bytes received before the greeting was drained end the session with {@code -ERR}
     * @return this builder
     */
    public Builder synchronizationCheck(boolean on) {
      this.synchronizationCheck = on;
      return this;
    }

    /** {@return the configuration} */
    public Pop3ServerConfig build() {
      return new Pop3ServerConfig(hostname, greeting, limits, apopTimestamps, stlsAvailable, utf8,
          implementation, expire, loginDelay, commandLineEndings, sasl, lang, synchronizationCheck);
    }
  }
}
