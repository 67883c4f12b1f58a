package dev.missive.benchmarks.imap;

import dev.missive.benchmarks.message.Corpus;
import dev.missive.imap.message.MessageLayout;
import dev.missive.imap.protocol.ImapLimits;
import dev.missive.imap.protocol.ResponseDecoder;
import dev.missive.imap.protocol.ResponseEncoder;
import dev.missive.imap.protocol.ResponseInput;
import dev.missive.imap.response.FetchAttribute;
import dev.missive.imap.response.UntaggedResponse;
import dev.missive.wire.OutputQueue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.imap.protocol.BODYSTRUCTURE;
import org.eclipse.angus.mail.imap.protocol.ENVELOPE;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
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
 * ENVELOPE and BODYSTRUCTURE over the shared corpus (issues 18 and 20), one operation per corpus pass: the server
 * side computes each message's layout in one streaming pass ({@link #layout}) and writes its
 * {@code FETCH (ENVELOPE ... BODYSTRUCTURE ...)} response ({@link #fetchResponse}); the client side reads those
 * responses back into records ({@link #missiveParse}, one decoder for the pass as for one connection), against Angus
 * Mail's IMAP protocol parser reading the same lines ({@link #angusParse}, from {@code String}s as its API takes
 * them).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ImapCorpusBenchmark {

  /** The corpus folder or the shared directory; blank to find it as {@link Corpus#locate} says. */
  @Param({""})
  public String corpus;

  /** The corpus messages. */
  public byte[][] messages;
  /** Each message's FETCH response line (without CRLF). */
  public byte[][] responses;
  private String[] responseStrings;
  private final OutputQueue out = new OutputQueue(1 << 24);

  /** Loads the corpus and writes the responses once per trial. */
  @Setup(Level.Trial)
  public void setUp() {
    messages = Corpus.load(Corpus.locate(corpus));
    responses = new byte[messages.length][];
    responseStrings = new String[messages.length];
    for (int i = 0; i < messages.length; i++) {
      ByteBuffer b = write(MessageLayout.of(messages[i]));
      responses[i] = b.array();
      responseStrings[i] = new String(responses[i], 0, responses[i].length - 2, StandardCharsets.ISO_8859_1);
    }
  }

  private ByteBuffer write(MessageLayout layout) {
    ResponseEncoder encoder = new ResponseEncoder(out);
    encoder.setUtf8(true);
    encoder.write(new UntaggedResponse.Fetch(1, List.of(new FetchAttribute.EnvelopeData(layout.envelope()),
        new FetchAttribute.Structure(layout.bodyStructure(true), true))));
    ByteBuffer b = ByteBuffer.allocate(out.size());
    out.drainTo(b);
    return b;
  }

  /**
   * Computes every message's layout (envelope, structure, section offsets).
   *
   * @return the total size seen
   */
  @Benchmark
  public long layout() {
    long n = 0;
    for (byte[] m : messages) {
      n += MessageLayout.of(m).size();
    }
    return n;
  }

  /**
   * Computes every message's layout and writes its FETCH ENVELOPE BODYSTRUCTURE response.
   *
   * @return the octets written
   */
  @Benchmark
  public long fetchResponse() {
    long n = 0;
    for (byte[] m : messages) {
      n += write(MessageLayout.of(m)).capacity();
    }
    return n;
  }

  /**
   * Reads every response with this module's client decoder.
   *
   * @return the responses read
   */
  @Benchmark
  public long missiveParse() {
    ResponseDecoder decoder = new ResponseDecoder(ImapLimits.DEFAULT);
    long n = 0;
    for (byte[] r : responses) {
      if (decoder.next(ByteBuffer.wrap(r)) instanceof ResponseInput.Received) {
        n++;
      }
    }
    return n;
  }

  /**
   * Reads every response with Angus Mail's IMAP protocol parser.
   *
   * @return the responses read
   * @throws Exception if Angus Mail refuses one
   */
  @Benchmark
  public long angusParse() throws Exception {
    long n = 0;
    for (String r : responseStrings) {
      FetchResponse f = new FetchResponse(new IMAPResponse(r));
      if (f.getItem(BODYSTRUCTURE.class) != null && f.getItem(ENVELOPE.class) != null) {
        n++;
      }
    }
    return n;
  }
}
