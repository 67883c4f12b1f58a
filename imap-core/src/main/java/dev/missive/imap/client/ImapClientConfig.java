package dev.missive.imap.client;

import dev.missive.imap.protocol.ImapLimits;
import dev.missive.wire.TlsPolicy;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The configuration of an {@link ImapClient}. Strict by default: TLS required (STARTTLS, or implicit TLS when the
 * connection's {@code PeerInfo} says {@code IMPLICIT_TLS}, RFC 8314 §3; the configuration does not choose it), no
 * password or token sent before TLS, pipelining on (RFC 9051 §5.5), IMAP4rev2 and UTF8=ACCEPT enabled when offered
 * (RFC 5161).
 *
 * @param login                 how to authenticate
 * @param tlsPolicy             whether to upgrade with STARTTLS and whether plaintext is acceptable
 * @param plaintextLoginAllowed whether LOGIN and mechanisms that send a reusable secret in the clear (PLAIN, LOGIN,
 *                              XOAUTH2, OAUTHBEARER) may be used without TLS (docs/security.md, "Logins before TLS")
 * @param enable                the capabilities to ENABLE after the login when the server offers them
 * @param responseTimeout       how long the server may stay silent while a command awaits its answer
 * @param limits                the bounds on what the server sends: response length, nesting, literals per
 *                              response ({@link ImapLimits#maxResponseLength()} and the others)
 * @param maxInFlight           the most commands pipelined at once (1: no pipelining)
 * @param maxCollected          the most untagged responses one command may gather (LIST, SEARCH, STATUS, …)
 * @param maxTrackedUids        the most sequence-number-to-UID pairs the mailbox view keeps
 * @param maxUndrainedOutput    the output queue's soft limit in octets
 * @param compress              whether to ask for COMPRESS DEFLATE (RFC 4978) once logged in, when offered
 */
public record ImapClientConfig(ImapLogin login, TlsPolicy tlsPolicy, boolean plaintextLoginAllowed,
                               List<String> enable, Duration responseTimeout,
                               ImapLimits limits, int maxInFlight, int maxCollected, int maxTrackedUids,
                               int maxUndrainedOutput, boolean compress) {

  /**
   * Checks the values.
   *
   * @param login                 how to authenticate
   * @param tlsPolicy             the TLS policy
   * @param plaintextLoginAllowed whether secrets may go without TLS
   * @param enable                what to ENABLE when offered
   * @param responseTimeout       the response timeout
   * @param limits                the parsing bounds
   * @param maxInFlight           the pipelining depth
   * @param maxCollected          the untagged responses per command
   * @param maxTrackedUids        the UIDs the mailbox view keeps
   * @param maxUndrainedOutput    the output limit
   * @param compress              whether to compress when offered
   */
  public ImapClientConfig {
    Objects.requireNonNull(login, "login");
    Objects.requireNonNull(tlsPolicy, "tlsPolicy");
    enable = List.copyOf(enable);
    Objects.requireNonNull(responseTimeout, "responseTimeout");
    Objects.requireNonNull(limits, "limits");
    if (responseTimeout.isNegative() || responseTimeout.isZero()) {
      throw new IllegalArgumentException("responseTimeout must be positive");
    }
    if (maxInFlight < 1 || maxCollected < 1 || maxTrackedUids < 0 || maxUndrainedOutput < 1024) {
      throw new IllegalArgumentException("maxInFlight and maxCollected at least 1, maxTrackedUids not negative, "
          + "maxUndrainedOutput at least 1024");
    }
  }

  /**
   * A builder with the strict defaults: TLS required, no secret before TLS, IMAP4rev2 and UTF8=ACCEPT enabled when
   * offered, a response timeout of five minutes, {@link ImapLimits#DEFAULT}, 16 commands pipelined, 100 000 untagged
   * responses per command, 1 000 000 UIDs tracked, 64 KiB of undrained output, no compression. The login has no
   * default: {@code ImapClientConfig.builder().login(ImapLogin.password(user, secret)).build()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding this configuration's values, to change some of them} */
  public Builder toBuilder() {
    return new Builder().login(login).tlsPolicy(tlsPolicy).plaintextLoginAllowed(plaintextLoginAllowed)
        .enable(enable).responseTimeout(responseTimeout).limits(limits).maxInFlight(maxInFlight)
        .maxCollected(maxCollected).maxTrackedUids(maxTrackedUids).maxUndrainedOutput(maxUndrainedOutput)
        .compress(compress);
  }

  /** Never shows the login's secret. */
  @Override
  public String toString() {
    return "ImapClientConfig[login=" + login.method() + ", tlsPolicy=" + tlsPolicy + "]";
  }

  /** Builds an {@link ImapClientConfig}; {@link #build()} validates the values, the login is required. */
  public static final class Builder {
    private ImapLogin login;
    private TlsPolicy tlsPolicy = TlsPolicy.REQUIRED;
    private boolean plaintextLoginAllowed;
    private List<String> enable = List.of("IMAP4rev2", "UTF8=ACCEPT");
    private Duration responseTimeout = Duration.ofMinutes(5);
    private ImapLimits limits = ImapLimits.DEFAULT;
    private int maxInFlight = 16;
    private int maxCollected = 100_000;
    private int maxTrackedUids = 1_000_000;
    private int maxUndrainedOutput = 64 * 1024;
    private boolean compress;

    private Builder() {
    }

    /**
     * Sets how to authenticate (RFC 9051 §6.2.3 LOGIN, §6.2.2 AUTHENTICATE, or a PREAUTH greeting); required.
     *
     * @param how the login
     * @return this builder
     */
    public Builder login(ImapLogin how) {
      this.login = how;
      return this;
    }

    /**
     * Sets the STARTTLS policy.
     *
     * @param policy whether to upgrade with STARTTLS and whether plaintext is acceptable
     * @return this builder
     */
    public Builder tlsPolicy(TlsPolicy policy) {
      this.tlsPolicy = policy;
      return this;
    }

    /**
     * Allows or refuses secrets without TLS (a trusted loopback connection, a test).
     *
     * @param on whether LOGIN and clear-text mechanisms may run without TLS
     * @return this builder
     */
    public Builder plaintextLoginAllowed(boolean on) {
      this.plaintextLoginAllowed = on;
      return this;
    }

    /**
     * Sets the capabilities to ENABLE (RFC 5161) after the login when the server offers them.
     *
     * @param capabilities the capabilities, such as {@code UTF8=ACCEPT}; empty for none
     * @return this builder
     */
    public Builder enable(List<String> capabilities) {
      this.enable = List.copyOf(capabilities);
      return this;
    }

    /**
     * Asks to resynchronise cached mailboxes (RFC 7162 §6): QRESYNC and CONDSTORE join the capabilities to ENABLE
     * when the server offers them ({@code ENABLE ... QRESYNC CONDSTORE}, §3.2.3), so SELECT answers
     * {@code [HIGHESTMODSEQ]}, FETCH responses carry MODSEQ and a cached mailbox is resynchronised with one
     * {@link ImapCommands#select(String, boolean, dev.missive.imap.command.QresyncParameters)}. Not in the defaults:
     * once QRESYNC is enabled the server reports expunges as {@link ImapClientEvent.Vanished} (UIDs) instead of
     * {@link ImapClientEvent.Expunged} (sequence numbers) for the rest of the connection (§3.2.10), which a caller
     * must be written for. A later {@link #enable(List)} replaces the list, these two included.
     *
     * @return this builder
     */
    public Builder mailboxResync() {
      LinkedHashSet<String> all = new LinkedHashSet<>(enable);
      all.add("QRESYNC");
      all.add("CONDSTORE");
      this.enable = List.copyOf(all);
      return this;
    }

    /**
     * Asks for COMPRESS DEFLATE (RFC 4978) once logged in, when the server offers {@code COMPRESS=DEFLATE}: the
     * session then goes compressed both ways, the engine pausing for the host to put a deflate layer under it
     * ({@link dev.missive.wire.StreamChange.Compress}, whose octets after the OK the host inflates first); the
     * library's blocking client transport does. Off by default: a host that cannot compress would stall.
     *
     * @param on whether to ask
     * @return this builder
     */
    public Builder compress(boolean on) {
      this.compress = on;
      return this;
    }

    /**
     * Sets how long the server may stay silent while a command awaits its answer.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder responseTimeout(Duration timeout) {
      this.responseTimeout = timeout;
      return this;
    }

    /**
     * Sets the bounds on what the server sends.
     *
     * @param bounds the response length, nesting and literal bounds
     * @return this builder
     */
    public Builder limits(ImapLimits bounds) {
      this.limits = bounds;
      return this;
    }

    /**
     * Sets the pipelining depth (RFC 9051 §5.5).
     *
     * @param commands the most commands in flight, at least 1 (1: no pipelining)
     * @return this builder
     */
    public Builder maxInFlight(int commands) {
      this.maxInFlight = commands;
      return this;
    }

    /**
     * Sets the bound on the untagged responses one command gathers (LIST, SEARCH, STATUS, …).
     *
     * @param responses the most responses, at least 1
     * @return this builder
     */
    public Builder maxCollected(int responses) {
      this.maxCollected = responses;
      return this;
    }

    /**
     * Sets the most sequence-number-to-UID pairs the mailbox view keeps.
     *
     * @param uids not negative
     * @return this builder
     */
    public Builder maxTrackedUids(int uids) {
      this.maxTrackedUids = uids;
      return this;
    }

    /**
     * Sets the output queue's soft limit.
     *
     * @param octets at least 1024
     * @return this builder
     */
    public Builder maxUndrainedOutput(int octets) {
      this.maxUndrainedOutput = octets;
      return this;
    }

    /**
     * Validates the values.
     *
     * @return the configuration
     * @throws NullPointerException     if the login was not set
     * @throws IllegalArgumentException if a value is out of its range
     */
    public ImapClientConfig build() {
      return new ImapClientConfig(login, tlsPolicy, plaintextLoginAllowed, enable, responseTimeout, limits,
          maxInFlight, maxCollected, maxTrackedUids, maxUndrainedOutput, compress);
    }
  }
}
