package dev.missive.imap.host;

import dev.missive.imap.Flag;
import dev.missive.imap.Section;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.client.ClientMailbox;
import dev.missive.imap.client.CommandResult;
import dev.missive.imap.client.ImapClient;
import dev.missive.imap.client.ImapClientEvent;
import dev.missive.imap.command.SearchKey;
import dev.missive.imap.command.StoreAction;
import dev.missive.imap.response.UntaggedResponse;
import dev.missive.message.builder.MessageBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reading a mailbox over IMAP in a few lines, on the calling thread: connect (STARTTLS on 143 or implicit TLS on 993,
 * the certificate verified), log in with a password or an OAuth 2.0 token, list folders, select, search, fetch
 * summaries and messages to an {@link OutputStream} or a {@link Path}, set flags, move, append, wait for new
 * mail with IDLE (RFC 9051 §6.3.13), re-issued before the server's 30-minute limit, and bring a cached mailbox up to
 * date with {@link #resync} (RFC 7162 §6). {@link ImapSessionBuilder#compression} compresses the session (RFC 4978).
 *
 * <pre>{@code
 * try (ImapSession imap = ImapSession.builder("imap.example.org").password("alice", secret).connect()) {
 *   imap.select("INBOX");
 *   for (long uid : imap.search(SearchCriteria.unseen())) {
 *     imap.fetchMessage(uid, Path.of("mail", uid + ".eml"));
 *     imap.addFlags(uid, Flag.SEEN);
 *   }
 *   imap.waitForNewMail(Duration.ofMinutes(5));
 * }
 * }</pre>
 *
 * <p>Each method sends one command and returns when the server answered it; a NO or BAD is an
 * {@link ImapCommandException} with the response code, a broken connection an {@link IOException}. Message numbers
 * never appear: every method takes UIDs (RFC 9051 §2.3.1.1). Not thread-safe: one thread at a time.
 */
public final class ImapSession implements AutoCloseable {

  /** RFC 9051 §6.3.13: servers may end IDLE after 30 minutes; the client re-issues it well before. */
  static final Duration IDLE_RESTART = Duration.ofMinutes(28);

  private final SessionDriver driver;
  private final ImapClient client;
  private final MessageFetcher fetcher;
  private final boolean qresyncEnabled;
  private long seen;

  ImapSession(SessionDriver driver, List<String> enabled) {
    this.driver = driver;
    this.client = driver.engine();
    this.fetcher = new MessageFetcher(driver);
    this.qresyncEnabled = enabled.stream().anyMatch("QRESYNC"::equalsIgnoreCase);
  }

  /**
   * Starts describing a session with {@code host}.
   *
   * @param host the server's host name, which its certificate must carry
   * @return the builder
   */
  public static ImapSessionBuilder builder(String host) {
    return new ImapSessionBuilder(host);
  }

  /** {@return the engine under the session, for what this class does not offer (its thread only)} */
  public ImapClient client() {
    return client;
  }

  /**
   * Lists every folder (RFC 9051 §6.3.9 {@code LIST "" *}), with its attributes such as {@code \Sent} or
   * {@code \Trash} (RFC 6154).
   *
   * @return the folders
   * @throws IOException if the server refused or the connection failed
   */
  public List<UntaggedResponse.MailboxList> folders() throws IOException {
    return ((CommandResult.Listed) run("LIST", client.list("", "*"))).mailboxes();
  }

  /**
   * Selects a folder (RFC 9051 §6.3.2); the later methods act in it.
   *
   * @param folder the folder, such as {@code INBOX}
   * @return the folder's view: message count, UIDVALIDITY, flags
   * @throws IOException if the server refused or the connection failed
   */
  public ClientMailbox select(String folder) throws IOException {
    ClientMailbox m = ((CommandResult.Selected) run("SELECT " + folder, client.select(folder))).mailbox();
    seen = m.exists();
    return m;
  }

  /**
   * Selects a folder of which the caller holds a copy and says what changed since (RFC 7162 §6): with QRESYNC enabled
   * ({@link ImapSessionBuilder#mailboxResync}) one {@code SELECT folder (QRESYNC (uidvalidity modseq known-uids))}
   * (§3.2.5); else, when the server offers CONDSTORE, {@code SELECT (CONDSTORE)}, {@code UID FETCH 1:* (UID FLAGS)
   * (CHANGEDSINCE modseq)} (§3.1.4.1) and {@code UID SEARCH ALL} for the vanished UIDs; else a plain SELECT and a
   * fetch of every message's flags. The result says which ({@link MailboxChanges#path()}); when UIDVALIDITY is no
   * longer {@code uidValidity} it says the cache is invalid and answers nothing else.
   *
   * @param folder        the folder, such as {@code INBOX}
   * @param uidValidity   the UIDVALIDITY the cache was taken under
   * @param highestModSeq the highest mod-sequence the cache saw ({@link MailboxChanges#highestModSeq()} of the last
   *                      resync, or {@link ClientMailbox#highestModSeq()}), 0 if none
   * @param knownUids     the UIDs the cache holds, empty if none
   * @return what changed, and the values to keep with the cache for the next time
   * @throws IOException if the server refused or the connection failed
   */
  public MailboxChanges resync(String folder, long uidValidity, long highestModSeq, Optional<SequenceSet> knownUids)
      throws IOException {
    MailboxChanges changes = new MailboxResync(driver, qresyncEnabled).run(folder, uidValidity, highestModSeq,
        knownUids);
    seen = client.mailbox().map(ClientMailbox::exists).orElse(0L);
    return changes;
  }

  /**
   * The UIDs of the messages that match (UID SEARCH, RFC 9051 §6.4.4).
   *
   * @param criteria the criteria, such as {@code SearchCriteria.unseen()}
   * @return the UIDs, ascending
   * @throws IOException if the server refused or the connection failed
   */
  public long[] search(SearchKey criteria) throws IOException {
    CommandResult.Searched s = (CommandResult.Searched) run("UID SEARCH", client.search(true, criteria));
    return s.matches().map(m -> m.resolve(SequenceSet.MAX_NUMBER)).map(ImapSession::expand).orElse(new long[0]);
  }

  private static long[] expand(long[] ranges) {
    long n = 0;
    for (int i = 0; i < ranges.length; i += 2) {
      n += ranges[i + 1] - ranges[i] + 1;
    }
    long[] all = new long[(int) Math.min(n, Integer.MAX_VALUE - 8)];
    int k = 0;
    for (int i = 0; i < ranges.length && k < all.length; i += 2) {
      for (long u = ranges[i]; u <= ranges[i + 1] && k < all.length; u++) {
        all[k++] = u;
      }
    }
    return all;
  }

  /**
   * UID, flags, size and envelope of messages, without their bodies (UID FETCH, RFC 9051 §6.4.5).
   *
   * @param uids the messages
   * @return one summary per message the server still has
   * @throws IOException if the server refused or the connection failed
   */
  public List<MessageSummary> fetchSummaries(SequenceSet uids) throws IOException {
    return fetcher.summaries(uids);
  }

  /**
   * Writes a whole message to {@code out} as the server sends it, chunk by chunk, without setting {@code \Seen}
   * (UID FETCH BODY.PEEK[], RFC 9051 §6.4.5).
   *
   * @param uid the message
   * @param out where the octets go; not closed
   * @return whether the server had the message
   * @throws IOException if the server refused, the connection failed, or writing failed
   */
  public boolean fetchMessage(long uid, OutputStream out) throws IOException {
    return fetcher.section(uid, Section.WHOLE, out);
  }

  /**
   * Writes a message's header to {@code out} (UID FETCH BODY.PEEK[HEADER]).
   *
   * @param uid the message
   * @param out where the octets go; not closed
   * @return whether the server had the message
   * @throws IOException if the server refused, the connection failed, or writing failed
   */
  public boolean fetchHeader(long uid, OutputStream out) throws IOException {
    return fetcher.section(uid, Section.HEADER, out);
  }

  /**
   * Writes a whole message to {@code file}, through a temporary file moved into place once complete.
   *
   * @param uid  the message
   * @param file the file to create or replace
   * @return whether the server had the message (nothing is written otherwise)
   * @throws IOException if the server refused, the connection failed, or writing failed
   */
  public boolean fetchMessage(long uid, Path file) throws IOException {
    return fetcher.message(uid, file);
  }

  /**
   * Adds flags to a message (UID STORE +FLAGS.SILENT, RFC 9051 §6.4.6).
   *
   * @param uid   the message
   * @param flags the flags, such as {@link Flag#SEEN}
   * @throws IOException if the server refused or the connection failed
   */
  public void addFlags(long uid, Flag... flags) throws IOException {
    run("UID STORE", client.store(true, SequenceSet.of(uid), StoreAction.ADD, true, flags));
  }

  /**
   * Removes flags from a message (UID STORE -FLAGS.SILENT).
   *
   * @param uid   the message
   * @param flags the flags
   * @throws IOException if the server refused or the connection failed
   */
  public void removeFlags(long uid, Flag... flags) throws IOException {
    run("UID STORE", client.store(true, SequenceSet.of(uid), StoreAction.REMOVE, true, flags));
  }

  /**
   * Moves a message to another folder: UID MOVE when offered (RFC 9051 §6.4.8), else UID COPY, {@code \Deleted}
   * and UID EXPUNGE of that message only.
   *
   * @param uid    the message
   * @param folder the target folder
   * @return its UID in the target folder, when the server says (COPYUID, RFC 4315)
   * @throws IOException if the server refused or the connection failed
   */
  public OptionalLong move(long uid, String folder) throws IOException {
    SequenceSet set = SequenceSet.of(uid);
    CommandResult.Copied c;
    if (client.hasCapability("MOVE") || client.hasCapability("IMAP4rev2")) {
      c = (CommandResult.Copied) run("UID MOVE", client.move(true, set, folder));
    } else {
      c = (CommandResult.Copied) run("UID COPY", client.copy(true, set, folder));
      addFlags(uid, Flag.DELETED);
      run("UID EXPUNGE", client.uidExpunge(set));
    }
    return c.copyUid().map(cu -> OptionalLong.of(cu.destination().ranges().get(0).first()))
        .orElse(OptionalLong.empty());
  }

  /**
   * Appends a message built with {@link MessageBuilder} (RFC 9051 §6.3.12).
   *
   * @param folder  the target folder
   * @param message the message
   * @param flags   its flags, such as {@link Flag#SEEN}
   * @return its UID, when the server says (APPENDUID, RFC 4315)
   * @throws IOException if the server refused or the connection failed
   */
  public OptionalLong append(String folder, MessageBuilder message, Flag... flags) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    message.writeTo(bytes);
    return append(folder, bytes.toByteArray(), flags);
  }

  /**
   * Appends a message given as octets (RFC 9051 §6.3.12).
   *
   * @param folder  the target folder
   * @param message the message (RFC 5322, CRLF line endings)
   * @param flags   its flags
   * @return its UID, when the server says (APPENDUID, RFC 4315)
   * @throws IOException if the server refused or the connection failed
   */
  public OptionalLong append(String folder, byte[] message, Flag... flags) throws IOException {
    ByteBuffer rest = ByteBuffer.wrap(message);
    driver.contentFrom(b -> {
      int n = Math.min(b.remaining(), rest.remaining());
      b.put(rest.array(), rest.position(), n);
      rest.position(rest.position() + n);
      return rest.hasRemaining();
    });
    CommandResult.Appended a = (CommandResult.Appended) run("APPEND " + folder,
        client.append(folder, List.of(flags), Optional.empty(), message.length));
    return a.appendUid().map(u -> OptionalLong.of(u.uids().ranges().get(0).first())).orElse(OptionalLong.empty());
  }

  /**
   * Waits up to {@code max} for new mail in the selected folder with IDLE (RFC 9051 §6.3.13), re-issued every 28
   * minutes, before the server's 30-minute limit. Mail the server reported since the folder was selected or since the
   * last call counts at once.
   *
   * @param max how long to wait
   * @return whether new messages arrived (the folder's count grew)
   * @throws IOException if the server refused or the connection failed
   */
  public boolean waitForNewMail(Duration max) throws IOException {
    long before = seen;
    long now = client.mailbox().map(ClientMailbox::exists).orElse(0L);
    if (now > before) {
      seen = now;
      return true;
    }
    long end = client.environment().now() + max.toNanos();
    while (true) {
      long left = end - client.environment().now();
      if (left <= 0) {
        return false;
      }
      String tag = client.idle();
      CommandResult[] early = {null};
      boolean[] arrived = {false};
      driver.run(e -> {                                 // updates may come before the server's "+"
        arrived[0] |= e instanceof ImapClientEvent.Exists x && x.count() > before;
        if (e instanceof ImapClientEvent.Completed c && c.tag().equals(tag)) {
          early[0] = c.result();
          return true;
        }
        return e instanceof ImapClientEvent.IdleStarted;
      }, null);
      if (early[0] != null) {
        check("IDLE", early[0]);
        continue;
      }
      if (!arrived[0]) {
        arrived[0] = driver.run(e -> e instanceof ImapClientEvent.Exists x && x.count() > before,
            Duration.ofNanos(Math.min(left, IDLE_RESTART.toNanos())));
      }
      client.idleDone();
      run("IDLE", tag);
      if (arrived[0]) {
        seen = client.mailbox().map(ClientMailbox::exists).orElse(0L);
        return true;
      }
    }
  }

  private CommandResult run(String what, String tag) throws IOException {
    return check(what, driver.await(tag, e -> { }));
  }

  static CommandResult check(String what, CommandResult r) throws IOException {
    if (r instanceof CommandResult.Failed f) {
      throw new ImapCommandException(what, f);
    }
    return r;
  }

  /** Logs out (RFC 9051 §6.1.3) and closes the connection; the connection is closed even if LOGOUT fails. */
  @Override
  public void close() throws IOException {
    try {
      if (!client.isClosed()) {
        String tag = client.logout();
        driver.run(e -> e instanceof ImapClientEvent.Closed
            || e instanceof ImapClientEvent.Completed c && c.tag().equals(tag), Duration.ofSeconds(10));
      }
    } finally {
      driver.close();
    }
  }
}
