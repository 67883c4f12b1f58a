package dev.missive.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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

  /**
   * Runs a program to its end and returns what it printed (standard output and error together).
   *
   * @param dir     the working directory
   * @param timeout the longest it may run; it is killed then
   * @param command the program and its arguments
   * @return everything it printed
   * @throws IOException          if it cannot be started
   * @throws InterruptedException if the wait is interrupted
   * @throws AssertionError       if it exits with another status than 0 or runs past {@code timeout} (the message
   *                              holds its output)
   */
  public static String run(Path dir, Duration timeout, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
      try (InputStream in = p.getInputStream()) {
        return in.readAllBytes();
      } catch (IOException e) {
        return ("(output lost: " + e + ")").getBytes(StandardCharsets.UTF_8);
      }
    });
    boolean ended = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    String text = new String(output.join(), StandardCharsets.UTF_8);
    if (!ended || p.exitValue() != 0) {
      throw new AssertionError(command[0] + (ended ? " exited with " + p.exitValue() : " ran past " + timeout)
          + ":\n" + text);
    }
    return text;
  }
}
