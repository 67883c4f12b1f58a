package dev.missive.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.message.address.AddrSpec;
import dev.missive.message.address.ReversePath;
import dev.missive.smtp.BodyType;
import dev.missive.smtp.DsnNotify;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.MailParameters;
import dev.missive.smtp.RcptParameters;
import dev.missive.smtp.Recipient;
import dev.missive.smtp.client.SmtpClientEvent.Outcome;
import dev.missive.smtp.client.SmtpClientEvent.RecipientResult;
import dev.missive.smtp.client.SmtpClientEvent.TransactionResult;
import dev.missive.testkit.EventLog;
import dev.missive.testkit.ManualTime;
import dev.missive.wire.TlsPolicy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The client engine against servers that answer at random (the {@link ScriptedPeer}): random extension sets
 * (PIPELINING, CHUNKING, SIZE, 8BITMIME, SMTPUTF8, DSN; SMTP or LMTP), envelopes, content sizes, host write sizes
 * and splits of the server's bytes. Two properties: whatever a correct server answers, each transaction's result is
 * the server's own verdict and the session ends with QUIT answered (RFC 5321 §4.3.2, RFC 2920 §3.1, RFC 3030 §2,
 * RFC 2033 §4.2); and whatever a broken server sends, no unchecked exception leaves {@code receive},
 * {@code receiveEnd} or {@code onTimeout}, and a message is reported accepted only when all its content was sent and
 * (unless the server sent replies nobody asked for, after which no client can match replies to commands) the
 * server's reply after the data said so.
 */
class ServerInputPropertyTest {

  private static final String[] EXTENSIONS = {"PIPELINING", "CHUNKING", "SIZE 100000", "8BITMIME", "SMTPUTF8",
      "DSN"};

  /** One random session: the server, the client's configuration, the envelopes and how bytes move. */
  record Scenario(long seed, boolean lmtp, List<String> extensions, boolean pipelining, boolean chunking,
      int messages) {
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<List<String>> extensions = Arbitraries.of(EXTENSIONS).list().uniqueElements().ofMaxSize(6);
    return Combinators.combine(Arbitraries.longs(), Arbitraries.of(false, true), extensions,
        Arbitraries.of(false, true), Arbitraries.of(false, true), Arbitraries.integers().between(1, 3))
        .as(Scenario::new);
  }

  @Property(tries = 200)
  void correctServersGetTheirOwnVerdictBackAndTheSessionStaysInStep(@ForAll("scenarios") Scenario s) {
    Run run = new Run(s, false);
    run.drive();
    ScriptedPeer server = run.server;
    assertThat(server.brokeProtocol()).isFalse();
    assertThat(run.client.isClosed()).as("closed after QUIT").isTrue();
    assertThat(run.host.events(SmtpClientEvent.Failed.class)).as("no failure").isEmpty();
    assertThat(run.host.events(TransactionResult.class)).hasSize(s.messages());
    for (TransactionResult t : run.host.events(TransactionResult.class)) {
      if (t.outcome() == Outcome.NOT_SENT) {
        continue;
      }
      ScriptedPeer.Transaction seen = run.serverTransaction(t);
      assertThat(t.recipients()).extracting(r -> r.reply().code()).as("RCPT replies in step")
          .containsExactlyElementsOf(seen.rcptCodes);
      boolean whole = seen.terminated && run.receivedWhole(t, seen);
      assertThat(t.outcome()).as("outcome of %s", seen.sender)
          .isEqualTo(whole && seen.delivered() ? Outcome.ACCEPTED : Outcome.REJECTED);
      if (s.lmtp() && t.outcome() == Outcome.ACCEPTED) {
        assertThat(t.deliveries()).extracting(d -> d.reply().code()).containsExactlyElementsOf(seen.finalCodes);
      }
    }
  }

  @Property(tries = 200)
  void brokenServersNeverMakeTheClientThrowNorFakeAnAcceptance(@ForAll("scenarios") Scenario s) {
    Run run = new Run(s, true);
    run.drive();
    for (TransactionResult t : run.host.events(TransactionResult.class)) {
      if (t.outcome() != Outcome.ACCEPTED) {
        continue;
      }
      ScriptedPeer.Transaction seen = run.serverTransaction(t);
      assertThat(seen.terminated && run.receivedWhole(t, seen)).as("all content sent for %s", seen.sender).isTrue();
      if (!run.server.sentUnsolicitedReply()) {
        assertThat(seen.delivered()).as("the server accepted %s", seen.sender).isTrue();
        if (s.lmtp()) {
          assertThat(t.deliveries()).extracting(d -> d.reply().code()).containsExactlyElementsOf(seen.finalCodes);
        }
      }
      assertThat(t.deliveredTo()).isNotEmpty();
      assertThat(t.recipients()).map(RecipientResult::recipient).isSubsetOf(t.envelope().recipients());
    }
  }

  /** One session: the client with its sending host, the scripted server, and the loop that moves bytes. */
  private static final class Run {
    final ManualTime time = new ManualTime();
    final Random random;
    final boolean malformed;
    final ScriptedPeer server;
    final SmtpClient client;
    final SendingHost host = new SendingHost();
    final Map<String, byte[]> bodies = new HashMap<>();
    final EventLog log = new EventLog();
    byte[] toClient = new byte[0];

    Run(Scenario s, boolean malformed) {
      this.random = new Random(s.seed());
      this.malformed = malformed;
      this.server = new ScriptedPeer(s.seed() * 31 + 7, s.lmtp(), malformed, s.extensions());
      this.client = new SmtpClient(SmtpClientConfig.builder().ehloName("client.example").tlsPolicy(TlsPolicy.NONE)
          .lmtp(s.lmtp()).pipelining(s.pipelining()).chunking(s.chunking()).build(),
          time.environment(s.seed()));
      for (int i = 0; i < s.messages(); i++) {
        boolean eightBit = random.nextInt(4) == 0;
        byte[] body = body(eightBit);
        Envelope e = envelope(i, eightBit, body.length);
        bodies.put(e.reversePath().mailbox().orElseThrow().toString(), body);
        host.message(e, random.nextInt(4) == 0 ? RecipientPolicy.ALL : RecipientPolicy.EACH, body);
      }
      host.pieces(() -> 1 + random.nextInt(random.nextBoolean() ? 64 : 9000));
    }

    private byte[] body(boolean eightBit) {
      byte[] alphabet = (eightBit ? "\r\n.aZ x\u00e9" : "\r\n.aZ x").getBytes(StandardCharsets.ISO_8859_1);
      byte[] body = new byte[random.nextInt(4) == 0 ? random.nextInt(40_000) : random.nextInt(600)];
      for (int i = 0; i < body.length; i++) {
        body[i] = alphabet[random.nextInt(alphabet.length)];
      }
      return body;
    }

    private Envelope envelope(int index, boolean eightBit, int size) {
      List<Recipient> recipients = new ArrayList<>();
      int n = 1 + random.nextInt(4);
      for (int i = 0; i < n; i++) {
        String path = random.nextInt(10) == 0 ? "用户" + i + "@例子.广告" : "r" + i + "@example.org";
        RcptParameters p = random.nextBoolean() ? RcptParameters.NONE
            : RcptParameters.NONE.withNotify(EnumSet.of(DsnNotify.FAILURE));
        recipients.add(Recipient.of(path).withParameters(p));
      }
      MailParameters params = MailParameters.NONE;
      if (eightBit) {
        params = params.withBody(BodyType.EIGHT_BIT_MIME);
      }
      if (random.nextBoolean()) {
        params = params.withSize(random.nextInt(3) == 0 ? 200_000 : size);
      }
      return new Envelope(ReversePath.of(AddrSpec.parse("s" + index + "@example.org")), params, recipients);
    }

    ScriptedPeer.Transaction serverTransaction(TransactionResult t) {
      String sender = t.envelope().reversePath().mailbox().orElseThrow().toString();
      return server.transactions().stream().filter(x -> x.sender.equals(sender))
          .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no MAIL reached the server for " + t));
    }

    /** Whether the server read the message's whole content, CRLF-canonical (after DATA, last line completed). */
    boolean receivedWhole(TransactionResult t, ScriptedPeer.Transaction seen) {
      String body = new String(bodies.get(t.envelope().reversePath().mailbox().orElseThrow().toString()),
          StandardCharsets.ISO_8859_1);
      byte[] expected = ContentRoundTripTest.canonical(body, !seen.bdat);
      return Arrays.equals(expected, seen.content.toByteArray());
    }

    /** Moves bytes until the client closes; advances time to the client's deadline when nothing moves. */
    void drive() {
      ByteBuffer drain = ByteBuffer.allocate(1 + random.nextInt(8192));
      for (int round = 0; round < 100_000 && !client.isClosed(); round++) {
        int seen = host.events().size();
        host.handle(client, log);
        boolean moved = host.events().size() > seen; // the host acted: it may have more to do
        while (client.hasOutput()) {
          drain.clear();
          client.drainOutput(drain);
          drain.flip();
          byte[] bytes = new byte[drain.remaining()];
          drain.get(bytes);
          server.feed(bytes);
          host.handle(client, log);
          moved = true;
        }
        byte[] fresh = server.takeOutput();
        if (fresh.length > 0) {
          byte[] all = new byte[toClient.length + fresh.length];
          System.arraycopy(toClient, 0, all, 0, toClient.length);
          System.arraycopy(fresh, 0, all, toClient.length, fresh.length);
          toClient = all;
        }
        if (toClient.length > 0 && !client.isClosed() && client.wantsInput()) {
          int n = Math.min(toClient.length, 1 + random.nextInt(random.nextBoolean() ? 4 : 600));
          ByteBuffer in = ByteBuffer.wrap(toClient, 0, n);
          client.receive(in);
          moved |= in.position() > 0;
          toClient = Arrays.copyOfRange(toClient, in.position(), toClient.length);
        }
        if (client.isClosed()) {
          break;
        }
        if (malformed && random.nextInt(500) == 0) {
          client.onTimeout(); // not due: must do nothing
        }
        if (malformed && random.nextInt(2000) == 0) {
          client.receiveEnd(); // the server went away mid-session
          moved = true;
        }
        if (!moved) {
          OptionalLong deadline = client.nextDeadline();
          if (deadline.isEmpty()) {
            break;
          }
          time.advanceTo(deadline.getAsLong());
          client.onTimeout();
        }
      }
      host.handle(client, log);
      assertThat(client.isClosed()).as("the session ended").isTrue();
    }
  }
}
