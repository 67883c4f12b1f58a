package dev.missive.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fuzz targets for every server mechanism of {@link SaslServerMechanisms} (RFC 4422 §3; PLAIN RFC 4616, LOGIN,
 * CRAM-MD5 RFC 2195, SCRAM-SHA-256 RFC 5802/7677, OAUTHBEARER RFC 7628, XOAUTH2).
 *
 * <ul>
 *   <li>{@link #rawResponsesNeverAuthenticateWrongly}: any client responses, with or without an initial response:
 *       no unchecked exception, an end within the rounds a mechanism has, {@link IllegalStateException} after
 *       the end, and a success only for an identity whose password or token the host confirmed in this very
 *       exchange (never for SCRAM or CRAM-MD5, whose proofs random octets cannot forge).</li>
 *   <li>{@link #mutatedExchangeNeverSucceeds}: a real client against the server, one message (either direction)
 *       changed in flight: no unchecked exception on either side, and no success — neither the server's nor a
 *       SCRAM client's verification of the server — unless the change is neutral by {@link SaslMeaning}.</li>
 * </ul>
 */
class SaslServerFuzzTest {

  static final String USER = "alice";
  static final String PASSWORD = "correct horse";
  static final String TOKEN = "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==";
  private static final String[] MECHANISMS = {"PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-256", "OAUTHBEARER",
      "XOAUTH2"};
  /** The credential store is derived once: SCRAM's 4096 PBKDF2 rounds per input would halve the rate. */
  private static final Credentials USERS = new Credentials().with(USER, PASSWORD);

  /** What the host confirmed during one exchange: identities whose password or token checked out. */
  private static final class Host implements PasswordVerifier, BearerTokenValidator {
    final List<String> confirmed = new ArrayList<>();
    final List<String> seen = new ArrayList<>();

    @Override
    public boolean verify(String authenticationId, char[] password) throws CredentialsUnavailableException {
      seen.add(authenticationId + "\0" + new String(password));
      boolean ok = USERS.verify(authenticationId, password);
      if (ok) {
        confirmed.add(authenticationId);
      }
      return ok;
    }

    @Override
    public BearerTokenVerdict validate(BearerTokenRequest request) {
      seen.add(request.user() + "\0" + request.token());
      if (request.token().equals(TOKEN)) {
        confirmed.add(USER);
        return new BearerTokenVerdict.Valid(USER);
      }
      return BearerTokenVerdict.Invalid.invalidToken();
    }
  }

  private static SaslServerMechanisms registry(Host host) {
    return SaslServerMechanisms.builder().plain(host).login(host).cramMd5(USERS)
        .scramSha256(USERS, Credentials.DECOYS).oauthBearer(host).xoauth2(host).hostname("mx.example.org")
        .random(new SplittableRandom(7)).cramMd5Challenges(() -> "<1896.697170952@mx.example.org>")
        .scramNonces(() -> "3rfcNHYJY1ZVvWVs7j").build();
  }

  private static SaslClientMechanism client(String mechanism) {
    switch (mechanism) {
      case "PLAIN":
        return SaslClientMechanisms.plain("", USER, PASSWORD);
      case "LOGIN":
        return SaslClientMechanisms.login(USER, PASSWORD);
      case "CRAM-MD5":
        return SaslClientMechanisms.cramMd5(USER, PASSWORD);
      case "SCRAM-SHA-256":
        return SaslClientMechanisms.scramSha256(USER, PASSWORD, () -> "rOprNGfwEbeRWgbNEkqO");
      case "OAUTHBEARER":
        return SaslClientMechanisms.oauthBearer(USER, "mx.example.org", 587, TOKEN);
      default:
        return SaslClientMechanisms.xoauth2(USER, TOKEN);
    }
  }

  @FuzzTest
  void rawResponsesNeverAuthenticateWrongly(FuzzedDataProvider data) {
    String mechanism = data.pickValue(MECHANISMS);
    Host host = new Host();
    SaslServerMechanism server = registry(host).create(mechanism).orElseThrow();
    SaslServerStep step = server.evaluate(data.consumeBoolean() ? null : data.consumeBytes(data.consumeInt(0, 300)));
    int rounds = 0;
    while (step instanceof SaslServerStep.Challenge && data.remainingBytes() > 0) {
      assertThat(++rounds).as("rounds").isLessThan(8);
      step = server.evaluate(data.consumeBytes(data.consumeInt(0, 300)));
    }
    if (step instanceof SaslServerStep.Success success) {
      assertThat(mechanism).isNotIn("CRAM-MD5", "SCRAM-SHA-256");
      assertThat(host.confirmed).contains(success.authenticationId());
      assertThat(success.authorizationId()).isEqualTo(success.authenticationId());
    }
    if (server.isComplete()) {
      assertThatThrownBy(() -> server.evaluate(new byte[0])).isInstanceOf(IllegalStateException.class);
    } else {
      assertThat(server.cancel().reason()).isEqualTo(SaslFailure.CANCELLED);
      assertThat(server.isComplete()).isTrue();
    }
  }

  @FuzzTest
  void mutatedExchangeNeverSucceeds(FuzzedDataProvider data) {
    String mechanism = data.pickValue(MECHANISMS);
    boolean initialResponse = data.consumeBoolean();
    int target = data.consumeInt(0, 5);
    Mutation mutation = Mutation.from(data);

    Transcript plain = run(mechanism, initialResponse, -1, null);
    assertThat(plain.serverSuccess).as("the unmutated exchange succeeds").isTrue();
    Transcript mutated = run(mechanism, initialResponse, target, mutation);
    if (!mutated.changed) {
      return;
    }
    boolean neutral = SaslMeaning.same(mechanism, mutated.fromClient, mutated.original, mutated.replaced);
    if (mutated.serverSuccess) {
      assertThat(neutral).as("server success after %s changed %s message %d",
          mutation, mutated.fromClient ? "a client" : "a server", target).isTrue();
      assertThat(mutated.host.seen).isEqualTo(plain.host.seen);
    }
    if (mutated.clientVerifiedChangedServer && mechanism.equals("SCRAM-SHA-256")) {
      assertThat(neutral).as("SCRAM client verified a server whose message %d was changed", target).isTrue();
    }
  }

  /** One exchange's outcome. */
  private static final class Transcript {
    Host host = new Host();
    boolean changed;
    boolean fromClient;
    byte[] original;
    byte[] replaced;
    boolean serverSuccess;
    /** The client verified the server (SCRAM's server-final) after the change: what a change must prevent. */
    boolean clientVerifiedChangedServer;

    byte[] mutate(boolean client, byte[] message, Mutation mutation) {
      byte[] result = mutation.apply(message);
      changed = !java.util.Arrays.equals(result, message);
      fromClient = client;
      original = message;
      replaced = result;
      return result;
    }
  }

  /**
   * Runs client against server as an engine would (RFC 4954 §4: SCRAM's additional data goes as one more
   * challenge, answered empty); messages are numbered in the order they travel, the client's first one 0.
   */
  private static Transcript run(String mechanism, boolean initialResponse, int target, Mutation mutation) {
    Transcript t = new Transcript();
    SaslServerMechanism server = registry(t.host).create(mechanism).orElseThrow();
    SaslClientMechanism client = client(mechanism);
    int index = 0;
    byte[] first = initialResponse ? client.initialResponse() : null;
    if (first != null && index++ == target) {
      first = t.mutate(true, first, mutation);
    }
    SaslServerStep step = server.evaluate(first);
    try {
      while (true) {
        byte[] challenge;
        if (step instanceof SaslServerStep.Challenge c) {
          challenge = c.data();
        } else if (step instanceof SaslServerStep.Success s && s.additionalData() != null) {
          challenge = s.additionalData();
        } else {
          break;
        }
        if (index++ == target) {
          challenge = t.mutate(false, challenge, mutation);
        }
        byte[] response = client.evaluateChallenge(challenge);
        if (step instanceof SaslServerStep.Success) {
          t.clientVerifiedChangedServer = t.changed && client.isComplete();
          if (index++ == target) {
            response = t.mutate(true, response, mutation);
          }
          t.serverSuccess = response.length == 0;
          return t;
        }
        if (index++ == target) {
          response = t.mutate(true, response, mutation);
        }
        step = server.evaluate(response);
        assertThat(index).as("rounds").isLessThan(12);
      }
    } catch (SaslException e) {
      // the client refused a server message: the exchange fails (the engine cancels with "*")
      return t;
    }
    t.serverSuccess = step instanceof SaslServerStep.Success;
    t.clientVerifiedChangedServer = t.changed && t.serverSuccess && client.isComplete();
    return t;
  }

  /** A change to one message: octets replaced, inserted, removed, or the message cut or replaced whole. */
  record Mutation(int kind, int position, byte[] octets) {
    static Mutation from(FuzzedDataProvider data) {
      return new Mutation(data.consumeInt(0, 4), data.consumeInt(0, 1 << 12), data.consumeRemainingAsBytes());
    }

    byte[] apply(byte[] message) {
      int at = message.length == 0 ? 0 : position % (message.length + 1);
      byte[] head = java.util.Arrays.copyOf(message, at);
      byte[] tail = java.util.Arrays.copyOfRange(message, Math.min(message.length,
          at + (kind == 0 ? octets.length : kind == 2 ? 1 + octets.length : 0)), message.length);
      switch (kind) {
        case 0: // overwrite
        case 1: // insert
          return concat(head, octets, tail);
        case 2: // delete
          return concat(head, new byte[0], tail);
        case 3: // cut here
          return head;
        default: // replace whole
          return octets.clone();
      }
    }

    private static byte[] concat(byte[] a, byte[] b, byte[] c) {
      byte[] out = java.util.Arrays.copyOf(a, a.length + b.length + c.length);
      System.arraycopy(b, 0, out, a.length, b.length);
      System.arraycopy(c, 0, out, a.length + b.length, c.length);
      return out;
    }
  }
}
