package dev.missive.smtp.server;

import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.smtp.MtPriority;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.wire.BareLineEndingPolicy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How an SMTP or LMTP server engine behaves (RFC 5321, RFC 2033 and the ESMTP extensions): immutable, shared by all
 * sessions of a listener, built with {@link #builder()}.
 *
 * @param hostname             this server's name, used in the greeting, EHLO and QUIT replies and {@code Received:}
 * @param greeting             the greeting text after the host name (RFC 5321 §4.3.1)
 * @param extensions           the extensions to advertise, in EHLO order; STARTTLS, AUTH and REQUIRETLS are left
 *                             out where the session's TLS state forbids them (RFC 3207 §4.2, RFC 8689 §4)
 * @param authMechanisms       the SASL mechanisms for AUTH (RFC 4954), if any
 * @param plaintextAuthAllowed whether AUTH with mechanisms that send secrets in the clear is offered without TLS
 *                             (a peer the host declares {@link dev.missive.wire.ConnectionSecurity#TRUSTED} always
 *                             may use them)
 * @param authRequiresTls      whether AUTH is offered and accepted only under TLS, whatever the mechanism (Postfix
 *                             {@code smtpd_tls_auth_only}; RFC 4954 §4 and §6: an AUTH before TLS gets 538 5.7.11)
 * @param authRequired         whether MAIL needs a successful AUTH first (530 5.7.0, RFC 4954 §6)
 * @param tlsAvailable         whether the host can perform STARTTLS (never offered once TLS is in place, so an
 *                             implicit-TLS connection, RFC 8314, never offers it)
 * @param tlsRequired          whether every command but EHLO/HELO/STARTTLS/NOOP/RSET/QUIT needs TLS (530 5.7.0,
 *                             RFC 3207 §4)
 * @param enhancedStatusCodes  whether replies carry RFC 3463 codes and ENHANCEDSTATUSCODES is advertised (RFC 2034)
 * @param lmtp                 whether this is an LMTP server (RFC 2033: LHLO, one reply per recipient)
 * @param synchronizationCheck whether early talkers are refused with 554 5.5.0 (docs/architecture.md, "The synchronisation check")
 * @param bareLineEndings      what to do with bare CR/LF in commands and message data
 * @param limits               the session's bounds
 * @param texts                the texts of the replies the engine composes itself (RFC 5321 §4.2); codes stay fixed
 * @param authMechanismPolicy  which mechanism is strong enough for which user, else 534 5.7.9 (RFC 4954 §6)
 * @param priorityPolicy       the priority assignment policy MT-PRIORITY names in EHLO (RFC 6710 §3, §9), if any
 * @param priorityTrust        which priority a session's messages get from what they ask for (RFC 6710 §4.1);
 *                             by default a raised one only after AUTH
 */
public record SmtpServerConfig(String hostname, String greeting, List<SmtpExtension> extensions,
    Optional<SaslServerMechanisms> authMechanisms, boolean plaintextAuthAllowed, boolean authRequiresTls,
    boolean authRequired,
    boolean tlsAvailable, boolean tlsRequired, boolean enhancedStatusCodes, boolean lmtp,
    boolean synchronizationCheck, BareLineEndingPolicy bareLineEndings, SmtpLimits limits, ReplyTexts texts,
    Optional<AuthMechanismPolicy> authMechanismPolicy, Optional<MtPriority.Policy> priorityPolicy,
    PriorityTrust priorityTrust) {

  /** The extensions advertised by default, in this order. */
  public static final List<SmtpExtension> DEFAULT_EXTENSIONS = List.of(SmtpExtension.PIPELINING,
      SmtpExtension.SIZE, SmtpExtension.EIGHT_BIT_MIME, SmtpExtension.ENHANCED_STATUS_CODES, SmtpExtension.CHUNKING,
      SmtpExtension.BINARY_MIME, SmtpExtension.SMTPUTF8, SmtpExtension.DSN, SmtpExtension.STARTTLS,
      SmtpExtension.AUTH, SmtpExtension.REQUIRETLS, SmtpExtension.HELP);

  /**
   * Validates every value.
   *
   * @param hostname             this server's name, used in the greeting, EHLO and QUIT replies and {@code Received:}
   * @param greeting             the greeting text after the host name (RFC 5321 §4.3.1)
   * @param extensions           the extensions to advertise, in EHLO order; STARTTLS, AUTH and REQUIRETLS are left
   *                             out where the session's TLS state forbids them (RFC 3207 §4.2, RFC 8689 §4)
   * @param authMechanisms       the SASL mechanisms for AUTH (RFC 4954), if any
   * @param plaintextAuthAllowed whether AUTH with mechanisms that send secrets in the clear is offered without TLS
   *                             (a peer the host declares {@link dev.missive.wire.ConnectionSecurity#TRUSTED} always
   *                             may use them)
   * @param authRequiresTls      whether AUTH is offered and accepted only under TLS, whatever the mechanism (Postfix
   *                             {@code smtpd_tls_auth_only}; RFC 4954 §4 and §6: an AUTH before TLS gets 538 5.7.11)
   * @param authRequired         whether MAIL needs a successful AUTH first (530 5.7.0, RFC 4954 §6)
   * @param tlsAvailable         whether the host can perform STARTTLS (never offered once TLS is in place, so an
   *                             implicit-TLS connection, RFC 8314, never offers it)
   * @param tlsRequired          whether every command but EHLO/HELO/STARTTLS/NOOP/RSET/QUIT needs TLS (530 5.7.0,
   *                             RFC 3207 §4)
   * @param enhancedStatusCodes  whether replies carry RFC 3463 codes and ENHANCEDSTATUSCODES is advertised (RFC 2034)
   * @param lmtp                 whether this is an LMTP server (RFC 2033: LHLO, one reply per recipient)
   * @param synchronizationCheck whether early talkers are refused with 554 5.5.0 (docs/architecture.md, "The synchronisation check")
   * @param bareLineEndings      what to do with bare CR/LF in commands and message data
   * @param limits               the session's bounds
   * @param texts                the texts of the replies the engine composes itself (RFC 5321 §4.2); codes stay fixed
   * @param authMechanismPolicy  which mechanism is strong enough for which user, else 534 5.7.9 (RFC 4954 §6)
   * @param priorityPolicy       the priority assignment policy MT-PRIORITY names in EHLO (RFC 6710 §3, §9)
   * @param priorityTrust        which priority a session's messages get from what they ask for (RFC 6710 §4.1)
   */
  public SmtpServerConfig {
    requireText(hostname, "hostname", false);
    requireText(greeting, "greeting", true);
    extensions = List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(extensions, "extensions")));
    Objects.requireNonNull(authMechanisms, "authMechanisms");
    Objects.requireNonNull(bareLineEndings, "bareLineEndings");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(texts, "texts");
    Objects.requireNonNull(authMechanismPolicy, "authMechanismPolicy");
    Objects.requireNonNull(priorityPolicy, "priorityPolicy");
    Objects.requireNonNull(priorityTrust, "priorityTrust");
    if (texts.longestLine(hostname) > Reply.MAX_LINE_TEXT) {
      throw new IllegalArgumentException("with this hostname a reply text exceeds 512 octets (RFC 5321 §4.5.3.1.5)");
    }
    if (tlsRequired && !tlsAvailable) {
      throw new IllegalArgumentException("tlsRequired needs tlsAvailable");
    }
  }

  private static void requireText(String value, String name, boolean spaces) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7F || (c == ' ' && !spaces)) {
        throw new IllegalArgumentException(name + " must not contain controls" + (spaces ? "" : " or spaces"));
      }
    }
  }

  /**
   * The defaults for {@code hostname}: SMTP, the default extensions, no AUTH, no TLS, enhanced codes on.
   *
   * @param hostname this server's name
   * @return the default configuration
   */
  public static SmtpServerConfig defaults(String hostname) {
    return builder().hostname(hostname).build();
  }

  /** {@return a builder starting from the defaults (host name {@code localhost})} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder starting from this configuration} */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.hostname = hostname;
    b.greeting = greeting;
    b.extensions = new ArrayList<>(extensions);
    b.authMechanisms = authMechanisms.orElse(null);
    b.plaintextAuthAllowed = plaintextAuthAllowed;
    b.authRequiresTls = authRequiresTls;
    b.authRequired = authRequired;
    b.tlsAvailable = tlsAvailable;
    b.tlsRequired = tlsRequired;
    b.enhancedStatusCodes = enhancedStatusCodes;
    b.lmtp = lmtp;
    b.synchronizationCheck = synchronizationCheck;
    b.bareLineEndings = bareLineEndings;
    b.limits = limits;
    b.texts = texts;
    b.authMechanismPolicy = authMechanismPolicy.orElse(null);
    b.priorityPolicy = priorityPolicy.orElse(null);
    b.priorityTrust = priorityTrust;
    return b;
  }

  /** Collects the values of a {@link SmtpServerConfig}; each setter documents the record component. */
  public static final class Builder {
    private String hostname = "localhost";
    private String greeting = "ESMTP ready";
    private List<SmtpExtension> extensions = new ArrayList<>(DEFAULT_EXTENSIONS);
    private SaslServerMechanisms authMechanisms;
    private boolean plaintextAuthAllowed;
    private boolean authRequiresTls;
    private boolean authRequired;
    private boolean tlsAvailable;
    private boolean tlsRequired;
    private boolean enhancedStatusCodes = true;
    private boolean lmtp;
    private boolean synchronizationCheck = true;
    private BareLineEndingPolicy bareLineEndings = BareLineEndingPolicy.REJECT;
    private SmtpLimits limits = SmtpLimits.DEFAULT;
    private ReplyTexts texts = ReplyTexts.DEFAULT;
    private AuthMechanismPolicy authMechanismPolicy;
    private MtPriority.Policy priorityPolicy;
    private PriorityTrust priorityTrust = PriorityTrust.authenticatedAbove(0);

    private Builder() {
    }

    /**
     * See {@link SmtpServerConfig#hostname()}.
     *
     * @param v this server's name, used in the greeting, EHLO and QUIT replies and {@code Received:}
     * @return this builder
     */
    public Builder hostname(String v) {
      hostname = v;
      return this;
    }

    /**
     * See {@link SmtpServerConfig#greeting()}.
     *
     * @param v the greeting text after the host name (RFC 5321 §4.3.1)
     * @return this builder
     */
    public Builder greeting(String v) {
      greeting = v;
      return this;
    }

    /**
     * See {@link SmtpServerConfig#extensions()}.
     *
     * @param v the extensions to advertise, in EHLO order; STARTTLS, AUTH and REQUIRETLS are left
     *          out where the session's TLS state forbids them (RFC 3207 §4.2, RFC 8689 §4)
     * @return this builder
     */
    public Builder extensions(SmtpExtension... v) {
      extensions = new ArrayList<>(List.of(v));
      return this;
    }

    /**
     * See {@link SmtpServerConfig#authMechanisms()}.
     *
     * @param v the SASL mechanisms for AUTH (RFC 4954), if any
     * @return this builder
     */
    public Builder authMechanisms(SaslServerMechanisms v) {
      authMechanisms = v;
      return this;
    }

    /**
     * See {@link SmtpServerConfig#authRequiresTls()}.
     *
     * @param v whether AUTH is offered and accepted only under TLS, whatever the mechanism (Postfix
     *          {@code smtpd_tls_auth_only}; RFC 4954 §4 and §6: an AUTH before TLS gets 538 5.7.11)
     * @return this builder
     */
    public Builder authRequiresTls(boolean v) {
      authRequiresTls = v;
      return this;
    }

    /**
     * See {@link SmtpServerConfig#plaintextAuthAllowed()}.
     *
     * @param v whether AUTH with mechanisms that send secrets in the clear is offered without TLS
     *          (for trusted loopback connections)
     * @return this builder
     */
    public Builder plaintextAuthAllowed(boolean v) {
      plaintextAuthAllowed = v;
      return this;
    }

    /**
     * See {@link SmtpServerConfig#authRequired()}.
     *
     * @param v whether MAIL needs a successful AUTH first (530 5.7.0, RFC 4954 §6)
     * @return this builder
     */
    public Builder authRequired(boolean v) {
      authRequired = v;
      return this;
    }

    /**
     * See {@link SmtpServerConfig#tlsAvailable()}.
     *
     * @param v whether the host can perform STARTTLS
     * @return this builder
     */
    public Builder tlsAvailable(boolean v) {
      tlsAvailable = v;
      return this;
    }

    /**
     * See {@link SmtpServerConfig#tlsRequired()}.
     *
     * @param v whether every command but EHLO/HELO/STARTTLS/NOOP/RSET/QUIT needs TLS (530 5.7.0,
     *          RFC 3207 §4)
     * @return this builder
     */
    public Builder tlsRequired(boolean v) {
      tlsRequired = v;
      return this;
    }

    /**
     * See {@link SmtpServerConfig#enhancedStatusCodes()}.
     *
     * @param v whether replies carry RFC 3463 codes and ENHANCEDSTATUSCODES is advertised (RFC 2034)
     * @return this builder
     */
    public Builder enhancedStatusCodes(boolean v) {
      enhancedStatusCodes = v;
      return this;
    }

    /**
     * See {@link SmtpServerConfig#lmtp()}.
     *
     * @param v whether this is an LMTP server (RFC 2033: LHLO, one reply per recipient)
     * @return this builder
     */
    public Builder lmtp(boolean v) {
      lmtp = v;
      return this;
    }

    /**
     * See {@link SmtpServerConfig#synchronizationCheck()}.
     *
     * @param v whether early talkers are refused with 554 5.5.0 (docs/architecture.md, "The synchronisation check")
     * @return this builder
     */
    public Builder synchronizationCheck(boolean v) {
      synchronizationCheck = v;
      return this;
    }

    /**
     * See {@link SmtpServerConfig#bareLineEndings()}.
     *
     * @param v what to do with bare CR/LF in commands and message data
     * @return this builder
     */
    public Builder bareLineEndings(BareLineEndingPolicy v) {
      bareLineEndings = v;
      return this;
    }

    /**
     * See {@link SmtpServerConfig#limits()}.
     *
     * @param v the session's bounds
     * @return this builder
     */
    public Builder limits(SmtpLimits v) {
      limits = v;
      return this;
    }

    /**
     * See {@link SmtpServerConfig#texts()}.
     *
     * @param v the texts of the replies the engine composes itself (RFC 5321 §4.2); codes stay fixed
     * @return this builder
     */
    public Builder texts(ReplyTexts v) {
      texts = v;
      return this;
    }

    /**
     * See {@link SmtpServerConfig#authMechanismPolicy()}; {@code null} for none.
     *
     * @param v which mechanism is strong enough for which user, else 534 5.7.9 (RFC 4954 §6)
     * @return this builder
     */
    public Builder authMechanismPolicy(AuthMechanismPolicy v) {
      authMechanismPolicy = v;
      return this;
    }

    /**
     * See {@link SmtpServerConfig#priorityPolicy()}; {@code null} for none.
     *
     * @param v the priority assignment policy MT-PRIORITY names in EHLO (RFC 6710 §3, §9)
     * @return this builder
     */
    public Builder priorityPolicy(MtPriority.Policy v) {
      priorityPolicy = v;
      return this;
    }

    /**
     * See {@link SmtpServerConfig#priorityTrust()}.
     *
     * @param v which priority a session's messages get from what they ask for (RFC 6710 §4.1)
     * @return this builder
     */
    public Builder priorityTrust(PriorityTrust v) {
      priorityTrust = v;
      return this;
    }

    /**
     * Builds and validates the configuration.
     *
     * @return the validated configuration
     */
    public SmtpServerConfig build() {
      return new SmtpServerConfig(hostname, greeting, extensions, Optional.ofNullable(authMechanisms),
          plaintextAuthAllowed, authRequiresTls, authRequired, tlsAvailable, tlsRequired, enhancedStatusCodes,
          lmtp, synchronizationCheck, bareLineEndings, limits, texts, Optional.ofNullable(authMechanismPolicy),
          Optional.ofNullable(priorityPolicy), priorityTrust);
    }
  }
}
