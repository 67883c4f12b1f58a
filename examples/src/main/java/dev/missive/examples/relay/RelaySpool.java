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
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's spool: mail accepted for other domains waits here, durable, until the relayer hands it on
 * (RFC 5321 §4.5.4: a server that accepted a message is responsible for it).
 *
 * <p>Layout under the root: {@code tmp/} for messages being received, {@code queue/} for committed ones (a data file
 * {@code ID.eml} and its envelope {@code ID.env}, in {@link RelayEnvelope}'s file form) and {@code failed/} for those
 * refused permanently.
 */
public final class RelaySpool {

  private static final Logger LOG = LoggerFactory.getLogger(RelaySpool.class);
  private static final AtomicLong COUNTER = new AtomicLong();

  private final Path root;
  private final Runnable onCommit;
  private final Clock clock;

  /**
   * Opens (and creates) a spool.
   *
   * @param root     the spool directory
   * @param onCommit called after each commit, to wake the relayer
   */
  public RelaySpool(Path root, Runnable onCommit) throws IOException {
    this(root, onCommit, Clock.systemUTC());
  }

  /**
   * Opens (and creates) a spool whose arrival times come from {@code clock}.
   *
   * @param root     the spool directory
   * @param onCommit called after each commit, to wake the relayer
   * @param clock    the time a message arrives
   */
  public RelaySpool(Path root, Runnable onCommit, Clock clock) throws IOException {
    this.root = root;
    this.onCommit = onCommit;
    this.clock = clock;
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

  /**
   * Starts spooling a message received over SMTP for {@code recipients} (some or all of {@code envelope}'s), keeping
   * every fact of its envelope the relay honours ({@link RelayEnvelope}: deliver-by, priority, release time,
   * SMTPUTF8, each recipient's RRVS and NOTIFY), arrived now.
   *
   * @param envelope   the envelope as the SMTP server engine received it
   * @param recipients the recipients this spool takes the message for
   * @return the submission to write the message into
   */
  public Submission begin(dev.missive.smtp.Envelope envelope, List<AddrSpec> recipients) throws IOException {
    String sender = envelope.reversePath().mailbox().map(Object::toString).orElse("");
    return begin(RelaySmtpHandler.relayEnvelope(envelope, sender, recipients, clock.instant()));
  }

  /** Starts spooling a message with the facts of {@code envelope} (its arrival time included). */
  public Submission begin(RelayEnvelope envelope) throws IOException {
    String id = clock.millis() + "." + ProcessHandle.current().pid() + "." + COUNTER.incrementAndGet();
    return new Submission(id, envelope);
  }

  /** {@return the time this spool's messages arrive at} */
  public Instant now() {
    return clock.instant();
  }

  /**
   * The committed messages waiting to be relayed, in the order of their ids (oldest first). An envelope that cannot
   * be read is left where it is, with a warning; a bounce's marking a crash cut short is finished first.
   */
  public List<SpooledMessage> queued() throws IOException {
    Map<String, SpooledMessage> byId = read();
    finishMarkings(byId, List.copyOf(byId.values()));
    List<SpooledMessage> result = new ArrayList<>(byId.values());
    result.sort(java.util.Comparator.comparing(SpooledMessage::id));
    return result;
  }

  /**
   * Finishes the markings of this spool's messages that the reports queued in {@code reports} (the relay's spool,
   * when this one holds mail apart from it) record and a crash left undone; call it before anything sends from
   * {@code reports}.
   *
   * @param reports the spool the reports about this spool's messages are queued in
   */
  void finishMarkingsFrom(RelaySpool reports) throws IOException {
    finishMarkings(read(), reports.queued());
  }

  private Map<String, SpooledMessage> read() throws IOException {
    Map<String, SpooledMessage> byId = new HashMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(root.resolve("queue"), "*.env")) {
      for (Path env : files) {
        String name = env.getFileName().toString();
        String id = name.substring(0, name.length() - ".env".length());
        Path data = root.resolve("queue").resolve(id + ".eml");
        try {
          RelayEnvelope e = RelayEnvelope.parse(Files.readAllLines(env, StandardCharsets.UTF_8),
              Files.getLastModifiedTime(Files.exists(data) ? data : env).toInstant());
          byId.put(id, new SpooledMessage(id, e, data));
        } catch (IllegalArgumentException e) {
          LOG.warn("spooled envelope {} cannot be read, left in place: {}", env, e.getMessage());
        }
      }
    }
    return byId;
  }

  /** Applies each bounce's report in {@code bounces} to its message, where a crash left that undone (idempotent). */
  private void finishMarkings(Map<String, SpooledMessage> byId, List<SpooledMessage> bounces) throws IOException {
    for (SpooledMessage bounce : bounces) {
      if (bounce.envelope().dsnFor().isEmpty()) {
        continue;
      }
      RelayEnvelope.DsnFor d = bounce.envelope().dsnFor().get();
      SpooledMessage m = byId.get(d.messageId());
      if (m == null) {
        continue;
      }
      if (d.kind().equals(RelayEnvelope.FAILED) || d.kind().equals(RelayEnvelope.RELAYED)) {
        Set<String> left = new HashSet<>(m.recipients());
        left.removeAll(d.recipients());
        if (left.isEmpty() && d.kind().equals(RelayEnvelope.RELAYED)) {
          done(m); // handed on: its "relayed" report is queued
          byId.remove(m.id());
        } else if (left.isEmpty()) {
          failed(m, "bounced: " + d.recipients());
          byId.remove(m.id());
        } else if (left.size() < m.recipients().size()) {
          byId.put(m.id(), retain(m, List.copyOf(left)));
        }
      } else if (!m.envelope().notified().contains(d.kind())) {
        byId.put(m.id(), update(m, m.envelope().withNotice(d.kind())));
      }
    }
  }

  /**
   * A queued message as its envelope file says now (after changes made since it was listed).
   *
   * @param message the message as listed
   * @return the message, or empty if it left the queue or its envelope cannot be read
   */
  public java.util.Optional<SpooledMessage> reload(SpooledMessage message) throws IOException {
    Path env = root.resolve("queue").resolve(message.id() + ".env");
    if (!Files.exists(env) || !Files.exists(message.data())) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(new SpooledMessage(message.id(), RelayEnvelope.parse(
          Files.readAllLines(env, StandardCharsets.UTF_8), message.envelope().arrival()), message.data()));
    } catch (IllegalArgumentException e) {
      LOG.warn("spooled envelope {} cannot be read: {}", env, e.getMessage());
      return java.util.Optional.empty();
    }
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
    return update(message, message.envelope().retaining(recipients));
  }

  /** Replaces a queued message's envelope atomically (a notice recorded, recipients taken off). */
  public SpooledMessage update(SpooledMessage message, RelayEnvelope envelope) throws IOException {
    writeEnvelope(message.id(), envelope);
    return new SpooledMessage(message.id(), envelope, message.data());
  }

  /** Queues a message made here (a bounce), durable when this returns. */
  public void enqueue(String reversePath, List<AddrSpec> recipients, byte[] content) throws IOException {
    enqueue(RelayEnvelope.of(reversePath, recipients.stream().map(AddrSpec::toString).toList(), clock.instant()),
        content);
  }

  /** Queues a message made here with its envelope (a bounce and what it reports on), durable when this returns. */
  public void enqueue(RelayEnvelope envelope, byte[] content) throws IOException {
    Submission s = begin(envelope);
    try {
      s.write(ByteBuffer.wrap(content));
      s.commit();
    } finally {
      s.abort();
    }
  }

  private void writeEnvelope(String id, RelayEnvelope envelope) throws IOException {
    String env = envelope.toText();
    Path envTmp = root.resolve("tmp").resolve(id + ".env");
    try (FileChannel f = FileChannel.open(envTmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      f.write(ByteBuffer.wrap(env.getBytes(StandardCharsets.UTF_8)));
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
    private final RelayEnvelope envelope;
    private final Path tmp;
    private final FileChannel channel;
    private boolean done;

    private Submission(String id, RelayEnvelope envelope) throws IOException {
      this.id = id;
      this.envelope = envelope;
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
      writeEnvelope(id, envelope);
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
   * @param id       spool id
   * @param envelope its envelope and the extensions' facts
   * @param data     the message file
   */
  public record SpooledMessage(String id, RelayEnvelope envelope, Path data) {

    /** {@return the reverse path without angle brackets, empty for the null reverse path} */
    public String reversePath() {
      return envelope.reversePath();
    }

    /** {@return the recipient mailboxes without angle brackets} */
    public List<String> recipients() {
      return envelope.mailboxes();
    }
  }
}
