package dev.missive.sasl;

import dev.missive.sasl.internal.Defaults;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The registry of server-side SASL mechanisms a host offers (RFC 4422 §3.1), built once with the host's credential
 * stores and shared by every connection; {@link #create(String)} makes a fresh mechanism for each {@code AUTH}.
 *
 * <pre>{@code
 * SaslServerMechanisms sasl = SaslServerMechanisms.builder()
 *     .scramSha256(users::scramCredentials,
 *         ScramDecoys.of(secretKeptOnDisk, name -> name.toLowerCase(Locale.ROOT), 4096, 16))
 *     .plain(users::checkPassword)
 *     .login(users::checkPassword)
 *     .build();
 * sasl.names(tlsActive);   // for the EHLO AUTH keyword / the CAPA SASL line
 * }</pre>
 *
 * <p>Mechanisms that send a reusable secret in the clear — PLAIN, LOGIN, and the bearer-token mechanisms
 * OAUTHBEARER and XOAUTH2 (RFC 7628 §5, RFC 6750 §5.3 require TLS for bearer tokens) — {@linkplain
 * #requiresEncryption(String) require encryption}: {@link #names(boolean) names(false)} hides them. SCRAM-SHA-256-PLUS
 * (channel binding, RFC 5802 §6) is not offered: a sans-IO library does not see the TLS channel's binding data.
 *
 * <p>Instances are immutable and thread-safe, provided the host's stores and, when given, its
 * {@link RandomGenerator} are.
 */
public final class SaslServerMechanisms {

  /** The default response limit in octets after base64 decoding: RFC 4954 §4's 12 288-octet line, decoded. */
  public static final int DEFAULT_MAX_RESPONSE_LENGTH = 12_288 / 4 * 3;

  private final Map<String, Registration> registrations;

  private SaslServerMechanisms(Map<String, Registration> registrations) {
    this.registrations = Collections.unmodifiableMap(new LinkedHashMap<>(registrations));
  }

  /**
   * Starts a registry with no mechanisms.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the names of all mechanisms, in the order they were added (the host's order of preference)} */
  public List<String> names() {
    return List.copyOf(registrations.keySet());
  }

  /**
   * The names to advertise on a connection.
   *
   * @param plaintextAllowed whether the connection is encrypted (or otherwise trusted, such as loopback); when
   *                         false, mechanisms that {@linkplain #requiresEncryption(String) require encryption} are
   *                         left out
   * @return the names of the mechanisms that may run on the connection, in the order they were added
   */
  public List<String> names(boolean plaintextAllowed) {
    List<String> names = new ArrayList<>();
    registrations.forEach((name, r) -> {
      if (plaintextAllowed || !r.requiresEncryption) {
        names.add(name);
      }
    });
    return List.copyOf(names);
  }

  /**
   * Whether a mechanism sends a reusable secret in the clear and so must only run over an encrypted connection
   * (the engine answers otherwise with {@link SaslFailure#ENCRYPTION_REQUIRED}, RFC 4954 §6).
   *
   * @param name the mechanism name, in any case
   * @return true for a registered mechanism that requires encryption; false otherwise
   */
  public boolean requiresEncryption(String name) {
    Registration r = registrations.get(name.toUpperCase(Locale.ROOT));
    return r != null && r.requiresEncryption;
  }

  /**
   * Creates the server side of one exchange.
   *
   * <p>The mechanism never lets an unchecked exception out of {@link SaslServerMechanism#evaluate(byte[])}: one
   * that throws (a host's credential store, its custom mechanism or factory, a misbehaving challenge supplier) or
   * returns no step ends the exchange with {@link SaslFailure#TEMPORARY_FAILURE}, whose detail names the
   * exception's class and the frame that threw it but never its message. This is the one exception policy of
   * every engine: SMTP answers {@code 454 4.7.0} (RFC 4954 §6), POP3 {@code -ERR [SYS/TEMP]} (RFC 3206 §4), and
   * each logs the detail once with its session id. Host misuse of the exchange itself (evaluating after the end)
   * still throws.
   *
   * @param name the mechanism name from the client's {@code AUTH} command, in any case (RFC 4422 §3.1)
   * @return a fresh mechanism, or empty if the name is not registered (SMTP: 504 5.5.4, RFC 4954 §4)
   */
  public Optional<SaslServerMechanism> create(String name) {
    String key = Objects.requireNonNull(name, "name").toUpperCase(Locale.ROOT);
    Registration r = registrations.get(key);
    return r == null ? Optional.empty() : Optional.of(GuardedMechanism.create(key, r.factory));
  }

  @Override
  public String toString() {
    return "SaslServerMechanisms" + names();
  }

  /** The constructor shape of the mechanisms that take one store, the authorization policy and the limit. */
  @FunctionalInterface
  private interface PlaintextMechanism<T> {
    SaslServerMechanism create(T store, AuthorizationPolicy policy, int maxResponseLength);
  }

  private static final class Registration {
    final boolean requiresEncryption;
    final Supplier<SaslServerMechanism> factory;

    Registration(boolean requiresEncryption, Supplier<SaslServerMechanism> factory) {
      this.requiresEncryption = requiresEncryption;
      this.factory = factory;
    }
  }

  /** Collects the mechanisms (RFC 4422 §3.1), credential stores and sources of time and randomness for a registry. */
  public static final class Builder {

    private final Map<String, Function<Builder, Supplier<SaslServerMechanism>>> factories = new LinkedHashMap<>();
    private final Map<String, Boolean> encryption = new LinkedHashMap<>();
    private AuthorizationPolicy authorization = AuthorizationPolicy.SELF_ONLY;
    private int maxResponseLength = DEFAULT_MAX_RESPONSE_LENGTH;
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random;
    private String hostname = "localhost";
    private Supplier<String> cramMd5Challenges;
    private Supplier<String> scramNonces;

    private Builder() {}

    /**
     * Adds PLAIN (RFC 4616), checking passwords with the host's verifier; requires encryption.
     *
     * @param verifier checks a user's password
     * @return this builder
     */
    public Builder plain(PasswordVerifier verifier) {
      return add("PLAIN", verifier, PlainServer::new);
    }

    /**
     * Adds LOGIN (draft-murchison-sasl-login), checking passwords with the host's verifier; requires encryption.
     *
     * @param verifier checks a user's password
     * @return this builder
     */
    public Builder login(PasswordVerifier verifier) {
      return add("LOGIN", verifier, LoginServer::new);
    }

    /**
     * Adds CRAM-MD5 (RFC 2195). Challenges come from {@link #cramMd5Challenges(Supplier)}, by default
     * {@code <random.epochSeconds@hostname>} from the {@linkplain #clock(Clock) clock},
     * {@linkplain #random(RandomGenerator) random source} and {@linkplain #hostname(String) host name}.
     *
     * @param secrets gives the shared secret of a user
     * @return this builder
     */
    public Builder cramMd5(CramMd5SecretStore secrets) {
      Objects.requireNonNull(secrets, "secrets");
      return add("CRAM-MD5", false, b -> {
        Supplier<String> challenges = b.cramMd5Challenges != null ? b.cramMd5Challenges
            : Defaults.cramMd5Challenges(b.clock, b.random, b.hostname);
        int max = b.maxResponseLength;
        return () -> new CramMd5Server(secrets, challenges, max);
      });
    }

    /**
     * Adds SCRAM-SHA-256 (RFC 7677) with stored keys. Server nonces come from {@link #scramNonces(Supplier)}, by
     * default 18 bytes of the {@linkplain #random(RandomGenerator) random source} in base64.
     *
     * <p>A user name the store does not know is answered with {@code decoys}, keyed by a secret the host keeps, so
     * that it looks like a real user's on every port and across restarts (RFC 5802 §9); the store's
     * {@link ScramCredentialStore#lookup lookup} receives names already normalized by the decoys' normalization.
     *
     * @param store  gives the salted, stored credentials of a user
     * @param decoys what an unknown user is shown, and how user names are normalized
     * @return this builder
     */
    public Builder scramSha256(ScramCredentialStore store, ScramDecoys decoys) {
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(decoys, "decoys");
      return add("SCRAM-SHA-256", false, b -> {
        Supplier<String> nonces = b.scramNonces != null ? b.scramNonces : Defaults.nonces(b.random);
        AuthorizationPolicy policy = b.authorization;
        int max = b.maxResponseLength;
        return () -> new ScramSha256Server(store, decoys, nonces, policy, max);
      });
    }

    /**
     * Adds OAUTHBEARER (RFC 7628), validating tokens with the host's validator; requires encryption.
     *
     * @param validator checks the bearer token and names its identity
     * @return this builder
     */
    public Builder oauthBearer(BearerTokenValidator validator) {
      return add("OAUTHBEARER", validator, OAuthBearerServer::new);
    }

    /**
     * Adds XOAUTH2 (Google's form), validating tokens with the host's validator; requires encryption.
     *
     * @param validator checks the bearer token and names its identity
     * @return this builder
     */
    public Builder xoauth2(BearerTokenValidator validator) {
      return add("XOAUTH2", validator, XOAuth2Server::new);
    }

    /**
     * Adds a mechanism of the host's own.
     *
     * @param name               the mechanism name (RFC 4422 §3.1: 1 to 20 of A-Z, 0-9, {@code -} and {@code _})
     * @param requiresEncryption whether to hide it on unencrypted connections
     * @param factory            makes one fresh mechanism per exchange
     * @return this builder
     */
    public Builder custom(String name, boolean requiresEncryption, Supplier<SaslServerMechanism> factory) {
      Objects.requireNonNull(factory, "factory");
      if (!name.matches("[A-Z0-9_-]{1,20}")) {
        throw new IllegalArgumentException("not a SASL mechanism name (RFC 4422 §3.1): " + name);
      }
      return add(name, requiresEncryption, b -> factory);
    }

    /**
     * Sets who may act as whom (RFC 4422 §3.4.1); by default {@link AuthorizationPolicy#SELF_ONLY}.
     *
     * @param policy decides whether an authenticated identity may act as the requested one
     * @return this builder
     */
    public Builder authorizationPolicy(AuthorizationPolicy policy) {
      this.authorization = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets the longest client response accepted, in decoded octets; longer ones fail with RESPONSE_TOO_LONG.
     *
     * @param octets the limit in decoded octets
     * @return this builder
     */
    public Builder maxResponseLength(int octets) {
      if (octets < 256) {
        throw new IllegalArgumentException("maxResponseLength must be at least 256: " + octets);
      }
      this.maxResponseLength = octets;
      return this;
    }

    /**
     * Sets the clock for the default CRAM-MD5 challenges; by default {@link Clock#systemUTC()}.
     *
     * @param clock the wall clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the random source for default challenges and nonces; by default {@link SecureRandom}.
     *
     * @param random the random source
     * @return this builder
     */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Sets the host name in default CRAM-MD5 challenges; by default {@code localhost}.
     *
     * @param hostname the server's host name
     * @return this builder
     */
    public Builder hostname(String hostname) {
      if (!hostname.matches("[A-Za-z0-9.-]{1,255}")) {
        throw new IllegalArgumentException("not a host name: " + hostname);
      }
      this.hostname = hostname;
      return this;
    }

    /**
     * Replaces the CRAM-MD5 challenge supplier (tests replay RFC 2195 §2 with it).
     *
     * @param challenges supplies each challenge, such as {@code <1896.697170952@postoffice.reston.mci.net>}
     * @return this builder
     */
    public Builder cramMd5Challenges(Supplier<String> challenges) {
      this.cramMd5Challenges = Objects.requireNonNull(challenges, "challenges");
      return this;
    }

    /**
     * Replaces the SCRAM server nonce supplier (tests replay RFC 7677 §3 with it).
     *
     * @param nonces supplies each server nonce: printable ASCII without commas (RFC 5802 §7)
     * @return this builder
     */
    public Builder scramNonces(Supplier<String> nonces) {
      this.scramNonces = Objects.requireNonNull(nonces, "nonces");
      return this;
    }

    /**
     * Builds the registry; the builder's settings apply to every mechanism, whenever they were added.
     *
     * @return the immutable registry
     */
    public SaslServerMechanisms build() {
      if (random == null) {
        random = new SecureRandom();
      }
      Map<String, Registration> registrations = new LinkedHashMap<>();
      factories.forEach((name, f) -> registrations.put(name, new Registration(encryption.get(name), f.apply(this))));
      return new SaslServerMechanisms(registrations);
    }

    /** Adds a mechanism that sends its secret in the clear and takes a credential store and the common settings. */
    private <T> Builder add(String name, T store, PlaintextMechanism<T> constructor) {
      Objects.requireNonNull(store, "credential store");
      return add(name, true, b -> {
        AuthorizationPolicy policy = b.authorization;
        int max = b.maxResponseLength;
        return () -> constructor.create(store, policy, max);
      });
    }

    private Builder add(String name, boolean requiresEncryption, Function<Builder, Supplier<SaslServerMechanism>> f) {
      if (factories.putIfAbsent(name, f) != null) {
        throw new IllegalArgumentException(name + " is already registered");
      }
      encryption.put(name, requiresEncryption);
      return this;
    }
  }
}
