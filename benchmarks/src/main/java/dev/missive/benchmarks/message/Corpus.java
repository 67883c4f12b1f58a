package dev.missive.benchmarks.message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared corpus of RFC 5322 §3 / RFC 2045 MIME test messages ({@code shared/corpus/mime4j-testmsgs/*.msg}, outside
 * the repository as docs/architecture.md, "Test data outside the repository" says), loaded in name order so every run
 * sees one set.
 */
public final class Corpus {

  /** The corpus folder under the shared directory. */
  public static final String SUBDIR = "corpus/mime4j-testmsgs";

  private Corpus() {}

  /**
   * Finds the corpus folder: {@code explicit} when not blank (a corpus folder or the shared directory), else the
   * {@code missive.shared.dir} system property, else {@code ../shared} or {@code ../../shared} from the working
   * directory.
   *
   * @throws IllegalStateException when none holds the corpus
   */
  public static Path locate(String explicit) {
    List<Path> tries = new ArrayList<>();
    if (explicit != null && !explicit.isBlank()) {
      tries.add(Paths.get(explicit));
      tries.add(Paths.get(explicit).resolve(SUBDIR));
    }
    String shared = System.getProperty("missive.shared.dir");
    if (shared != null && !shared.isBlank()) {
      tries.add(Paths.get(shared).resolve(SUBDIR));
    }
    tries.add(Paths.get("..", "shared").resolve(SUBDIR));
    tries.add(Paths.get("..", "..", "shared").resolve(SUBDIR));
    for (Path p : tries) {
      if (Files.isDirectory(p) && hasMessages(p)) {
        return p.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("no corpus of *.msg files found; tried " + tries
        + " (give -p corpus=DIR or -Dmissive.shared.dir=DIR)");
  }

  /** Reads every {@code *.msg} file of {@code dir}, sorted by name. */
  public static byte[][] load(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> msgs = files.filter(p -> p.getFileName().toString().endsWith(".msg")).sorted().toList();
      byte[][] all = new byte[msgs.size()][];
      for (int i = 0; i < all.length; i++) {
        all[i] = Files.readAllBytes(msgs.get(i));
      }
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean hasMessages(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(p -> p.getFileName().toString().endsWith(".msg"));
    } catch (IOException e) {
      return false;
    }
  }
}
