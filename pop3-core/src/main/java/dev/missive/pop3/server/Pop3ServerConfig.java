package dev.missive.pop3.server;

import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.wire.BareLineEndingPolicy;
import dev.missive.wire.EngineEnvironment;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * How a POP3 server presents itself and what it offers: greeting, APOP (RFC 1939 §7), STLS (RFC 2595 §4), UTF8
 * (RFC 6856), the informational capabilities of RFC 2449 §6 and the session {@link Pop3Limits}.
 *
 * <p>AUTH (RFC 5034) runs the {@link SaslServerMechanisms} given with {@link Builder#sasl}: the mechanisms check
 * credentials through the host's stores, and the engine does the base64 and {@code +} framing.
 *
 * <p>Build one per server with {@link #builder()} and share it between sessions; it is immutable.
 *
 * @param hostname          the server's name, in the default APOP timestamp and the sign-off line
 * @param greeting          the greeting text after {@code +OK}, before the APOP timestamp
 * @param limits            the session limits
 * @param apopTimestamps    makes the greeting's APOP timestamp (a msg-id, checked with
 *                          {@link #isValidApopTimestamp(String)}); {@code null} disables APOP (no timestamp is sent)
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
 *                          {@code -ERR} and disconnected (docs/architecture.md, "The synchronisation
 *                          check"; on by default, as Postfix 3.9 does for SMTP early talkers)
 */
public record Pop3ServerConfig(String hostname, String greeting, Pop3Limits limits,
    Function<EngineEnvironment, String> apopTimestamps, boolean stlsAvailable, boolean utf8, String implementation,
    String expire, Duration loginDelay, BareLineEndingPolicy commandLineEndings, SaslServerMechanisms sasl,
    boolean lang, boolean synchronizationCheck) {

  /**
   * Validates the values that go on the wire.
   *
   * @param hostname          the server's name, in the default APOP timestamp and the sign-off line
   * @param greeting          the greeting text after {@code +OK}, before the APOP timestamp
   * @param limits            the session limits
   * @param apopTimestamps    makes the greeting's APOP timestamp (a msg-id, checked with
   *                          {@link #isValidApopTimestamp(String)}); {@code null} disables APOP (no timestamp is sent)
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
   *                          {@code -ERR} and disconnected (docs/architecture.md, "The synchronisation
   *                          check"; on by default, as Postfix 3.9 does for SMTP early talkers)
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
   * A builder with the defaults: APOP off (the greeting's timestamp announces APOP, RFC 1939 §7, so it is offered
   * only when the host says it answers APOP, with {@link Builder#apop(boolean)} or
   * {@link Builder#apopTimestamps(Function)}), STLS offered, UTF8 offered; the host name is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder with this configuration's values} */
  public Builder toBuilder() {
    Builder b = new Builder().hostname(hostname).greeting(greeting).limits(limits).apopTimestamps(apopTimestamps)
        .stlsAvailable(stlsAvailable).utf8(utf8).implementation(implementation).expire(expire)
        .loginDelay(loginDelay).commandLineEndings(commandLineEndings).sasl(sasl).lang(lang);
    return b.synchronizationCheck(synchronizationCheck);
  }

  /**
   * The default APOP timestamps, as in RFC 1939 §7's example: {@code <R.S@hostname>} where R is
   * {@code random.nextInt(1, 1_000_000)} and S the clock's epoch seconds, both drawn from the session's
   * {@link EngineEnvironment} so tests replay the RFC's banner (docs/architecture.md, "Determinism").
   *
   * @param hostname the server's host name
   * @return the timestamp maker
   */
  public static Function<EngineEnvironment, String> standardApopTimestamps(String hostname) {
    Objects.requireNonNull(hostname, "hostname");
    return env -> "<" + env.random().nextInt(1, 1_000_000) + "." + env.clock().instant().getEpochSecond()
        + "@" + hostname + ">";
  }

  /**
   * Whether {@code s} has the shape of a msg-id that can go in a greeting (RFC 1939 §7, RFC 822 §6): {@code <}, a
   * non-empty local part, {@code @}, a non-empty domain, {@code >}, printable ASCII only, no spaces or further
   * angle brackets.
   *
   * @param s the candidate timestamp
   * @return whether it may go in a greeting
   */
  public static boolean isValidApopTimestamp(String s) {
    if (s == null || s.length() < 5 || s.length() > 200 || s.charAt(0) != '<' || s.charAt(s.length() - 1) != '>') {
      return false;
    }
    int at = s.indexOf('@');
    if (at < 2 || at > s.length() - 3 || s.indexOf('@', at + 1) >= 0) {
      return false;
    }
    for (int i = 1; i < s.length() - 1; i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7F || c == '<' || c == '>') {
        return false;
      }
    }
    return true;
  }

  /** Builds a {@link Pop3ServerConfig}. */
  public static final class Builder {
    private String hostname;
    private String greeting = "POP3 server ready";
    private Pop3Limits limits = Pop3Limits.DEFAULT;
    private Function<EngineEnvironment, String> apopTimestamps;
    private boolean standardApop;
    private boolean stlsAvailable = true;
    private boolean utf8 = true;
    private String implementation;
    private String expire;
    private Duration loginDelay;
    private BareLineEndingPolicy commandLineEndings = BareLineEndingPolicy.REJECT;
    private SaslServerMechanisms sasl;
    private boolean synchronizationCheck = true;
    private boolean lang;

    private Builder() {
    }

    /**
     * The server's name (required): in the default APOP timestamp and the sign-off line.
     *
     * @param name the server's host name, printable ASCII without spaces
     * @return this builder
     */
    public Builder hostname(String name) {
      this.hostname = name;
      return this;
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
     * Whether APOP is offered (default false) with {@link #standardApopTimestamps(String)} over the host name. The
     * greeting's timestamp announces APOP (RFC 1939 §7) and clients such as curl then log in with APOP alone, so
     * offer it only when the host answers {@link Pop3ServerEvent.ApopSecretRequested} ({@link Pop3Handler#apopSecret}
     * under {@link Pop3HandlerServer}).
     *
     * @param offered whether the greeting carries the standard APOP timestamp
     * @return this builder
     */
    public Builder apop(boolean offered) {
      this.standardApop = offered;
      this.apopTimestamps = null;
      return this;
    }

    /**
     * Offers APOP with the timestamps {@code maker} makes, or with {@code null} turns APOP off (the default; see
     * {@link #apop(boolean)}). A session whose timestamp fails {@link #isValidApopTimestamp(String)} is refused with
     * {@link IllegalStateException} when it starts.
     *
     * @param maker makes the greeting's APOP timestamp from the session's environment; {@code null} disables APOP
     * @return this builder
     */
    public Builder apopTimestamps(Function<EngineEnvironment, String> maker) {
      this.apopTimestamps = maker;
      this.standardApop = false;
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
     * Whether early talkers are refused (default true; docs/architecture.md, "The synchronisation check").
     *
     * @param on whether bytes received before the greeting was drained end the session with {@code -ERR}
     * @return this builder
     */
    public Builder synchronizationCheck(boolean on) {
      this.synchronizationCheck = on;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws NullPointerException     if no host name was given
     * @throws IllegalArgumentException if a value cannot go on the wire
     */
    public Pop3ServerConfig build() {
      Objects.requireNonNull(hostname, "hostname is required");
      return new Pop3ServerConfig(hostname, greeting, limits,
          standardApop ? standardApopTimestamps(hostname) : apopTimestamps, stlsAvailable, utf8,
          implementation, expire, loginDelay, commandLineEndings, sasl, lang, synchronizationCheck);
    }
  }
}
