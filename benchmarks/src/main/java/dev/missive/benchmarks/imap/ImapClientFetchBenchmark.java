package dev.missive.benchmarks.imap;

import dev.missive.benchmarks.message.Corpus;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.client.ImapClient;
import dev.missive.imap.client.ImapClientConfig;
import dev.missive.imap.client.ImapClientEvent;
import dev.missive.imap.client.ImapLogin;
import dev.missive.imap.command.FetchItem;
import dev.missive.imap.message.MessageLayout;
import dev.missive.imap.protocol.ResponseEncoder;
import dev.missive.imap.response.FetchAttribute;
import dev.missive.imap.response.UntaggedResponse;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.OutputQueue;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.TlsPolicy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.BODYSTRUCTURE;
import org.eclipse.angus.mail.imap.protocol.ENVELOPE;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * FETCH (ENVELOPE BODYSTRUCTURE) of the whole shared corpus through a client session (issue 20), one operation per
 * session: the server's bytes — the greeting, SELECT's answer, one {@code * n FETCH (ENVELOPE … BODYSTRUCTURE …)}
 * per corpus message as this library's server writes it, the tagged OK — read by {@link ImapClient} into
 * {@code Fetched} events with typed records ({@link #missiveClient}), against Angus Mail's {@code IMAPProtocol}
 * reading the same responses from an in-memory stream into {@code FetchResponse}s with their {@code ENVELOPE} and
 * {@code BODYSTRUCTURE} items ({@link #angusProtocol}). Both sides do what a client does with a connection's
 * bytes: framing, tokenizing, the records, the tag's completion; neither touches a socket. The decoder-level
 * comparison (one response line at a time) is {@link ImapCorpusBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ImapClientFetchBenchmark {

  /** The corpus folder or the shared directory; blank to find it as {@link Corpus#locate} says. */
  @Param({""})
  public String corpus;

  /** How many messages the FETCH answers (the corpus size). */
  public int messages;
  /** The server's bytes for the Missive client: greeting, SELECT answered as A1, FETCH answered as A2. */
  public byte[] missiveServer;
  /** The server's bytes for Angus Mail: the FETCH responses and the tagged OK to its first command, A0. */
  public byte[] angusServer;

  /** Writes the server's side of the session once per trial. */
  @Setup(Level.Trial)
  public void setUp() {
    byte[][] corpusMessages = Corpus.load(Corpus.locate(corpus));
    messages = corpusMessages.length;
    OutputQueue out = new OutputQueue(1 << 26);
    ResponseEncoder encoder = new ResponseEncoder(out);
    encoder.setUtf8(true);
    for (int i = 0; i < messages; i++) {
      MessageLayout layout = MessageLayout.of(corpusMessages[i]);
      encoder.write(new UntaggedResponse.Fetch(i + 1, List.of(new FetchAttribute.EnvelopeData(layout.envelope()),
          new FetchAttribute.Structure(layout.bodyStructure(true), true))));
    }
    ByteBuffer fetches = ByteBuffer.allocate(out.size());
    out.drainTo(fetches);
    missiveServer = concat("* PREAUTH [CAPABILITY IMAP4rev1] ready\r\n* " + messages + " EXISTS\r\n"
        + "A1 OK [READ-WRITE] selected\r\n", fetches.array(), "A2 OK done\r\n");
    angusServer = concat("", fetches.array(), "A0 OK done\r\n");
  }

  private static byte[] concat(String before, byte[] middle, String after) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(before.getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(middle);
    b.writeBytes(after.getBytes(StandardCharsets.US_ASCII));
    return b.toByteArray();
  }

  /**
   * One session of the Missive client engine: SELECT, FETCH 1:n (ENVELOPE BODYSTRUCTURE), every response read.
   *
   * @return the messages fetched with both records
   */
  @Benchmark
  public long missiveClient() {
    ImapClient c = new ImapClient(ImapClientConfig.builder().login(ImapLogin.preauthenticated())
        .tlsPolicy(TlsPolicy.NONE).enable(List.of()).build(), EngineEnvironment.system(),
        new PeerInfo("imap.example.org:143", "bench", ConnectionSecurity.PLAINTEXT));
    c.select("INBOX");
    c.fetch(false, SequenceSet.range(1, messages), FetchItem.Simple.ENVELOPE, FetchItem.Simple.BODYSTRUCTURE);
    ByteBuffer in = ByteBuffer.wrap(missiveServer);
    ByteBuffer drain = ByteBuffer.allocate(4096);
    long fetched = 0;
    boolean done = false;
    while (!done) {
      while (c.hasOutput()) {
        drain.clear();
        c.drainOutput(drain);
      }
      for (ImapClientEvent e; (e = c.nextEvent()) != null; ) {
        if (e instanceof ImapClientEvent.Fetched f && f.attributes().size() == 2) {
          fetched++;
        } else if (e instanceof ImapClientEvent.Completed k && k.tag().equals("A2")) {
          done = true;
        } else if (e instanceof ImapClientEvent.Closed closed) {
          throw new IllegalStateException("closed: " + closed.reason());
        }
      }
      if (!done) {
        if (!in.hasRemaining()) {
          throw new IllegalStateException("the FETCH did not complete");
        }
        c.receive(in);
      }
    }
    return fetched;
  }

  /**
   * Angus Mail's IMAP protocol parser over the same FETCH responses: {@code IMAPProtocol.fetch} reads them from an
   * in-memory stream into {@code FetchResponse}s.
   *
   * @return the messages fetched with both items
   * @throws Exception if Angus Mail refuses a response
   */
  @Benchmark
  public long angusProtocol() throws Exception {
    Properties props = new Properties();
    props.setProperty("mail.imap.reusetagprefix", "true");      // tags A0, A1, ... as the bytes expect
    IMAPProtocol p = new IMAPProtocol(new ByteArrayInputStream(angusServer),
        new PrintStream(OutputStream.nullOutputStream()), props, false);
    long fetched = 0;
    for (Response r : p.fetch(1, messages, "(ENVELOPE BODYSTRUCTURE)")) {
      if (r instanceof FetchResponse f && f.getItem(ENVELOPE.class) != null
          && f.getItem(BODYSTRUCTURE.class) != null) {
        fetched++;
      }
    }
    return fetched;
  }
}
