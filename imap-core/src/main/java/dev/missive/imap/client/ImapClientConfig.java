package dev.missive.imap.client;

import dev.missive.imap.protocol.ImapLimits;
import dev.missive.wire.TlsPolicy;
import java.time.Duration;
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
   * The strict defaults for {@code login}: TLS required, no secret before TLS, a response timeout of five minutes,
   * {@link ImapLimits#DEFAULT}, 16 commands pipelined, 100 000 untagged responses per command, 1 000 000 UIDs
   * tracked, 64 KiB of undrained output.
   *
   * @param login how to authenticate
   * @return the configuration
   */
  public static ImapClientConfig of(ImapLogin login) {
    return new ImapClientConfig(login, TlsPolicy.REQUIRED, false, List.of("IMAP4rev2", "UTF8=ACCEPT"),
        Duration.ofMinutes(5), ImapLimits.DEFAULT, 16, 100_000, 1_000_000, 64 * 1024, false);
  }

  /**
   * With another TLS policy.
   *
   * @param policy the policy
   * @return the new configuration
   */
  public ImapClientConfig withTlsPolicy(TlsPolicy policy) {
    return new ImapClientConfig(login, policy, plaintextLoginAllowed, enable, responseTimeout, limits,
        maxInFlight, maxCollected, maxTrackedUids, maxUndrainedOutput, compress);
  }

  /**
   * Allowing or refusing secrets without TLS (a trusted loopback connection, a test).
   *
   * @param on whether LOGIN and clear-text mechanisms may run without TLS
   * @return the new configuration
   */
  public ImapClientConfig withPlaintextLoginAllowed(boolean on) {
    return new ImapClientConfig(login, tlsPolicy, on, enable, responseTimeout, limits,
        maxInFlight, maxCollected, maxTrackedUids, maxUndrainedOutput, compress);
  }

  /**
   * With other capabilities to ENABLE when offered.
   *
   * @param capabilities the capabilities, such as {@code UTF8=ACCEPT}; empty for none
   * @return the new configuration
   */
  public ImapClientConfig withEnable(List<String> capabilities) {
    return new ImapClientConfig(login, tlsPolicy, plaintextLoginAllowed, capabilities, responseTimeout,
        limits, maxInFlight, maxCollected, maxTrackedUids, maxUndrainedOutput, compress);
  }

  /**
   * Asking to resynchronise cached mailboxes (RFC 7162 §6): QRESYNC and CONDSTORE join the capabilities to ENABLE
   * when the server offers them ({@code ENABLE ... QRESYNC CONDSTORE}, §3.2.3), so SELECT answers
   * {@code [HIGHESTMODSEQ]}, FETCH responses carry MODSEQ and a cached mailbox is resynchronised with one
   * {@link ImapCommands#select(String, boolean, dev.missive.imap.command.QresyncParameters)}. Not in the defaults:
   * once QRESYNC is enabled the server reports expunges as {@link ImapClientEvent.Vanished} (UIDs) instead of
   * {@link ImapClientEvent.Expunged} (sequence numbers) for the rest of the connection (§3.2.10), which a caller
   * must be written for.
   *
   * @return the new configuration
   */
  public ImapClientConfig withMailboxResync() {
    java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(enable);
    all.add("QRESYNC");
    all.add("CONDSTORE");
    return withEnable(List.copyOf(all));
  }

  /**
   * Asking for COMPRESS DEFLATE (RFC 4978) once logged in, when the server offers {@code COMPRESS=DEFLATE}: the
   * session then goes compressed both ways, the engine pausing for the host to put a deflate layer under it
   * ({@link dev.missive.wire.StreamChange.Compress}, whose octets after the OK the host inflates first); the library's
   * blocking client transport does. Off by default: a host that cannot compress would stall.
   *
   * @param on whether to ask
   * @return the new configuration
   */
  public ImapClientConfig withCompression(boolean on) {
    return new ImapClientConfig(login, tlsPolicy, plaintextLoginAllowed, enable, responseTimeout, limits,
        maxInFlight, maxCollected, maxTrackedUids, maxUndrainedOutput, on);
  }

  /**
   * With another response timeout.
   *
   * @param timeout how long the server may stay silent while a command awaits its answer
   * @return the new configuration
   */
  public ImapClientConfig withResponseTimeout(Duration timeout) {
    return new ImapClientConfig(login, tlsPolicy, plaintextLoginAllowed, enable, timeout, limits,
        maxInFlight, maxCollected, maxTrackedUids, maxUndrainedOutput, compress);
  }

  /**
   * With other parsing bounds.
   *
   * @param bounds the bounds on what the server sends
   * @return the new configuration
   */
  public ImapClientConfig withLimits(ImapLimits bounds) {
    return new ImapClientConfig(login, tlsPolicy, plaintextLoginAllowed, enable, responseTimeout,
        bounds, maxInFlight, maxCollected, maxTrackedUids, maxUndrainedOutput, compress);
  }

  /**
   * With another pipelining depth.
   *
   * @param commands the most commands in flight (1: no pipelining)
   * @return the new configuration
   */
  public ImapClientConfig withMaxInFlight(int commands) {
    return new ImapClientConfig(login, tlsPolicy, plaintextLoginAllowed, enable, responseTimeout,
        limits, commands, maxCollected, maxTrackedUids, maxUndrainedOutput, compress);
  }

  /**
   * With another bound on the untagged responses one command gathers.
   *
   * @param responses the most responses
   * @return the new configuration
   */
  public ImapClientConfig withMaxCollected(int responses) {
    return new ImapClientConfig(login, tlsPolicy, plaintextLoginAllowed, enable, responseTimeout,
        limits, maxInFlight, responses, maxTrackedUids, maxUndrainedOutput, compress);
  }

  /** Never shows the login's secret. */
  @Override
  public String toString() {
    return "ImapClientConfig[login=" + login.method() + ", tlsPolicy=" + tlsPolicy + "]";
  }
}
