package dev.missive.imap.host;

import dev.missive.imap.Envelope;
import dev.missive.imap.Flag;
import dev.missive.imap.Section;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.client.ImapClient;
import dev.missive.imap.client.ImapClientEvent;
import dev.missive.imap.command.FetchItem;
import dev.missive.imap.response.FetchAttribute;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link ImapSession}'s fetches (UID FETCH, RFC 9051 §6.4.5): summaries without bodies, and sections streamed chunk by
 * chunk to an {@link OutputStream} or, through a temporary file moved into place once complete, to a {@link Path}.
 */
final class MessageFetcher {

  private final SessionDriver driver;
  private final ImapClient client;
  private final byte[] copy = new byte[16 * 1024];

  MessageFetcher(SessionDriver driver) {
    this.driver = driver;
    this.client = driver.engine();
  }

  List<MessageSummary> summaries(SequenceSet uids) throws IOException {
    List<MessageSummary> out = new ArrayList<>();
    String tag = client.fetch(true, uids, FetchItem.Simple.UID, FetchItem.Simple.FLAGS,
        FetchItem.Simple.RFC822_SIZE, FetchItem.Simple.ENVELOPE);
    ImapSession.check("UID FETCH", driver.await(tag, e -> {
      if (e instanceof ImapClientEvent.Fetched f && f.uid().isPresent()) {
        summary(f).ifPresent(out::add);
      }
    }));
    return out;
  }

  private static Optional<MessageSummary> summary(ImapClientEvent.Fetched f) {
    List<Flag> flags = List.of();
    long size = -1;
    Envelope envelope = null;
    for (FetchAttribute a : f.attributes()) {
      if (a instanceof FetchAttribute.Flags fl) {
        flags = fl.flags();
      } else if (a instanceof FetchAttribute.Rfc822Size s) {
        size = s.size();
      } else if (a instanceof FetchAttribute.EnvelopeData en) {
        envelope = en.envelope();
      }
    }
    return envelope == null ? Optional.empty()
        : Optional.of(new MessageSummary(f.uid().getAsLong(), flags, size, envelope));
  }

  /** BODY.PEEK[section] of one message to {@code out}: whether the server had the message. */
  boolean section(long uid, Section section, OutputStream out) throws IOException {
    FetchItem item = new FetchItem.BodySection(section, Optional.empty(), true);
    boolean[] found = {false};
    IOException[] failed = {null};
    String tag = client.fetch(true, SequenceSet.of(uid), FetchItem.Simple.UID, item);
    ImapSession.check("UID FETCH", driver.await(tag, e -> {
      if (e instanceof ImapClientEvent.SectionChunk c && failed[0] == null) {
        found[0] = true;
        try {
          write(c.bytes(), out);
        } catch (IOException x) {
          failed[0] = x;
        }
      } else if (e instanceof ImapClientEvent.SectionStart) {
        found[0] = true;
      }
    }));
    if (failed[0] != null) {
      throw failed[0];
    }
    return found[0];
  }

  /** The whole message to {@code file} through a temporary file: whether the server had the message. */
  boolean message(long uid, Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, ".imap-", ".tmp");
    try {
      boolean found;
      try (OutputStream out = Files.newOutputStream(tmp)) {
        found = section(uid, Section.WHOLE, out);
      }
      if (found) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      return found;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Writes a chunk, a read-only view of the read buffer, through a small copy buffer. */
  private void write(ByteBuffer chunk, OutputStream out) throws IOException {
    ByteBuffer b = chunk.duplicate();
    while (b.hasRemaining()) {
      int n = Math.min(copy.length, b.remaining());
      b.get(copy, 0, n);
      out.write(copy, 0, n);
    }
  }
}
