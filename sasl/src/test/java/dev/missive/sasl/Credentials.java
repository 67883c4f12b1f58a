package dev.missive.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** An in-memory user table for tests, serving every credential interface of the module. */
final class Credentials implements PasswordVerifier, CramMd5SecretStore, ScramCredentialStore {

  static final byte[] SALT = java.util.Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
  /** Decoys for this table: a fixed secret, names matched exactly, 4096 iterations and 16-octet salts as above. */
  static final ScramDecoys DECOYS = ScramDecoys.of(new byte[32], java.util.function.UnaryOperator.identity(), 4096,
      SALT.length);

  private final Map<String, String> passwords = new HashMap<>();
  private final Map<String, ScramCredentials> scram = new HashMap<>();
  boolean unavailable;
  int lookups;

  Credentials with(String user, String password) {
    passwords.put(user, password);
    scram.put(user, ScramCredentials.derive(password, SALT, 4096));
    return this;
  }

  @Override
  public boolean verify(String authenticationId, char[] password) throws CredentialsUnavailableException {
    check();
    String expected = passwords.get(authenticationId);
    return expected != null && Arrays.equals(expected.toCharArray(), password);
  }

  @Override
  public Optional<byte[]> secret(String user) throws CredentialsUnavailableException {
    check();
    return Optional.ofNullable(passwords.get(user)).map(p -> p.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public Optional<ScramCredentials> lookup(String username) throws CredentialsUnavailableException {
    check();
    return Optional.ofNullable(scram.get(username));
  }

  private void check() throws CredentialsUnavailableException {
    lookups++;
    if (unavailable) {
      throw new CredentialsUnavailableException("test store is down", null);
    }
  }
}
