package dev.missive.imap.client;

import dev.missive.sasl.SaslClientMechanism;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How the {@link ImapClient} authenticates (RFC 9051 §6.2): LOGIN with a password, AUTHENTICATE with a SASL
 * mechanism from the sasl module (PLAIN, SCRAM-SHA-256, XOAUTH2, OAUTHBEARER, …), or nothing when the server
 * greets with PREAUTH.
 */
public sealed interface ImapLogin {

  /** {@return how the login shows in events: {@code LOGIN}, {@code AUTHENTICATE <name>} or {@code PREAUTH}} */
  String method();

  /**
   * LOGIN (RFC 9051 §6.2.3); refused by the client before TLS unless the configuration allows it.
   *
   * @param user     the user name
   * @param password the password
   * @return the login
   */
  static ImapLogin password(String user, String password) {
    return new Password(user, password);
  }

  /**
   * AUTHENTICATE with a SASL mechanism (RFC 9051 §6.2.2, RFC 4959 SASL-IR when offered).
   *
   * @param name       the mechanism's name as the server lists it ({@code AUTH=name})
   * @param mechanisms makes a fresh mechanism for the exchange
   * @return the login
   */
  static ImapLogin sasl(String name, Supplier<SaslClientMechanism> mechanisms) {
    return new Sasl(name, mechanisms);
  }

  /** {@return no login: the server must greet with PREAUTH (RFC 9051 §7.1.4)} */
  static ImapLogin preauthenticated() {
    return new PreAuthenticated();
  }

  /**
   * LOGIN with a user name and password.
   *
   * @param user     the user name
   * @param password the password
   */
  record Password(String user, String password) implements ImapLogin {
    /**
     * Checks the values.
     *
     * @param user     the user name
     * @param password the password
     */
    public Password {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String method() {
      return "LOGIN";
    }

    /** Never shows the password. */
    @Override
    public String toString() {
      return "Password[user=" + user + ", password=***]";
    }
  }

  /**
   * AUTHENTICATE with a SASL mechanism.
   *
   * @param name       the mechanism's name in upper case
   * @param mechanisms makes a fresh mechanism for each exchange
   */
  record Sasl(String name, Supplier<SaslClientMechanism> mechanisms) implements ImapLogin {
    /**
     * Checks the values.
     *
     * @param name       the mechanism's name
     * @param mechanisms the mechanism factory
     */
    public Sasl {
      Objects.requireNonNull(mechanisms, "mechanisms");
      Objects.requireNonNull(name, "name");
      if (name.isEmpty() || name.length() > 20 || !name.chars().allMatch(
          c -> (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
        throw new IllegalArgumentException("not a SASL mechanism name (RFC 4422 §3.1): " + name);
      }
    }

    @Override
    public String method() {
      return "AUTHENTICATE " + name;
    }
  }

  /** No login: the server greets with PREAUTH. */
  record PreAuthenticated() implements ImapLogin {
    @Override
    public String method() {
      return "PREAUTH";
    }
  }
}
