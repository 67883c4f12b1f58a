package dev.missive.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a test may use a program from outside the JVM (dnsmasq, Debian's python3 with a module): tests that need
 * one are skipped with a message when it is missing on a developer's machine, and fail when the environment
 * variable {@code CI} is {@code true}, because CI installs every such program (its {@code .ci/run} does).
 */
public final class ExternalTools {

  private ExternalTools() {
  }

  /**
   * Decides for a program that is present or not.
   *
   * @param what    what is missing, for the message ("dnsmasq", "python3-dkim")
   * @param present whether it was found
   * @return {@code present}; a test skips itself (e.g. JUnit's {@code assumeTrue}) when this is false
   * @throws AssertionError when it is missing and {@code CI=true}
   */
  public static boolean availableOrFailOnCi(String what, boolean present) {
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError(what + " is missing on CI; .ci/run installs it");
    }
    return present;
  }

  /**
   * Whether an executable file exists.
   *
   * @param path the program's path
   * @return whether it can be run
   */
  public static boolean isExecutable(Path path) {
    return Files.isRegularFile(path) && Files.isExecutable(path);
  }
}
