package dev.missive.imap.server;

import dev.missive.imap.IdParameter;
import dev.missive.imap.protocol.ImapLimits;
import dev.missive.imap.protocol.NonSynchronizingLiterals;
import dev.missive.sasl.SaslServerMechanisms;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The configuration of an {@link ImapServer} (RFC 9051), immutable and shared by every session; made with
 * {@link #builder()}. Every limit is enforced and answered as the engine's documentation says.
 *
 * @param greeting                the text of the greeting {@code * OK [CAPABILITY ...] text}
 * @param limits                  the grammar's limits: command length, literal and message sizes, nesting
 * @param sasl                    the SASL mechanisms AUTHENTICATE offers, or null for none
 * @param startTls                whether STARTTLS is offered (the host can make TLS, RFC 9051 §6.2.1)
 * @param plaintextLoginBeforeTls whether LOGIN and plaintext SASL mechanisms are allowed before TLS on a connection
 *                                the host did not declare trusted (false: {@code LOGINDISABLED}, RFC 9051 §6.2.3)
 * @param nonSynchronizingLiterals which {@code {n+}} literals are taken, advertised as LITERAL+ or LITERAL-
 * @param synchronizationCheck    whether input before the greeting or a {@code +} was drained ends the session
 * @param maxBadCommands          BAD answers after which the session ends with {@code BYE}
 * @param maxFailedLogins         failed logins after which the session ends with {@code BYE}
 * @param failedLoginDelay        how long the answer to a failed login is held back
 * @param idleTimeout             how long the client may be silent (RFC 9051 §5.4: at least 30 minutes)
 * @param outputSoftLimit         undrained output octets past which no input is taken and content waits
 * @param hostCapabilities        extensions the host implements in its answers (see {@link #HOST_CAPABILITIES})
 * @param namespaceDelimiter      the hierarchy delimiter of the personal namespace {@code ""} (NAMESPACE, RFC 2342)
 * @param serverId                the server's ID fields (RFC 2971 §3.3)
 * @param capabilityResponseCodes whether the greeting and a login's {@code OK} carry {@code [CAPABILITY ...]}
 *                                (RFC 9051 §7.1, optional; off for clients whose parsers refuse long lines)
 */
public record ImapServerConfig(String greeting, ImapLimits limits, SaslServerMechanisms sasl, boolean startTls,
                               boolean plaintextLoginBeforeTls, NonSynchronizingLiterals nonSynchronizingLiterals,
                               boolean synchronizationCheck, int maxBadCommands, int maxFailedLogins,
                               Duration failedLoginDelay, Duration idleTimeout, int outputSoftLimit,
                               Set<String> hostCapabilities, Optional<Character> namespaceDelimiter,
                               List<IdParameter> serverId, boolean capabilityResponseCodes) {

  /**
   * COMPRESS=DEFLATE (RFC 4978): a host capability, since the host's transport must install the compression when the
   * engine asks ({@link dev.missive.wire.StreamChange.Compress}); the library's transports can.
   */
  public static final String COMPRESS_DEFLATE = "COMPRESS=DEFLATE";

  /**
   * The capabilities whose promise depends on the host's answers, so the engine advertises them only when the
   * host says it keeps them: UIDPLUS (APPENDUID/COPYUID codes, RFC 4315), CHILDREN (RFC 3348), SPECIAL-USE and
   * CREATE-SPECIAL-USE (RFC 6154), LIST-EXTENDED (RFC 5258), LIST-STATUS (RFC 5819), STATUS=SIZE (RFC 8438),
   * BINARY (RFC 3516), CONDSTORE and QRESYNC (RFC 7162), and {@link #COMPRESS_DEFLATE} (RFC 4978, the transport's).
   */
  public static final Set<String> HOST_CAPABILITIES = Set.of("UIDPLUS", "CHILDREN", "SPECIAL-USE",
      "CREATE-SPECIAL-USE", "LIST-EXTENDED", "LIST-STATUS", "STATUS=SIZE", "BINARY", "CONDSTORE", "QRESYNC",
      COMPRESS_DEFLATE);

  /**
   * Checks the values.
   *
   * @param greeting                the greeting text
   * @param limits                  the grammar's limits
   * @param sasl                    the SASL mechanisms, or null
   * @param startTls                whether STARTTLS is offered
   * @param plaintextLoginBeforeTls whether plaintext logins are allowed before TLS
   * @param nonSynchronizingLiterals which non-synchronizing literals are taken
   * @param synchronizationCheck    whether early input ends the session
   * @param maxBadCommands          BAD answers before BYE, at least 1
   * @param maxFailedLogins         failed logins before BYE, at least 1
   * @param failedLoginDelay        the failed-login delay, not negative
   * @param idleTimeout             the idle timeout, positive
   * @param outputSoftLimit         the output soft limit, at least 1 024
   * @param hostCapabilities        the host's capabilities, each one of {@link #HOST_CAPABILITIES}
   * @param namespaceDelimiter      the personal namespace's delimiter, empty for a flat namespace
   * @param serverId                the ID fields
   * @param capabilityResponseCodes whether the greeting and a login's OK list the capabilities
   */
  public ImapServerConfig {
    checkText(greeting);
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(nonSynchronizingLiterals, "nonSynchronizingLiterals");
    if (maxBadCommands < 1 || maxFailedLogins < 1) {
      throw new IllegalArgumentException("maxBadCommands and maxFailedLogins must be at least 1");
    }
    if (failedLoginDelay.isNegative() || idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("delays must not be negative, the idle timeout positive");
    }
    if (outputSoftLimit < 1024) {
      throw new IllegalArgumentException("outputSoftLimit must be at least 1024: " + outputSoftLimit);
    }
    Set<String> caps = new LinkedHashSet<>();
    for (String c : hostCapabilities) {
      String upper = c.toUpperCase(Locale.ROOT);
      if (!HOST_CAPABILITIES.contains(upper)) {
        throw new IllegalArgumentException("not a host capability the engine knows: " + c);
      }
      caps.add(upper);
    }
    hostCapabilities = Set.copyOf(caps);
    if (hostCapabilities.contains("QRESYNC") && !hostCapabilities.contains("CONDSTORE")) {
      throw new IllegalArgumentException("QRESYNC needs CONDSTORE (RFC 7162 §3.2)");
    }
    Objects.requireNonNull(namespaceDelimiter, "namespaceDelimiter");
    serverId = List.copyOf(serverId);
  }

  private static void checkText(String text) {
    if (text.isEmpty() || text.startsWith("[") || text.chars().anyMatch(c -> c < 0x20 || c > 0x7E)) {
      throw new IllegalArgumentException("the greeting is printable US-ASCII, not starting with '['");
    }
  }

  /** {@return a builder with the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder with this configuration's values} */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.greeting = greeting;
    b.limits = limits;
    b.sasl = sasl;
    b.startTls = startTls;
    b.plaintextLoginBeforeTls = plaintextLoginBeforeTls;
    b.nonSync = nonSynchronizingLiterals;
    b.synchronizationCheck = synchronizationCheck;
    b.maxBadCommands = maxBadCommands;
    b.maxFailedLogins = maxFailedLogins;
    b.failedLoginDelay = failedLoginDelay;
    b.idleTimeout = idleTimeout;
    b.outputSoftLimit = outputSoftLimit;
    b.hostCapabilities = hostCapabilities;
    b.namespaceDelimiter = namespaceDelimiter;
    b.serverId = serverId;
    b.capabilityResponseCodes = capabilityResponseCodes;
    return b;
  }

  /** Builds an {@link ImapServerConfig}; every setter returns the builder. */
  public static final class Builder {
    private String greeting = "IMAP4rev2 Service Ready";
    private ImapLimits limits = ImapLimits.DEFAULT;
    private SaslServerMechanisms sasl;
    private boolean startTls;
    private boolean plaintextLoginBeforeTls;
    private NonSynchronizingLiterals nonSync = NonSynchronizingLiterals.LITERAL_PLUS;
    private boolean synchronizationCheck = true;
    private int maxBadCommands = 10;
    private int maxFailedLogins = 3;
    private Duration failedLoginDelay = Duration.ofSeconds(2);
    private Duration idleTimeout = Duration.ofMinutes(30);
    private int outputSoftLimit = 64 * 1024;
    private Set<String> hostCapabilities = Set.of();
    private Optional<Character> namespaceDelimiter = Optional.of('/');
    private List<IdParameter> serverId = List.of(new IdParameter("name", Optional.of("Missive")));
    private boolean capabilityResponseCodes = true;

    private Builder() {
    }

    /**
     * The greeting's text (default {@code IMAP4rev2 Service Ready}).
     *
     * @param text printable US-ASCII
     * @return this builder
     */
    public Builder greeting(String text) {
      this.greeting = text;
      return this;
    }

    /**
     * The grammar's limits (default {@link ImapLimits#DEFAULT}).
     *
     * @param limits the limits
     * @return this builder
     */
    public Builder limits(ImapLimits limits) {
      this.limits = limits;
      return this;
    }

    /**
     * The SASL mechanisms of AUTHENTICATE (default none).
     *
     * @param mechanisms the registry, or null for none
     * @return this builder
     */
    public Builder sasl(SaslServerMechanisms mechanisms) {
      this.sasl = mechanisms;
      return this;
    }

    /**
     * Whether STARTTLS is offered (default false: only when the host can make TLS).
     *
     * @param on whether to offer it
     * @return this builder
     */
    public Builder startTls(boolean on) {
      this.startTls = on;
      return this;
    }

    /**
     * Whether LOGIN is allowed before TLS on plaintext connections (default false: {@code LOGINDISABLED}).
     *
     * @param allowed whether to allow it
     * @return this builder
     */
    public Builder plaintextLoginBeforeTls(boolean allowed) {
      this.plaintextLoginBeforeTls = allowed;
      return this;
    }

    /**
     * Which non-synchronizing literals are taken (default LITERAL+).
     *
     * @param mode the mode, advertised as LITERAL+ or LITERAL-
     * @return this builder
     */
    public Builder nonSynchronizingLiterals(NonSynchronizingLiterals mode) {
      this.nonSync = mode;
      return this;
    }

    /**
     * Whether input before the greeting or a continuation request was drained ends the session (default true).
     *
     * @param on whether to check
     * @return this builder
     */
    public Builder synchronizationCheck(boolean on) {
      this.synchronizationCheck = on;
      return this;
    }

    /**
     * BAD answers after which the session ends (default 10).
     *
     * @param n at least 1
     * @return this builder
     */
    public Builder maxBadCommands(int n) {
      this.maxBadCommands = n;
      return this;
    }

    /**
     * Failed logins after which the session ends (default 3).
     *
     * @param n at least 1
     * @return this builder
     */
    public Builder maxFailedLogins(int n) {
      this.maxFailedLogins = n;
      return this;
    }

    /**
     * How long a failed login's answer is held back (default 2 s).
     *
     * @param delay not negative
     * @return this builder
     */
    public Builder failedLoginDelay(Duration delay) {
      this.failedLoginDelay = delay;
      return this;
    }

    /**
     * How long the client may be silent before {@code BYE} (default 30 minutes, RFC 9051 §5.4).
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = timeout;
      return this;
    }

    /**
     * Undrained output past which the engine takes no input (default 64 KiB).
     *
     * @param octets at least 1 024
     * @return this builder
     */
    public Builder outputSoftLimit(int octets) {
      this.outputSoftLimit = octets;
      return this;
    }

    /**
     * The extensions the host implements in its answers, from {@link #HOST_CAPABILITIES} (default none).
     *
     * @param capabilities the capability names
     * @return this builder
     */
    public Builder hostCapabilities(String... capabilities) {
      this.hostCapabilities = Set.of(capabilities);
      return this;
    }

    /**
     * The hierarchy delimiter of the personal namespace (default {@code /}).
     *
     * @param delimiter the delimiter, or empty for a flat namespace
     * @return this builder
     */
    public Builder namespaceDelimiter(Optional<Character> delimiter) {
      this.namespaceDelimiter = delimiter;
      return this;
    }

    /**
     * The server's ID fields (default {@code name Missive}).
     *
     * @param fields the fields
     * @return this builder
     */
    public Builder serverId(List<IdParameter> fields) {
      this.serverId = fields;
      return this;
    }

    /**
     * Whether the greeting and the {@code OK} of LOGIN and AUTHENTICATE carry the capability list as a
     * {@code [CAPABILITY ...]} response code (RFC 9051 §7.1; default true, which saves clients a CAPABILITY
     * command). Off, such clients ask; some client parsers refuse status lines longer than about 160 characters
     * (Apache Commons Net 3.11's {@code IMAPReply}).
     *
     * @param on whether the codes are sent
     * @return this builder
     */
    public Builder capabilityResponseCodes(boolean on) {
      this.capabilityResponseCodes = on;
      return this;
    }

    /** {@return the configuration} */
    public ImapServerConfig build() {
      return new ImapServerConfig(greeting, limits, sasl, startTls, plaintextLoginBeforeTls, nonSync,
          synchronizationCheck, maxBadCommands, maxFailedLogins, failedLoginDelay, idleTimeout, outputSoftLimit,
          hostCapabilities, namespaceDelimiter, serverId, capabilityResponseCodes);
    }
  }
}
