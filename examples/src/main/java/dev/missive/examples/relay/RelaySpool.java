package dev.missive.examples.relay;

import dev.missive.message.address.AddrSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The relay's spool: mail accepted for other domains waits here, durable, until the relayer hands it on
 * (RFC 5321 §4.5.4: a server that accepted a message is responsible for it).
 *
 * <p>Layout under the root: {@code tmp/} for messages being received, {@code queue/} for committed ones (a data file
 * {@code ID.eml} and its envelope {@code ID.env}: the reverse path on the first line (empty for {@code <>}), one
 * forward path per line
 * after it, without angle brackets) and {@code failed/} for those refused permanently.
 */
public final class RelaySpool {

  private static final AtomicLong COUNTER = new AtomicLong();

  private final Path root;
  private final Runnable onCommit;

  /**
   * Opens (and creates) a spool.
   *
   * @param root     the spool directory
   * @param onCommit called after each commit, to wake the relayer
   */
  public RelaySpool(Path root, Runnable onCommit) throws IOException {
    this.root = root;
    this.onCommit = onCommit;
    for (String sub : new String[] {"tmp", "queue", "failed"}) {
      Files.createDirectories(root.resolve(sub));
    }
    // what is left in tmp/ was never acknowledged (the process died before its 250): drop it
    try (DirectoryStream<Path> stale = Files.newDirectoryStream(root.resolve("tmp"))) {
      for (Path p : stale) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Starts spooling a message from {@code reversePath} (a mailbox without brackets, or empty for the null path). */
  public Submission begin(String reversePath, List<AddrSpec> recipients) throws IOException {
    String id = System.currentTimeMillis() + "." + ProcessHandle.current().pid() + "." + COUNTER.incrementAndGet();
    return new Submission(id, reversePath, List.copyOf(recipients));
  }

  /** The committed messages waiting to be relayed, oldest first. */
  public List<SpooledMessage> queued() throws IOException {
    List<SpooledMessage> result = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(root.resolve("queue"), "*.env")) {
      for (Path env : files) {
        List<String> lines = Files.readAllLines(env, StandardCharsets.UTF_8);
        String name = env.getFileName().toString();
        String id = name.substring(0, name.length() - ".env".length());
        if (lines.size() >= 2) {
          result.add(new SpooledMessage(id, lines.get(0), List.copyOf(lines.subList(1, lines.size())),
              root.resolve("queue").resolve(id + ".eml")));
        }
      }
    }
    result.sort(java.util.Comparator.comparing(SpooledMessage::id));
    return result;
  }

  /** Removes a message that was handed on. */
  public void done(SpooledMessage message) throws IOException {
    Files.deleteIfExists(message.data());
    Files.deleteIfExists(root.resolve("queue").resolve(message.id() + ".env"));
  }

  /**
   * Keeps only {@code recipients} in a queued message's envelope (the others were delivered or bounced), replacing
   * its envelope file atomically.
   */
  public SpooledMessage retain(SpooledMessage message, List<String> recipients) throws IOException {
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("a queued message needs a recipient; use done() instead");
    }
    writeEnvelope(message.id(), message.reversePath(), recipients);
    return new SpooledMessage(message.id(), message.reversePath(), List.copyOf(recipients), message.data());
  }

  /** Queues a message made here (a bounce), durable when this returns. */
  public void enqueue(String reversePath, List<AddrSpec> recipients, byte[] content) throws IOException {
    Submission s = begin(reversePath, recipients);
    try {
      s.write(ByteBuffer.wrap(content));
      s.commit();
    } finally {
      s.abort();
    }
  }

  private void writeEnvelope(String id, String reversePath, List<?> recipients) throws IOException {
    StringBuilder env = new StringBuilder(reversePath).append('\n');
    for (Object r : recipients) {
      env.append(r).append('\n');
    }
    Path envTmp = root.resolve("tmp").resolve(id + ".env");
    try (FileChannel f = FileChannel.open(envTmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      f.write(ByteBuffer.wrap(env.toString().getBytes(StandardCharsets.UTF_8)));
      f.force(true);
    }
    Files.move(envTmp, root.resolve("queue").resolve(id + ".env"), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    forceDirectory(root.resolve("queue"));
  }

  /** Forces a directory's entries (the renames into it) to disk, where the platform allows it. */
  private static void forceDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not every platform can open a directory (Windows); the rename itself is still atomic
    }
  }

  /**
   * Moves a permanently refused message to {@code failed/}, with the reason beside it. The envelope leaves
   * {@code queue/} last, so whoever sees the message gone from the queue finds all three files in {@code failed/}
   * (and a crash half-way leaves it queued, to be tried again).
   */
  public void failed(SpooledMessage message, String reason) throws IOException {
    Path failed = root.resolve("failed");
    Files.writeString(failed.resolve(message.id() + ".reason"), reason + "\n", StandardCharsets.UTF_8);
    Files.move(message.data(), failed.resolve(message.id() + ".eml"), StandardCopyOption.REPLACE_EXISTING);
    Files.move(root.resolve("queue").resolve(message.id() + ".env"), failed.resolve(message.id() + ".env"),
        StandardCopyOption.REPLACE_EXISTING);
  }

  /** One message being spooled. */
  public final class Submission {
    private final String id;
    private final String reversePath;
    private final List<AddrSpec> recipients;
    private final Path tmp;
    private final FileChannel channel;
    private boolean done;

    private Submission(String id, String reversePath, List<AddrSpec> recipients) throws IOException {
      this.id = id;
      this.reversePath = reversePath;
      this.recipients = recipients;
      this.tmp = root.resolve("tmp").resolve(id + ".eml");
      this.channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /** Appends message bytes. */
    public void write(ByteBuffer bytes) throws IOException {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    }

    /** Makes the message durable and queues it. */
    public void commit() throws IOException {
      channel.force(true);
      channel.close();
      // data first, envelope last: queued() lists envelopes, so a message is queued whole or not at all
      Files.move(tmp, root.resolve("queue").resolve(id + ".eml"), StandardCopyOption.ATOMIC_MOVE);
      writeEnvelope(id, reversePath, recipients);
      done = true;
      onCommit.run();
    }

    /** Drops the partial message. */
    public void abort() {
      if (done) {
        return;
      }
      done = true;
      try {
        channel.close();
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // best effort
      }
    }
  }

  /**
   * A queued message.
   *
   * @param id          spool id
   * @param reversePath the reverse path in wire form
   * @param recipients  forward paths in wire form
   * @param data        the message file
   */
  public record SpooledMessage(String id, String reversePath, List<String> recipients, Path data) {}
}
