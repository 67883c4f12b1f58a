package dev.missive.imap.server;

import dev.missive.imap.Flag;
import dev.missive.imap.Section;
import dev.missive.imap.command.FetchItem;
import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.message.MessageLayout;
import dev.missive.imap.message.SectionContent;
import dev.missive.imap.response.FetchAttribute;
import dev.missive.testkit.EngineHost;
import dev.missive.testkit.EventLog;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The mailbox of the RFC 3501 §8 and RFC 9051 §8 samples, answered through the raw engine's event API: 18 messages
 * with UIDs 1 to 18, message 12 the working group's minutes with the size and date the samples show (a store
 * keeps them as metadata). Section contents are streamed in 100-octet pieces.
 */
final class RawSampleHost implements EngineHost<ImapServer> {

  static final String HEADER = """
      Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\r
      From: Terry Gray <gray@cac.washington.edu>\r
      Subject: IMAP4rev%s WG mtg summary and minutes\r
      To: imap@cac.washington.edu\r
      cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>\r
      Message-Id: <B27397-0100000@cac.washington.edu>\r
      MIME-Version: 1.0\r
      Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\r
      \r
      """;

  private final byte[] minutes;
  private final MessageLayout layout;
  private final Set<Flag> flags12 = new LinkedHashSet<>(List.of(Flag.SEEN));
  private final String password;

  RawSampleHost(String revision, String password) {
    StringBuilder body = new StringBuilder();
    // 92 lines of 3028 octets: 91 lines of 31 octets and one of 207, CRLF included
    for (int i = 0; i < 91; i++) {
      body.append("x".repeat(29)).append("\r\n");
    }
    body.append("y".repeat(205)).append("\r\n");
    minutes = (String.format(HEADER, revision) + body).getBytes(StandardCharsets.US_ASCII);
    layout = MessageLayout.of(minutes);
    this.password = password;
  }

  @Override
  public void handle(ImapServer s, EventLog log) {
    for (ImapServerEvent e; (e = s.nextEvent()) != null; ) {
      log.add(e);
      if (e instanceof ImapServerEvent.LoginRequested l) {
        if (new String(l.password()).equals(password)) {
          s.accept();
        } else {
          s.reject();
        }
      } else if (e instanceof ImapServerEvent.SelectRequested) {
        UidSet uids = new UidSet();
        uids.addRange(1, 18);
        List<Flag> permanent = new ArrayList<>(SelectedMailbox.SYSTEM_FLAGS);
        permanent.add(Flag.ANY_KEYWORD);
        s.selected(new SelectedMailbox(SelectedMailbox.SYSTEM_FLAGS, permanent, uids, 3857529045L, 19, 2, 17,
            false));
      } else if (e instanceof ImapServerEvent.FetchRequested f) {
        f.messages().forEachRun((a, b) -> {
          for (long uid = a; uid <= b; uid++) {
            fetch(s, uid, f.command().items());
          }
        });
        s.complete();
      } else if (e instanceof ImapServerEvent.StoreRequested st) {
        flags12.addAll(st.command().flags());
        s.fetchResponse(12, List.of(new FetchAttribute.Flags(List.copyOf(flags12))));
        s.complete();
      }
    }
  }

  private void fetch(ImapServer s, long uid, List<FetchItem> items) {
    s.fetchBegin(uid);
    for (FetchItem item : items) {
      if (item == FetchItem.Simple.FLAGS) {
        s.fetchAttribute(new FetchAttribute.Flags(List.copyOf(flags12)));
      } else if (item == FetchItem.Simple.INTERNALDATE) {
        s.fetchAttribute(new FetchAttribute.InternalDate(OffsetDateTime.parse("1996-07-17T02:44:25-07:00")));
      } else if (item == FetchItem.Simple.RFC822_SIZE) {
        s.fetchAttribute(new FetchAttribute.Rfc822Size(4286));
      } else if (item == FetchItem.Simple.ENVELOPE) {
        s.fetchAttribute(new FetchAttribute.EnvelopeData(layout.envelope()));
      } else if (item == FetchItem.Simple.BODY) {
        s.fetchAttribute(new FetchAttribute.Structure(layout.bodyStructure(false), false));
      } else if (item instanceof FetchItem.BodySection b) {
        SectionContent c = layout.section(b.section()).orElseThrow();
        byte[] octets = c.from(minutes);
        s.fetchContentHeader(new FetchAttribute.Content(FetchAttribute.ContentName.BODY, b.section(),
            OptionalLong.empty(), OptionalLong.of(octets.length)), false);
        for (int i = 0; i < octets.length; i += 100) {
          s.fetchContent(ByteBuffer.wrap(octets, i, Math.min(100, octets.length - i)));
        }
      }
    }
    s.fetchEnd();
  }

  static Section header() {
    return Section.HEADER;
  }
}
