package dev.missive.pop3.client;

import dev.missive.sasl.SaslClientMechanism;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How the POP3 client engine logs in during the AUTHORIZATION state: USER and PASS (RFC 1939 §7), APOP
 * (RFC 1939 §7) or AUTH with a SASL mechanism (RFC 5034 §4).
 *
 * <p>User names and secrets go on the wire (UTF-8 encoded), so they are refused at construction when they hold
 * CR, LF or NUL (docs/architecture.md, "Values on the wire"; docs/security.md, "Line breaks hidden in addresses");
 * secrets never appear in {@code toString()}.
 */
public sealed interface Pop3Login {

  /** {@return the method's name as events report it: {@code USER}, {@code APOP} or {@code AUTH <mechanism>}} */
  String method();

  /**
   * Whether the credentials hold text outside US-ASCII, which a server takes only in UTF-8 mode (RFC 6856 §3);
   * SASL mechanisms encode their own payloads, so never for {@link Sasl}.
   *
   * @return whether the login needs the UTF8 command first
   */
  default boolean needsUtf8() {
    if (this instanceof UserPass u) {
      return !Arguments.isAscii(u.user()) || !Arguments.isAscii(u.password());
    }
    if (this instanceof Apop a) {
      return !Arguments.isAscii(a.user()) || !Arguments.isAscii(a.secret());
    }
    return false;
  }

  /**
   * USER and PASS (RFC 1939 §7).
   *
   * @param user     the user name
   * @param password the password
   * @return the login
   */
  static Pop3Login userPass(String user, String password) {
    return new UserPass(user, password);
  }

  /**
   * APOP with the shared secret (RFC 1939 §7).
   *
   * @param user   the user name
   * @param secret the shared secret
   * @return the login
   */
  static Pop3Login apop(String user, String secret) {
    return new Apop(user, secret);
  }

  /**
   * AUTH (RFC 5034) with a fresh mechanism from {@code mechanisms} for each session.
   *
   * @param name       the mechanism name, such as {@code SCRAM-SHA-256}
   * @param mechanisms makes a fresh client mechanism
   * @return the login
   */
  static Pop3Login sasl(String name, Supplier<SaslClientMechanism> mechanisms) {
    return new Sasl(name, mechanisms);
  }

  /**
   * USER and PASS (RFC 1939 §7): the user name, then the password, each on its own command line.
   *
   * @param user     the mailbox name, not empty
   * @param password the password, which may hold spaces
   */
  record UserPass(String user, String password) implements Pop3Login {

    /**
     * Refuses empty names and CR, LF or NUL in either value.
     *
     * @param user     the mailbox name, not empty
     * @param password the password, which may hold spaces
     */
    public UserPass {
      Arguments.requireText(user, "user", false);
      Arguments.requireText(password, "password", true);
    }

    @Override
    public String method() {
      return "USER";
    }

    @Override
    public String toString() {
      return "UserPass[user=" + user + ", password=***]";
    }
  }

  /**
   * APOP (RFC 1939 §7): the user name and the MD5 digest of the greeting's timestamp followed by the secret.
   *
   * @param user   the mailbox name, not empty, without spaces
   * @param secret the shared secret
   */
  record Apop(String user, String secret) implements Pop3Login {

    /**
     * Refuses empty names, names with spaces, and CR, LF or NUL in either value.
     *
     * @param user   the mailbox name, not empty, without spaces
     * @param secret the shared secret
     */
    public Apop {
      Arguments.requireText(user, "user", false);
      Arguments.requireText(secret, "secret", true);
      if (user.indexOf(' ') >= 0) {
        throw new IllegalArgumentException("an APOP user name cannot hold a space");
      }
    }

    @Override
    public String method() {
      return "APOP";
    }

    @Override
    public String toString() {
      return "Apop[user=" + user + ", secret=***]";
    }
  }

  /**
   * AUTH with a SASL mechanism (RFC 5034 §4).
   *
   * @param name       the mechanism name as sent, such as {@code SCRAM-SHA-256} (RFC 4422 §3.1 syntax)
   * @param mechanisms makes the mechanism for one attempt; its {@code name()} must equal {@code name}
   */
  record Sasl(String name, Supplier<SaslClientMechanism> mechanisms) implements Pop3Login {

    /**
     * Checks the mechanism name's syntax: 1–20 upper-case letters, digits, hyphens or underscores.
     *
     * @param name       the mechanism name as sent, such as {@code SCRAM-SHA-256} (RFC 4422 §3.1 syntax)
     * @param mechanisms makes the mechanism for one attempt; its {@code name()} must equal {@code name}
     */
    public Sasl {
      Objects.requireNonNull(mechanisms, "mechanisms");
      Objects.requireNonNull(name, "name");
      if (name.isEmpty() || name.length() > 20 || !name.chars().allMatch(
          c -> (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
        throw new IllegalArgumentException("not a SASL mechanism name (RFC 4422 §3.1)");
      }
    }

    @Override
    public String method() {
      return "AUTH " + name;
    }

    @Override
    public String toString() {
      return "Sasl[" + name + "]";
    }
  }
}
