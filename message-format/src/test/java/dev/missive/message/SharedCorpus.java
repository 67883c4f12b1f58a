package dev.missive.message;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Test helper: the shared corpus beside the repository ({@code ../shared/corpus}, given as the system property
 * {@code missive.shared.dir}); a test that needs it is skipped with a message when it is absent, and fails when
 * the environment variable {@code CI} is {@code true}.
 */
public final class SharedCorpus {

  private SharedCorpus() {
  }

  /** {@return the directory of Apache Mime4j's test messages, or skips the calling test} */
  public static Path mime4jTestMessages() {
    String shared = System.getProperty("missive.shared.dir");
    Path dir = shared == null ? null : Path.of(shared, "corpus", "mime4j-testmsgs");
    boolean present = dir != null && Files.isDirectory(dir);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("corpus missing on CI: " + dir);
    }
    Assumptions.assumeTrue(present, "skipped: Mime4j corpus not found at " + dir);
    return dir;
  }

  /**
   * {@return the {@code .msg} files of Mime4j's test messages, sorted, or skips the calling test}
   *
   * @throws IOException if the directory cannot be listed
   */
  public static List<Path> mime4jMessages() throws IOException {
    try (Stream<Path> s = Files.list(mime4jTestMessages())) {
      return s.filter(p -> p.toString().endsWith(".msg")).sorted().collect(Collectors.toList());
    }
  }
}
