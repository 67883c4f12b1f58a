package dev.missive.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.Flag;
import dev.missive.imap.ResponseCode;
import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.protocol.ImapLimits;
import dev.missive.imap.protocol.ResponseDecoder;
import dev.missive.imap.protocol.ResponseInput;
import dev.missive.imap.response.FetchAttribute;
import dev.missive.imap.response.Response;
import dev.missive.imap.response.UntaggedResponse;
import dev.missive.imap.store.InMemoryMailStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * RFC 7162 §3.2.5's promise as a model test: a client caches a mailbox (UIDs and flags, UIDVALIDITY, HIGHESTMODSEQ)
 * and disconnects; another session makes random flag changes, expunges and deliveries; the client reconnects with
 * one SELECT (QRESYNC (...)), with or without its known UIDs, applies VANISHED (EARLIER) and the FETCH responses
 * (and, with known UIDs, fetches the UIDs above them as a client does), and its cache is then exactly the mailbox.
 */
class QresyncModelTest {

  private static final List<Flag> FLAGS = List.of(Flag.SEEN, Flag.ANSWERED, Flag.FLAGGED, Flag.DRAFT,
      new Flag("$Label1"));

  /** The client's cache: UID to flags, and what it remembers of the mailbox. */
  private static final class Cache {
    final TreeMap<Long, List<Flag>> messages = new TreeMap<>();
    long uidValidity;
    long highestModSeq;

    void apply(List<Response> responses) {
      for (Response r : responses) {
        if (r instanceof UntaggedResponse.Vanished v) {
          UidSet gone = UidSet.of(v.uids());
          messages.keySet().removeIf(gone::contains);
        } else if (r instanceof UntaggedResponse.Fetch f) {
          long uid = 0;
          List<Flag> flags = null;
          for (FetchAttribute a : f.attributes()) {
            if (a instanceof FetchAttribute.Uid u) {
              uid = u.uid();
            } else if (a instanceof FetchAttribute.Flags fl) {
              flags = fl.flags();
            }
          }
          if (uid > 0 && flags != null) {
            messages.put(uid, sorted(flags));
          }
        } else if (r instanceof UntaggedResponse.Condition c && c.code().isPresent()) {
          if (c.code().get() instanceof ResponseCode.HighestModSeq h) {
            highestModSeq = h.modSeq();
          } else if (c.code().get() instanceof ResponseCode.UidValidity v) {
            uidValidity = v.uidValidity();
          }
        }
      }
    }
  }

  @Property(tries = 200)
  void aResynchronisedCacheIsTheMailbox(@ForAll long seed) {
    Random random = new Random(seed);
    InMemoryMailStore store = Sessions.store();
    for (int i = random.nextInt(12); i > 0; i--) {
      store.deliver("alice", "INBOX", Sessions.HELLO);
    }
    Cache cache = new Cache();
    ImapHandlerServer a = client(store);
    cache.apply(responses(Sessions.exchange(a, "s SELECT INBOX\r\nf UID FETCH 1:* (FLAGS)\r\nz LOGOUT\r\n")));

    ImapHandlerServer b = Sessions.loggedIn(store);
    Sessions.exchange(b, "s SELECT INBOX\r\n");
    for (int step = random.nextInt(15); step > 0; step--) {
      int op = random.nextInt(10);
      if (op < 5) {
        Flag f = FLAGS.get(random.nextInt(FLAGS.size()));
        Sessions.exchange(b, "t UID STORE " + (1 + random.nextInt(14)) + ":" + (1 + random.nextInt(14))
            + (random.nextBoolean() ? " +" : " -") + "FLAGS.SILENT (" + f.name() + ")\r\n");
      } else if (op < 8) {
        Sessions.exchange(b, "u UID STORE " + (1 + random.nextInt(14)) + " +FLAGS.SILENT (\\Deleted)\r\n"
            + "v EXPUNGE\r\n");
      } else {
        store.deliver("alice", "INBOX", Sessions.HELLO);
        b.status();
      }
    }

    ImapHandlerServer a2 = client(store);
    boolean withKnown = random.nextBoolean() && !cache.messages.isEmpty();
    String known = withKnown ? " " + uidSet(cache.messages.keySet()) : "";
    cache.apply(responses(Sessions.exchange(a2, "s SELECT INBOX (QRESYNC (" + cache.uidValidity + " "
        + cache.highestModSeq + known + "))\r\n")));
    if (withKnown) { // the messages above the known ones, as a client asks for them (RFC 7162 §3.2.5.1)
      cache.apply(responses(Sessions.exchange(a2, "n UID FETCH " + (cache.messages.isEmpty() ? 1
          : cache.messages.lastKey() + 1) + ":* (FLAGS)\r\n")));
    }
    assertThat(cache.messages).as("seed %d", seed).isEqualTo(truth(store));
  }

  private static ImapHandlerServer client(InMemoryMailStore store) {
    ImapHandlerServer a = Sessions.loggedIn(store);
    Sessions.exchange(a, "e ENABLE IMAP4rev2 QRESYNC\r\n");
    return a;
  }

  /** The mailbox as a fresh session reads it. */
  private static Map<Long, List<Flag>> truth(InMemoryMailStore store) {
    Cache fresh = new Cache();
    ImapHandlerServer s = client(store);
    fresh.apply(responses(Sessions.exchange(s, "s EXAMINE INBOX\r\nf UID FETCH 1:* (FLAGS)\r\n")));
    return fresh.messages;
  }

  private static String uidSet(java.util.Collection<Long> uids) {
    UidSet s = new UidSet();
    uids.forEach(s::add);
    return s.toSequenceSet().format();
  }

  private static List<Flag> sorted(List<Flag> flags) {
    List<Flag> s = new ArrayList<>(flags);
    s.sort((x, y) -> x.name().compareToIgnoreCase(y.name()));
    return s;
  }

  static List<Response> responses(String text) {
    ResponseDecoder d = new ResponseDecoder(ImapLimits.DEFAULT);
    ByteBuffer in = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    List<Response> out = new ArrayList<>();
    for (ResponseInput r = d.next(in); !(r instanceof ResponseInput.NeedInput); r = d.next(in)) {
      if (r instanceof ResponseInput.Received rec) {
        out.add(rec.response());
      }
    }
    return out;
  }
}
