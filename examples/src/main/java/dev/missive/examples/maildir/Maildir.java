package dev.missive.examples.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A tree of Maildirs, one per user: {@code root/<user>/{tmp,new,cur}} (the Maildir format of qmail, with the
 * Maildir++ {@code ,S=} and {@code ,W=} size fields Dovecot uses).
 *
 * <p>Delivery is durable before it is acknowledged: the message is written to {@code tmp/}, forced to disk,
 * renamed into {@code new/}, and the directory is forced too; only then may the SMTP server answer 250. The
 * {@code ,W=} field records the message size with CRLF line endings, which is what POP3 must report
 * (RFC 1939 §11), so listing a mailbox never reads the messages.
 */
public final class Maildir {

  private static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final AtomicLong COUNTER = new AtomicLong();

  private final Path root;
  private final String hostname;
  private volatile Consumer<String> deliveryListener = user -> { };

  /**
   * Opens (and creates if needed) a Maildir tree.
   *
   * @param root     the directory that holds one Maildir per user
   * @param hostname the host name used in unique file names
   */
  public Maildir(Path root, String hostname) {
    this.root = root;
    this.hostname = hostname.replace('/', '_').replace(':', '_');
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@code user} is a safe mailbox name (no path tricks). */
  public static boolean isValidUser(String user) {
    return USER.matcher(user).matches() && !user.contains("..");
  }

  /** The Maildir of {@code user}, created with its three folders if missing. */
  public Path mailbox(String user) throws IOException {
    if (!isValidUser(user)) {
      throw new IllegalArgumentException("not a valid mailbox name: " + user);
    }
    Path box = root.resolve(user);
    for (String sub : new String[] {"tmp", "new", "cur"}) {
      Files.createDirectories(box.resolve(sub));
    }
    return box;
  }

  /**
   * Sets what is told of each committed delivery (an IMAP store wakes the sessions that selected the INBOX).
   *
   * @param listener called with the user's name after the message is durable and visible
   */
  public void onDelivery(Consumer<String> listener) {
    this.deliveryListener = java.util.Objects.requireNonNull(listener, "listener");
  }

  /** Starts a delivery to {@code user}; write the message, then {@link Delivery#commit()} or {@link Delivery#abort()}. */
  public Delivery begin(String user) throws IOException {
    Path box = mailbox(user);
    return new Delivery(box, uniqueName(), () -> deliveryListener.accept(box.getFileName().toString()));
  }

  /**
   * A new unique file name, in the Maildir form {@code time.MusecPpidQn.host}: the microseconds of the same
   * wall-clock instant, zero-padded, so that names sort in delivery order (list() relies on it; POP3 numbers messages
   * in that order, IMAP gives UIDs in it).
   *
   * @return the name, unique in this process and, with the process id and host, among writers of the Maildir
   */
  public String uniqueName() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() + ".M" + String.format("%06d", now.getNano() / 1000)
        + "P" + ProcessHandle.current().pid() + "Q" + COUNTER.incrementAndGet() + "." + hostname;
  }

  /** The messages of {@code user} in {@code new/} and {@code cur/}, oldest first. */
  public List<MaildirMessage> list(String user) throws IOException {
    Path box = mailbox(user);
    List<MaildirMessage> messages = new ArrayList<>();
    for (String sub : new String[] {"new", "cur"}) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(box.resolve(sub))) {
        for (Path file : files) {
          if (!file.getFileName().toString().startsWith(".")) {
            messages.add(MaildirMessage.of(file));
          }
        }
      }
    }
    messages.sort(Comparator.comparing(MaildirMessage::uniqueName));
    return messages;
  }

  /**
   * Opens a message's content, found by its unique name if an IMAP session renamed it since it was listed (moved
   * from {@code new/} to {@code cur/}, or its flags changed).
   */
  public InputStream open(MaildirMessage message) throws IOException {
    try {
      return Files.newInputStream(message.file());
    } catch (NoSuchFileException moved) {
      return Files.newInputStream(current(message).orElseThrow(() -> moved));
    }
  }

  /**
   * Deletes a message, under its current name if an IMAP session renamed it since it was listed; one already gone
   * counts as deleted.
   */
  public void delete(MaildirMessage message) throws IOException {
    Path file = message.file();
    try {
      Files.delete(file);
    } catch (NoSuchFileException moved) {
      Optional<Path> now = current(message);
      if (now.isEmpty()) {
        return; // another session removed it: the outcome the caller wanted
      }
      file = now.get();
      Files.deleteIfExists(file);
    }
    AtomicFiles.forceDirectory(file.getParent());
  }

  /** The message's file now: the same unique name in {@code cur/} or {@code new/}, whatever its info. */
  private static Optional<Path> current(MaildirMessage message) throws IOException {
    Path box = message.file().getParent().getParent();
    for (String sub : new String[] {"cur", "new"}) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(box.resolve(sub),
          p -> p.getFileName().toString().startsWith(message.uniqueName()))) {
        for (Path file : files) {
          if (MaildirMessage.of(file).uniqueName().equals(message.uniqueName())) {
            return Optional.of(file);
          }
        }
      }
    }
    return Optional.empty();
  }

  /** One message being written into {@code tmp/}. */
  public static final class Delivery implements AutoCloseable {
    private final Path box;
    private final String unique;
    private final Path tmp;
    private final FileChannel channel;
    private final CrlfSizeCounter counter = new CrlfSizeCounter();
    private final Runnable listener;
    private boolean done;

    private Delivery(Path box, String unique, Runnable listener) throws IOException {
      this.box = box;
      this.listener = listener;
      this.unique = unique;
      this.tmp = box.resolve("tmp").resolve(unique);
      this.channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /** Appends bytes of the message. */
    public void write(ByteBuffer bytes) throws IOException {
      counter.count(bytes.duplicate());
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    }

    /** Appends bytes of the message. */
    public void write(byte[] bytes) throws IOException {
      write(ByteBuffer.wrap(bytes));
    }

    /**
     * Makes the message durable and visible: force the file, rename it into {@code new/}, force the directory.
     *
     * @return the delivered file
     */
    public Path commit() throws IOException {
      channel.force(true);
      long size = channel.size();
      channel.close();
      Path target = box.resolve("new").resolve(unique + ",S=" + size + ",W=" + counter.crlfSize());
      AtomicFiles.move(tmp, target);
      AtomicFiles.forceDirectory(target.getParent());
      done = true;
      listener.run();
      return target;
    }

    /** Drops the partial message. */
    public void abort() {
      if (!done) {
        done = true;
        try {
          channel.close();
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: a stale tmp file is harmless and cleaned by Maildir readers after 36 hours
        }
      }
    }

    @Override
    public void close() {
      abort();
    }
  }
}
