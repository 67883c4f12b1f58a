package dev.missive.examples.server;

import dev.missive.sasl.ScramDecoys;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example server's SCRAM decoy secret ({@link ScramDecoys}, RFC 5802 §9): {@value #LENGTH} random octets in
 * {@value #FILE_NAME} in the data directory, made with {@link SecureRandom} on the first start and readable by the
 * server's user only, then read on every start. One secret for every port and every restart is what makes an unknown
 * user's SCRAM salt as stable as a real one's.
 */
final class DecoySecret {

  /** The file's name in the data directory (a dot file, so no Maildir user can have it as a name). */
  static final String FILE_NAME = ".scram-decoy-secret";
  /** The secret's length in octets. */
  static final int LENGTH = ScramDecoys.MIN_SECRET_LENGTH;

  private static final Logger LOG = LoggerFactory.getLogger(DecoySecret.class);
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private DecoySecret() {}

  /**
   * Reads the secret from {@code dataDir}, or makes it there first: written to a temporary owner-only file, forced
   * to disk, then renamed into place, so a crash never leaves half a secret.
   *
   * @param dataDir the server's data directory (created if missing)
   * @return the {@value #LENGTH} octets
   * @throws IOException if the file cannot be read or made, or is not {@value #LENGTH} octets
   */
  static byte[] loadOrCreate(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    Path file = dataDir.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      create(file);
    }
    if (posix() && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
      LOG.warn("{} was readable by others; made it owner-only", file);
      Files.setPosixFilePermissions(file, OWNER_ONLY);
    }
    byte[] secret = Files.readAllBytes(file);
    if (secret.length != LENGTH) {
      throw new IOException(file + " holds " + secret.length + " octets, not " + LENGTH
          + "; remove it to make a new secret");
    }
    return secret;
  }

  private static void create(Path file) throws IOException {
    byte[] secret = new byte[LENGTH];
    new SecureRandom().nextBytes(secret);
    FileAttribute<?>[] ownerOnly = posix()
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp", ownerOnly);
    try {
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(secret);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // not every platform can force a directory; the rename itself is atomic
    }
    LOG.info("made a new SCRAM decoy secret in {}", file);
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
